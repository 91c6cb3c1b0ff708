import type { PullResponse, RowChange, RowDigest } from '../../src-shared/protocol/sync-messages';
import { rowDigest } from '../../src-shared/sync/row-checksum';
import { syncedTablesByName, type SyncedTable } from '../../src-shared/sync/synced-tables';
import type { TenantDatabase } from '../db/tenant-database';
import { ServiceError, type ServiceLog } from '../support/service-error';
import { readLogPage } from './pull-log-page';
import type { AuthenticatedDevice } from './device-auth';
import { readRowsOfTables } from './row-reader';

export interface PullDeps {
  readonly tenants: TenantDatabase;
  readonly log: ServiceLog;
}

export interface PullQuery {
  readonly after: number;
  readonly limit: number;
  readonly table?: string | undefined;
  /** `digest`: the device's own latest writes come as digests (R4.8). */
  readonly ownRows?: 'digest' | undefined;
}

/**
 * Always sent in full, even to the desk that wrote them: applying an alias also removes the
 * desk's aliased copy (PulledRowsApplier), which a skipped row would not do.
 */
const ALWAYS_IN_FULL = new Set(['id_aliases']);

/**
 * One page of the tenant's change log after `after` (R4.2), each change carrying the row's
 * latest state or a tombstone, or (R4.8, when asked) a digest of a row the device wrote.
 * Everything is read in one snapshot, so the rows, the head position and the device's
 * lastAppliedSeq agree with each other (R4.4 relies on it).
 */
export async function readPullPage(
  deps: PullDeps,
  device: AuthenticatedDevice,
  query: PullQuery,
): Promise<PullResponse> {
  const { tenantId } = device;
  if (query.table !== undefined && !syncedTablesByName.has(query.table)) {
    throw new ServiceError(400, 'invalid_query', `table: "${query.table}" is not a synced table.`);
  }
  const onlyTable = query.table;
  return deps.tenants.inTenant(
    tenantId,
    async (trx, shared) => {
      const { head, lastAppliedSeq, entries } = await readLogPage(
        trx,
        device,
        query.after,
        query.limit,
        onlyTable,
      );
      if (query.after > head) {
        // A server restored from an older backup must not wedge desks silently (LESSONS.md).
        throw new ServiceError(
          409,
          'checkpoint_ahead',
          `The desk has pulled up to ${query.after} but the server's log ends at ${head}: the server was restored from an older backup. Re-sync this desk.`,
        );
      }
      const hasMore = entries.length > query.limit;
      const page = entries.slice(0, query.limit);

      const keysByTable = new Map<SyncedTable, string[]>();
      for (const entry of page) {
        const table = syncedTablesByName.get(entry.table_name);
        if (entry.deleted === 1 || !table) continue;
        const keys = keysByTable.get(table) ?? [];
        keys.push(entry.row_key);
        keysByTable.set(table, keys);
      }
      // Every table's rows in one round trip (issue 21: one per table made B4's pull slow).
      const rowsByTable = await readRowsOfTables(shared, tenantId, keysByTable);

      const changes: RowChange[] = [];
      const digests: RowDigest[] = [];
      const digestOwn = query.ownRows === 'digest';
      for (const entry of page) {
        const table = syncedTablesByName.get(entry.table_name);
        if (!table) {
          deps.log.warn(
            { table: entry.table_name },
            'change log names a table that no longer syncs',
          );
          continue;
        }
        const row = rowsByTable.get(entry.table_name)?.get(entry.row_key);
        if (
          row &&
          digestOwn &&
          entry.origin_device_id === device.deviceId &&
          !ALWAYS_IN_FULL.has(table.name)
        ) {
          // The desk's own push wrote it last: the desk most likely holds it already. The
          // server's run may still differ from the desk's (another desk drew on the same
          // balance first), so the digest is of the server's row, and the desk fetches the
          // row where its copy's digest differs.
          digests.push({ table: table.name, key: entry.row_key, digest: rowDigest(table, row) });
        } else if (row) {
          changes.push({ op: 'upsert', table: table.name, row });
        } else {
          // Deleted, or no longer visible to this tenant (a user whose member row went away).
          const parts = entry.row_key.split('|');
          const key = Object.fromEntries(
            table.keyColumns.map((column, i) => [column, parts[i] ?? null]),
          );
          changes.push({ op: 'delete', table: table.name, key });
        }
      }
      const last = page.at(-1);
      return {
        changes,
        ...(digestOwn ? { digests } : {}),
        // Without more pages the desk may jump to the head: every change up to it is here.
        position: hasMore && last ? last.position : head,
        headPosition: head,
        hasMore,
        lastAppliedSeq,
      };
    },
    // Read only: its COMMIT is sent without waiting for the answer (pipelined-writes.ts).
    { isolation: 'repeatable read', readOnly: true },
  );
}
