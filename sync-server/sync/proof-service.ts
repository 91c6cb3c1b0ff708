import type { ChecksumsResponse, SnapshotResponse } from '../../src-shared/protocol/sync-messages';
import { TableChecksumBuilder } from '../../src-shared/sync/row-checksum';
import {
  rowKey,
  syncedTables,
  syncedTablesByName,
  type SyncedTable,
} from '../../src-shared/sync/synced-tables';
import type { TenantDatabase } from '../db/tenant-database';
import { ServiceError } from '../support/service-error';
import { headPosition } from './change-log';
import type { AuthenticatedDevice } from './device-auth';
import { parseRowKey, readRowsAfter } from './row-reader';

/** Rows per keyset page when the server streams a whole table. */
const CHECKSUM_PAGE_ROWS = 5000;

/**
 * The tables a checksum request names (`a,b`, R6.4), in the order desks hold them; every
 * synced table when it names none. An unknown or repeated name is refused, not skipped: a
 * desk that asked for a table must get its checksum or an error.
 */
export function checksumTables(list: string | undefined): readonly SyncedTable[] {
  if (list === undefined) return syncedTables;
  const names = list.split(',');
  for (const [index, name] of names.entries()) {
    if (!syncedTablesByName.has(name)) {
      throw new ServiceError(400, 'unknown_table', `"${name}" is not a table desks hold.`);
    }
    if (names.indexOf(name) !== index) {
      throw new ServiceError(400, 'invalid_query', `tables: "${name}" is named twice.`);
    }
  }
  return syncedTables.filter((table) => names.includes(table.name));
}

/**
 * The tenant's checksums of the given synced tables (all by default) at one position (R6.1,
 * R6.2): one snapshot, tables read in keyset pages so a large tenant never sits in memory.
 */
export async function computeChecksums(
  tenants: TenantDatabase,
  device: AuthenticatedDevice,
  among: readonly SyncedTable[] = syncedTables,
): Promise<ChecksumsResponse> {
  const { tenantId } = device;
  return tenants.inTenant(
    tenantId,
    async (trx, shared) => {
      const position = await headPosition(trx, tenantId);
      const tables: ChecksumsResponse['tables'] = [];
      for (const table of among) {
        const builder = new TableChecksumBuilder(table);
        let after: string[] | undefined;
        for (;;) {
          const rows = await readRowsAfter(shared, tenantId, table, after, CHECKSUM_PAGE_ROWS);
          for (const row of rows) builder.add(row);
          const last = rows.at(-1);
          if (rows.length < CHECKSUM_PAGE_ROWS || !last) break;
          after = table.keyColumns.map((column) => String(last[column]));
        }
        tables.push({ table: table.name, rows: builder.rows, checksum: builder.digest() });
      }
      return { position, tables };
    },
    { isolation: 'repeatable read' },
  );
}

export interface SnapshotQuery {
  readonly table: string;
  readonly after?: string | undefined;
  readonly limit: number;
}

/** One keyset page of a table's rows, for a desk repairing that table (R6.3). */
export async function readSnapshotPage(
  tenants: TenantDatabase,
  device: AuthenticatedDevice,
  query: SnapshotQuery,
): Promise<SnapshotResponse> {
  const table = syncedTablesByName.get(query.table);
  if (!table) {
    throw new ServiceError(400, 'unknown_table', `"${query.table}" is not a table desks hold.`);
  }
  const after = query.after === undefined ? undefined : parseRowKey(table, query.after);
  const { tenantId } = device;
  return tenants.inTenant(
    tenantId,
    async (_trx, shared) => {
      const rows = await readRowsAfter(shared, tenantId, table, after, query.limit + 1);
      const hasMore = rows.length > query.limit;
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return { rows: page, nextAfter: hasMore && last ? rowKey(table, last) : null };
    },
    { isolation: 'repeatable read' },
  );
}
