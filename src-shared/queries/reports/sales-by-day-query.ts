import type { Kysely } from 'kysely';
import { MANAGER_ROLES } from '../../mutations/front-desk/front-desk-roles';
import type { Database } from '../../schema/catalog';
import { defineQuery } from '../query-definition';
import {
  amount,
  rangeInZone,
  reportRangeSchema,
  reportZone,
  type ReportRange,
} from './report-range';
import { returnsByDay } from './sales-by-day-returns';
import { checkLocation, daysOf, studioBuckets } from './studio-day-buckets';

export interface SalesDay {
  readonly date: string;
  readonly orderCount: number;
  readonly sales: number;
  readonly refunds: number;
  readonly voids: number;
  readonly net: number;
}

/**
 * Sales by studio day (issue 19, the 90-day sales report): each day of the range, with the
 * day close's rules, so a day here equals that day's close: a sale counts on the studio day
 * of its `completed_at`; refunds and voids on the day the money went back. Amounts in minor
 * units; net = sales − refunds − voids.
 */
export const reportSalesByDay = defineQuery({
  name: 'report.salesByDay',
  description:
    'Owner and manager sales by studio day over a range (inclusive, studio zone, at most 366 days): orders, sales, refunds, voids and net per day.',
  args: reportRangeSchema,
  // The studio's takings are for its owner and managers.
  roles: MANAGER_ROLES,
  async run({ db, tenantId }, args) {
    const range = rangeInZone(await reportZone(db, tenantId), args, Date.now());
    await checkLocation(db, tenantId, range, 'report.salesByDay');
    const [sold, returned] = await Promise.all([
      salesByStudioDay(db, tenantId, range),
      returnsByDay(db, tenantId, range),
    ]);
    const days = daysOf(range).map((date): SalesDay => {
      const s = sold.get(date) ?? { orderCount: 0, sales: 0 };
      const r = returned.get(date) ?? { refunds: 0, voids: 0 };
      return { date, ...s, ...r, net: s.sales - r.refunds - r.voids };
    });
    const sum = (pick: (day: SalesDay) => number) => days.reduce((t, d) => t + pick(d), 0);
    return {
      timeZone: range.timeZone,
      from: range.from,
      to: range.to,
      locationId: range.locationId,
      days,
      totals: {
        orderCount: sum((d) => d.orderCount),
        sales: sum((d) => d.sales),
        refunds: sum((d) => d.refunds),
        voids: sum((d) => d.voids),
        net: sum((d) => d.net),
      },
    };
  },
});

/**
 * Orders and their totals by studio day, read from the (tenant_id, completed_at, …) report
 * index alone at a studio of a million orders.
 */
async function salesByStudioDay(db: Kysely<Database>, tenantId: string, range: ReportRange) {
  const buckets = studioBuckets(range);
  const hour = buckets.hourOf('o.completed_at');
  const part = buckets.partOf('o.completed_at');
  let query = db
    .selectFrom('pos_orders as o')
    .where('o.tenant_id', '=', tenantId)
    .where('o.completed_at', '>=', range.startsAt)
    .where('o.completed_at', '<', range.endsAt);
  if (range.locationId !== null) query = query.where('o.location_id', '=', range.locationId);
  const rows = await query
    .select((eb) => [
      hour.as('hour'),
      part.as('part'),
      eb.fn.countAll().as('orders'),
      eb.fn.sum('o.total_amount').as('total'),
    ])
    .groupBy([hour, part])
    .execute();
  const byDay = new Map<string, { orderCount: number; sales: number }>();
  for (const row of rows) {
    const { date } = buckets.name(row.hour, row.part);
    const day = byDay.get(date) ?? { orderCount: 0, sales: 0 };
    day.orderCount += amount(row.orders);
    day.sales += amount(row.total);
    byDay.set(date, day);
  }
  return byDay;
}
