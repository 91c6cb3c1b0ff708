import { sql, type RawBuilder } from 'kysely';
import type { SyncRow } from '../../src-shared/protocol/sync-messages';
import { rowKey, type SyncedTable } from '../../src-shared/sync/synced-tables';
import type { Database } from '../../src-shared/schema/catalog';
import type { TenantTransaction } from '../db/tenant-transaction';
import { executeTogether } from '../db/pipelined-writes';
import { ServiceError } from '../support/service-error';

/**
 * Reads synced rows of one tenant as a desk receives them: synced columns only, so
 * server-only columns (credentials, Stripe ids) are never even selected (R4.6). Every query
 * names its tenant explicitly; row-level security repeats the check underneath (R7.1).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The rows of `table` a tenant may see. A table no rule covers is refused, never leaked. */
function tenantScope(table: SyncedTable, tenantId: string): RawBuilder<boolean> {
  if ('tenant_id' in table.spec.columns) return sql<boolean>`tenant_id = ${tenantId}`;
  if (table.name === 'tenants') return sql<boolean>`id = ${tenantId}`;
  if (table.name === 'users') {
    return sql<boolean>`exists (select 1 from tenant_members m
      where m.tenant_id = ${tenantId} and m.user_id = users.id)`;
  }
  throw new Error(`no tenant scope is defined for the global table ${table.name}`);
}

function keyType(table: SyncedTable, column: string): string {
  const kind = table.spec.columns[column]?.kind;
  return kind === 'id' ? 'uuid' : kind === 'integer' ? 'bigint' : 'text';
}

function selectList(table: SyncedTable) {
  return sql.join(table.columns.map((column) => sql.ref(column)));
}

function keyList(table: SyncedTable) {
  return sql.join(table.keyColumns.map((column) => sql.ref(column)));
}

/** Narrows a database row to wire values, refusing a type the protocol cannot carry. */
function toSyncRow(table: SyncedTable, row: Readonly<Record<string, unknown>>): SyncRow {
  const out: SyncRow = {};
  for (const column of table.columns) {
    const value = row[column] ?? null;
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
      throw new Error(`${table.name}.${column} came back as ${typeof value}, not a wire value`);
    }
    out[column] = value;
  }
  return out;
}

/**
 * Splits a wire row key back into its column values, checking each, so a malformed key is a
 * 400 rather than a database error.
 */
export function parseRowKey(table: SyncedTable, key: string): string[] {
  const parts = key.split('|');
  const wellFormed =
    parts.length === table.keyColumns.length &&
    table.keyColumns.every((column, i) => {
      const part = parts[i] ?? '';
      return keyType(table, column) === 'uuid' ? UUID.test(part) : part.length > 0;
    });
  if (!wellFormed) {
    throw new ServiceError(
      400,
      'invalid_query',
      `"${key}" is not a row key of ${table.name} (${table.keyColumns.join('|')}).`,
    );
  }
  return parts;
}

/** The current rows with the given wire keys; keys of rows gone or not visible are absent. */
export async function readRowsByKeys(
  db: TenantTransaction<Database>,
  tenantId: string,
  table: SyncedTable,
  keys: readonly string[],
): Promise<Map<string, SyncRow>> {
  if (keys.length === 0) return new Map();
  const result = await rowsByKeysQuery(tenantId, table, keys).execute(db);
  return rowsByKey(table, result.rows);
}

/**
 * The current rows of several tables with the given wire keys, read in one round trip on
 * Postgres (executeTogether): a pull page's rows span several tables, and reading them
 * table by table cost a round trip each (issue 21, B4). Tables without keys are left out.
 */
export async function readRowsOfTables(
  db: TenantTransaction<Database>,
  tenantId: string,
  keysByTable: ReadonlyMap<SyncedTable, readonly string[]>,
): Promise<Map<string, Map<string, SyncRow>>> {
  const tables = [...keysByTable].filter(([, keys]) => keys.length > 0);
  const answers = await executeTogether<Record<string, unknown>>(
    db,
    tables.map(([table, keys]) => rowsByKeysQuery(tenantId, table, keys).compile(db)),
  );
  const rowsByTable = new Map<string, Map<string, SyncRow>>();
  tables.forEach(([table], i) => {
    rowsByTable.set(table.name, rowsByKey(table, answers[i]?.rows ?? []));
  });
  return rowsByTable;
}

function rowsByKeysQuery(tenantId: string, table: SyncedTable, keys: readonly string[]) {
  const columns = table.keyColumns.map((column, i) => ({
    column,
    values: keys.map((key) => key.split('|')[i] ?? ''),
    type: sql.raw(`${keyType(table, column)}[]`),
  }));
  const [single] = columns;
  const match =
    columns.length === 1 && single
      ? sql`${sql.ref(single.column)} = any(${single.values}::${single.type})`
      : sql`(${keyList(table)}) in (select * from unnest(${sql.join(
          columns.map((c) => sql`${c.values}::${c.type}`),
        )}))`;
  return sql<Record<string, unknown>>`select ${selectList(table)}
    from ${sql.table(table.name)}
    where ${tenantScope(table, tenantId)} and ${match}`;
}

function rowsByKey(
  table: SyncedTable,
  raws: readonly Readonly<Record<string, unknown>>[],
): Map<string, SyncRow> {
  const rows = new Map<string, SyncRow>();
  for (const raw of raws) {
    const row = toSyncRow(table, raw);
    rows.set(rowKey(table, row), row);
  }
  return rows;
}

/** One keyset page of a table's rows in key order, after `afterKey` when given. */
export async function readRowsAfter(
  db: TenantTransaction<Database>,
  tenantId: string,
  table: SyncedTable,
  afterKey: readonly string[] | undefined,
  limit: number,
): Promise<SyncRow[]> {
  const after = afterKey
    ? sql`and (${keyList(table)}) > (${sql.join(
        table.keyColumns.map(
          (column, i) => sql`${afterKey[i] ?? ''}::${sql.raw(keyType(table, column))}`,
        ),
      )})`
    : sql``;
  const result = await sql<Record<string, unknown>>`select ${selectList(table)}
    from ${sql.table(table.name)}
    where ${tenantScope(table, tenantId)} ${after}
    order by ${keyList(table)}
    limit ${limit}`.execute(db);
  return result.rows.map((row) => toSyncRow(table, row));
}
