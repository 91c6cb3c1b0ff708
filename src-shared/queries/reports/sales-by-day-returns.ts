import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import { amount, type ReportRange } from './report-range';
import { studioBuckets } from './studio-day-buckets';

/** Many returns in one range are read in slices, so no statement has too many parameters. */
const SLICE = 500;

/**
 * Money given back by refunds and by voids, by the studio day it went back, as positive
 * numbers. As in the day close: the range's `pos.refund` and `pos.void` audit entries (found
 * by the audit log's (tenant_id, created_at) index; payments have no index by time) name
 * the orders, and their negative payments dated in the range are the money given back.
 */
export async function returnsByDay(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
): Promise<Map<string, { refunds: number; voids: number }>> {
  const entries = await db
    .selectFrom('audit_logs')
    .select('target_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('created_at', '>=', range.startsAt)
    .where('created_at', '<', range.endsAt)
    .where('action', 'in', ['pos.refund', 'pos.void'])
    .where('target_id', 'is not', null)
    .execute();
  const orderIds = entries.map((e) => e.target_id).filter((id): id is string => id !== null);
  const buckets = studioBuckets(range);
  const hour = buckets.hourOf('p.created_at');
  const part = buckets.partOf('p.created_at');
  const byDay = new Map<string, { refunds: number; voids: number }>();
  for (let start = 0; start < orderIds.length; start += SLICE) {
    let query = db
      .selectFrom('payments as p')
      .innerJoin('pos_orders as o', (j) =>
        j.onRef('o.tenant_id', '=', 'p.tenant_id').onRef('o.id', '=', 'p.order_id'),
      )
      .where('p.tenant_id', '=', tenantId)
      .where('p.order_id', 'in', orderIds.slice(start, start + SLICE))
      .where('p.amount', '<', 0)
      .where('p.status', 'in', ['succeeded', 'pending', 'refunded'])
      .where('p.created_at', '>=', range.startsAt)
      .where('p.created_at', '<', range.endsAt);
    if (range.locationId !== null) query = query.where('o.location_id', '=', range.locationId);
    const rows = await query
      .select((eb) => [
        hour.as('hour'),
        part.as('part'),
        'o.status',
        eb.fn.sum('p.amount').as('amount'),
      ])
      .groupBy([hour, part, 'o.status'])
      .execute();
    for (const row of rows) {
      const { date } = buckets.name(row.hour, row.part);
      const day = byDay.get(date) ?? { refunds: 0, voids: 0 };
      if (row.status === 'voided') day.voids -= amount(row.amount);
      else day.refunds -= amount(row.amount);
      byDay.set(date, day);
    }
  }
  return byDay;
}
