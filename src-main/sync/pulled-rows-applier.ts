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
