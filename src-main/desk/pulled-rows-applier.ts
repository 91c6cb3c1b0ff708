import type BetterSqlite3 from 'better-sqlite3';
import type { RowChange } from '../../src-shared/protocol/sync-messages';
import { storedPrimaryKey } from '../../src-shared/schema/table-spec';
import { syncedTablesByName, type SyncedTable } from '../../src-shared/sync/synced-tables';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface TableStatements {
  readonly table: SyncedTable;
  readonly upsert: BetterSqlite3.Statement;
  readonly remove: BetterSqlite3.Statement;
}

/**
 * Writes pulled rows into the desk's tables with prepared statements (R4.5): an upsert per
 * row image, a delete per tombstone. The caller owns the transaction.
 */
export class PulledRowsApplier {
  private readonly statements = new Map<string, TableStatements>();

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
    } else {
      remove.run(table.keyColumns.map((c) => change.key[c] ?? null));
    }
  }

  /** Removes every row of a table (before a repair re-downloads it). */
  clear(tableName: string): void {
    const { table } = this.statementsFor(tableName);
    this.sqlite.prepare(`delete from ${quote(table.name)}`).run();
  }
}
