import { sql } from 'kysely';
import type { TenantTransaction } from '../db/tenant-transaction';
import { headPosition } from './change-log';

/**
 * The head position a poke may name for what this transaction wrote (R4.1, R5.1). Positions
 * are taken at commit by the deferred trigger `sync_assign_positions`, so read plainly
 * before the commit the head still stands before this transaction's rows: a desk poked
 * with it pulls up to there and misses them (or is not poked at all, the hub passing on
 * only higher positions). Making the trigger immediate takes the positions now, in capture
 * order, and the head then covers them. Call it after the transaction's last write; a
 * transaction that wrote nothing gets the head as it was.
 */
export async function headAfterWrites(trx: TenantTransaction, tenantId: string): Promise<number> {
  await sql`set constraints sync_assign_positions immediate`.execute(trx);
  return headPosition(trx, tenantId);
}
