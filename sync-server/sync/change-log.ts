import type { TenantTransaction } from '../db/tenant-transaction';

/** The tenant's latest change-log position (R4.1); 0 before its first change. */
export async function headPosition(db: TenantTransaction, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('sync_positions')
    .select('position')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.position ?? 0;
}

/** The highest seq of a device the server has applied or refused (R3.2). */
export async function lastAppliedSeq(
  db: TenantTransaction,
  device: { readonly tenantId: string; readonly deviceId: string },
): Promise<number> {
  const row = await db
    .selectFrom('devices')
    .select('last_applied_seq')
    .where('tenant_id', '=', device.tenantId)
    .where('id', '=', device.deviceId)
    .executeTakeFirst();
  return row?.last_applied_seq ?? 0;
}
