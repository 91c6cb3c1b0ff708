import { sql } from 'kysely';
import type { TenantTransaction } from '../db/tenant-transaction';

/** One change-log entry of a pull page (R4.1). */
export interface LogEntry {
  readonly table_name: string;
  readonly row_key: string;
  readonly position: number;
  readonly deleted: number;
  /** The device whose push wrote the row last (R4.8); null for every other writer. */
  readonly origin_device_id: string | null;
}

export interface LogPage {
  /** The tenant's latest position; 0 before its first change. */
  readonly head: number;
  /** The highest seq of the device the server has applied or refused (R3.2). */
  readonly lastAppliedSeq: number;
  /** Up to `limit + 1` entries after `after`, in position order (one more says hasMore). */
  readonly entries: readonly LogEntry[];
}

interface LogPageRow {
  readonly head: number;
  readonly seq: number;
  readonly table_name: string | null;
  readonly row_key: string | null;
  readonly position: number | null;
  readonly deleted: number | null;
  readonly origin_device_id: string | null;
}

/**
 * The head, the device's lastAppliedSeq and the page's log entries in one statement (issue
 * 21: they were three round trips of every pull, and B4's pull is mostly round trips). The
 * left join keeps one row when the page is empty, which still carries the head and the seq.
 */
export async function readLogPage(
  trx: TenantTransaction,
  device: { readonly tenantId: string; readonly deviceId: string },
  after: number,
  limit: number,
  onlyTable: string | undefined,
): Promise<LogPage> {
  const { tenantId, deviceId } = device;
  const tableFilter = onlyTable === undefined ? sql`` : sql`and c.table_name = ${onlyTable}`;
  const result = await sql<LogPageRow>`select h.head, h.seq,
      e.table_name, e.row_key, e.position, e.deleted, e.origin_device_id::text as origin_device_id
    from (select
        coalesce((select p.position from sync_positions p where p.tenant_id = ${tenantId}), 0)::bigint
          as head,
        coalesce((select d.last_applied_seq from devices d
          where d.tenant_id = ${tenantId} and d.id = ${deviceId}), 0)::bigint as seq) h
    left join lateral (
      -- Rows still waiting for their position are another transaction's, never visible.
      select c.table_name, c.row_key, c.position, c.deleted, c.origin_device_id
        from sync_changes c
       where c.tenant_id = ${tenantId} and c.position > ${after} ${tableFilter}
       order by c.position
       limit ${limit + 1}
    ) e on true
    order by e.position`.execute(trx);
  const first = result.rows[0];
  const entries: LogEntry[] = [];
  for (const row of result.rows) {
    if (row.table_name === null || row.row_key === null || row.position === null) continue;
    entries.push({
      table_name: row.table_name,
      row_key: row.row_key,
      position: row.position,
      deleted: row.deleted ?? 0,
      origin_device_id: row.origin_device_id,
    });
  }
  return { head: first?.head ?? 0, lastAppliedSeq: first?.seq ?? 0, entries };
}
