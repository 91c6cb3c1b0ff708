import { catalog } from '../schema/catalog';
import { storedPrimaryKey, type TableSpec } from '../schema/table-spec';

/**
 * The tables a desk holds a copy of, and how their rows are keyed on the wire. Platform
 * configuration stays on the server; every other table syncs, minus its server-only columns.
 */
export interface SyncedTable {
  readonly spec: TableSpec;
  readonly name: string;
  /** Primary key without tenant_id: a desk only ever holds one tenant. */
  readonly keyColumns: readonly string[];
  /** Columns a desk receives: server-only ones (credentials) never leave the server. */
  readonly columns: readonly string[];
  /** JSON columns, compared by value because jsonb re-formats text. */
  readonly jsonColumns: ReadonlySet<string>;
}

const NOT_SYNCED = new Set(['platform_config']);

function describe(spec: TableSpec): SyncedTable {
  const entries = Object.entries(spec.columns);
  return {
    spec,
    name: spec.name,
    keyColumns: storedPrimaryKey(spec).filter((c) => c !== 'tenant_id'),
    columns: entries.filter(([, c]) => !c.isServerOnly).map(([name]) => name),
    jsonColumns: new Set(entries.filter(([, c]) => c.kind === 'json').map(([name]) => name)),
  };
}

export const syncedTables: readonly SyncedTable[] = (Object.values(catalog) as TableSpec[])
  .filter((spec) => !NOT_SYNCED.has(spec.name))
  .map(describe);

export const syncedTablesByName: ReadonlyMap<string, SyncedTable> = new Map(
  syncedTables.map((t) => [t.name, t]),
);

/** The key of a row as one string: key column values joined by '|' (ids contain none). */
export function rowKey(table: SyncedTable, row: Readonly<Record<string, unknown>>): string {
  return table.keyColumns.map((c) => String(row[c])).join('|');
}
