import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import { amount, type ReportRange } from './report-range';

export interface DrawerClose {
  readonly sessionId: string;
  readonly deviceId: string;
  readonly locationId: string | null;
  readonly openedAt: string;
  readonly closedAt: string;
  readonly openingFloat: number;
  /** Float plus every cash movement of the session: the drawer's ledger, as X/Z reports read it. */
  readonly expected: number;
  readonly counted: number;
  /** counted − expected: negative when cash is missing. */
  readonly variance: number;
}

/**
 * Drawer sessions closed in the range (by `closed_at` in the studio's zone), each with the
 * cash it should have held against what was counted. A studio closes a few drawers a day,
 * so reading its closed sessions through the (tenant_id, device_id, status) index is small.
 */
export async function drawersClosedInRange(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
): Promise<DrawerClose[]> {
  let query = db
    .selectFrom('cash_drawer_sessions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'closed')
    .where('closed_at', '>=', range.startsAt)
    .where('closed_at', '<', range.endsAt);
  if (range.locationId !== null) query = query.where('location_id', '=', range.locationId);
  const sessions = await query.orderBy('closed_at').orderBy('id').execute();
  if (sessions.length === 0) return [];
  const moved = await db
    .selectFrom('cash_movements')
    .select((eb) => ['session_id', eb.fn.sum('amount').as('moved')])
    .where('tenant_id', '=', tenantId)
    .where(
      'session_id',
      'in',
      sessions.map((s) => s.id),
    )
    .groupBy('session_id')
    .execute();
  const movedBy = new Map(moved.map((m) => [m.session_id, amount(m.moved)]));
  return sessions.map((s) => {
    const expected = s.opening_float + (movedBy.get(s.id) ?? 0);
    const counted = s.counted_amount ?? 0;
    return {
      sessionId: s.id,
      deviceId: s.device_id,
      locationId: s.location_id,
      openedAt: s.opened_at,
      closedAt: s.closed_at ?? '',
      openingFloat: s.opening_float,
      expected,
      counted,
      variance: counted - expected,
    };
  });
}
