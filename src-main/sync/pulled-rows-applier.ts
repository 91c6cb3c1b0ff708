import type BetterSqlite3 from 'better-sqlite3';
import type { RowChange, SyncRow } from '../../src-shared/protocol/sync-messages';
import { storedPrimaryKey } from '../../src-shared/schema/table-spec';
import { syncedTablesByName, type SyncedTable } from '../../src-shared/sync/synced-tables';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface TableStatements {
  readonly table: SyncedTable;
  readonly upsert: BetterSqlite3.Statement;
  readonly remove: BetterSqlite3.Statement;
}

/** The table whose rows say that a desk's id now names another record (R9). */
const ID_ALIASES = 'id_aliases';

/**
 * Writes pulled rows into the desk's tables with prepared statements (R4.5): an upsert per
 * row image, a delete per tombstone. The caller owns the transaction.
 */
export class PulledRowsApplier {
  private readonly statements = new Map<string, TableStatements>();
  private readonly aliasRemovals = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  private statementsFor(tableName: string): TableStatements {
    const cached = this.statements.get(tableName);
    if (cached) return cached;
    const table = syncedTablesByName.get(tableName);
    if (!table) throw new Error(`the server sent rows of an unknown table "${tableName}"`);
    const columns = table.columns.map(quote);
    const conflict = storedPrimaryKey(table.spec).map(quote);
    const updates = table.columns
      .filter((c) => !conflict.includes(quote(c)))
      .map((c) => `${quote(c)} = excluded.${quote(c)}`);
    const upsertSql =
      `insert into ${quote(table.name)} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}) ` +
      `on conflict (${conflict.join(', ')}) ` +
      (updates.length ? `do update set ${updates.join(', ')}` : 'do nothing');
    const removeSql = `delete from ${quote(table.name)} where ${table.keyColumns.map((c) => `${quote(c)} = ?`).join(' and ')}`;
    const prepared = {
      table,
      upsert: this.sqlite.prepare(upsertSql),
      remove: this.sqlite.prepare(removeSql),
    };
    this.statements.set(tableName, prepared);
    return prepared;
  }

  apply(change: RowChange): void {
    const { table, upsert, remove } = this.statementsFor(change.table);
    if (change.op === 'upsert') {
      upsert.run(table.columns.map((c) => change.row[c] ?? null));
      if (table.name === ID_ALIASES) this.removeAliasedCopy(change.row);
    } else {
      remove.run(table.keyColumns.map((c) => change.key[c] ?? null));
    }
  }

  /**
   * R9.3: the server folded one of this desk's records into a record it already held, and
   * never created this desk's copy. The copy goes, so the desk's tables equal the server's;
   * the surviving record arrives as a row of its own. Safe because pulled rows are applied
   * only once every local mutation is acknowledged (R4.4): nothing pending still needs it.
   */
  private removeAliasedCopy(row: SyncRow): void {
    const tableName = String(row['table_name']);
    const aliasId = row['alias_id'];
    if (aliasId === row['surviving_id']) return; // never delete the survivor itself
    let remove = this.aliasRemovals.get(tableName);
    if (!remove) {
      const table = syncedTablesByName.get(tableName);
      if (table?.keyColumns.join('|') !== 'id') {
        throw new Error(`the server sent an alias into "${tableName}", which has no id key`);
      }
      remove = this.sqlite.prepare(`delete from ${quote(table.name)} where "id" = ?`);
      this.aliasRemovals.set(tableName, remove);
    }
    remove.run(aliasId);
  }

  /** Removes every row of a table (before a repair re-downloads it). */
  clear(tableName: string): void {
    const { table } = this.statementsFor(tableName);
    this.sqlite.prepare(`delete from ${quote(table.name)}`).run();
  }
}

/**
 * Rows bound per INSERT statement. Fewer statement runs (each a call across into SQLite
 * that resets and binds) is what makes a bulk load cheaper; beyond some dozens of rows a
 * longer VALUES list gains nothing measurable (bench/initial-sync-write-ab.ts).
 */
export const ROWS_PER_STATEMENT = 64;

/** SQLite's own bound on the parameters of one statement (SQLITE_MAX_VARIABLE_NUMBER). */
const MAX_PARAMETERS = 32766;

interface TableInsert {
  readonly columns: readonly string[];
  readonly rowsPerRun: number;
  /** Inserts `rowsPerRun` rows at once. */
  readonly many: BetterSqlite3.Statement;
  /** Inserts one row: the page's tail shorter than `rowsPerRun`. */
  readonly one: BetterSqlite3.Statement;
}

/**
 * Writes a snapshot page's rows as plain inserts, several rows per statement and bound by
 * position (issue 21, B1). Only for the initial snapshot copy (R4.7), which alone holds
 * what makes a plain insert safe: every synced table was empty when the copy began, and
 * the copy's cursor is committed with each page, so a resumed copy asks for the rows after
 * the last row it holds. The server's keyset pages (`where key > after order by key`) never
 * send a key twice, so no row the writer inserts is there already. Were one there (a server
 * bug), the insert fails on the primary key and the page rolls back: the copy stops loudly
 * rather than overwrite a row. Pulled change-log pages still go through PulledRowsApplier.
 * An id_aliases row needs no removal of an aliased copy here (R9.3): that copy is a desk's
 * own record the server never created, and an empty desk holds none.
 */
export class SnapshotRowsWriter {
  private readonly inserts = new Map<string, TableInsert>();

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly rowsPerStatement = ROWS_PER_STATEMENT,
  ) {}

  private insertFor(tableName: string): TableInsert {
    const cached = this.inserts.get(tableName);
    if (cached) return cached;
    const table = syncedTablesByName.get(tableName);
    if (!table) throw new Error(`the server sent rows of an unknown table "${tableName}"`);
    const rowsPerRun = Math.max(
      1,
      Math.min(this.rowsPerStatement, Math.floor(MAX_PARAMETERS / table.columns.length)),
    );
    const prepared = {
      columns: table.columns,
      rowsPerRun,
      many: this.sqlite.prepare(insertSql(table, rowsPerRun)),
      one: this.sqlite.prepare(insertSql(table, 1)),
    };
    this.inserts.set(tableName, prepared);
    return prepared;
  }

  /** Inserts `rows` into `tableName`, which holds none of their keys. The caller owns the transaction. */
  write(tableName: string, rows: readonly SyncRow[]): void {
    const { columns, rowsPerRun, many, one } = this.insertFor(tableName);
    const values: (string | number | null)[] = new Array<string | number | null>(
      columns.length * rowsPerRun,
    );
    let at = 0;
    for (; at + rowsPerRun <= rows.length; at += rowsPerRun) {
      let v = 0;
      for (let r = at; r < at + rowsPerRun; r++) {
        const row = rows[r] as SyncRow;
        for (const column of columns) values[v++] = row[column] ?? null;
      }
      many.run(values);
    }
    for (; at < rows.length; at++) {
      const row = rows[at] as SyncRow;
      one.run(columns.map((column) => row[column] ?? null));
    }
  }
}

function insertSql(table: SyncedTable, rows: number): string {
  const row = `(${table.columns.map(() => '?').join(', ')})`;
  return (
    `insert into ${quote(table.name)} (${table.columns.map(quote).join(', ')}) values ` +
    Array.from({ length: rows }, () => row).join(', ')
  );
}
