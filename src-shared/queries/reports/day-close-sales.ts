import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import { amount, type ReportRange } from './report-range';

/**
 * The sales of a range: orders completed in it. The rule for which day a sale belongs to is
 * its `completed_at` read in the studio's zone; the (tenant_id, completed_at, …) report
 * index holds every column the day close sums, so a long range is read from it alone.
 */
function ordersInRange(db: Kysely<Database>, tenantId: string, range: ReportRange) {
  let query = db
    .selectFrom('pos_orders as o')
    .where('o.tenant_id', '=', tenantId)
    .where('o.completed_at', '>=', range.startsAt)
    .where('o.completed_at', '<', range.endsAt);
  if (range.locationId !== null) query = query.where('o.location_id', '=', range.locationId);
  return query;
}

/** Payments that never moved money (a declined card, a card refund held back) are left out. */
const MONEY_MOVED = ['succeeded', 'pending', 'refunded'] as const;

export interface SalesTotals {
  readonly orderCount: number;
  readonly subtotal: number;
  readonly discounts: number;
  readonly couponOrderCount: number;
  readonly couponDiscounts: number;
  readonly tax: number;
  readonly total: number;
}

/** Orders and their totals under one key: a desk, a staff member or a location. */
export interface SalesUnder {
  readonly key: string | null;
  readonly orderCount: number;
  readonly total: number;
}

export interface SalesBreakdown {
  readonly totals: SalesTotals;
  readonly byDesk: readonly SalesUnder[];
  readonly byStaff: readonly SalesUnder[];
  readonly byLocation: readonly SalesUnder[];
}

function addUnder(
  into: Map<string | null, SalesUnder>,
  key: string | null,
  orders: number,
  total: number,
) {
  const before = into.get(key);
  into.set(key, {
    key,
    orderCount: (before?.orderCount ?? 0) + orders,
    total: (before?.total ?? 0) + total,
  });
}

/**
 * The range's sales in one pass over its orders: grouped by desk, staff member and location
 * together (a few hundred groups however many orders), then summed here by each of the
 * three and in all.
 */
export async function salesBreakdown(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
): Promise<SalesBreakdown> {
  const rows = await ordersInRange(db, tenantId, range)
    .select((eb) => [
      'o.device_id',
      'o.staff_id',
      'o.location_id',
      eb.fn.countAll().as('orders'),
      eb.fn.sum('o.subtotal_amount').as('subtotal'),
      eb.fn.sum('o.discount_amount').as('discounts'),
      eb.fn.count('o.coupon_id').as('couponOrders'),
      eb.fn
        .sum(
          eb
            .case()
            .when('o.coupon_id', 'is not', null)
            .then(eb.ref('o.discount_amount'))
            .else(0)
            .end(),
        )
        .as('couponDiscounts'),
      eb.fn.sum('o.tax_amount').as('tax'),
      eb.fn.sum('o.total_amount').as('total'),
    ])
    .groupBy(['o.device_id', 'o.staff_id', 'o.location_id'])
    .execute();
  const totals = {
    orderCount: 0,
    subtotal: 0,
    discounts: 0,
    couponOrderCount: 0,
    couponDiscounts: 0,
    tax: 0,
    total: 0,
  };
  const byDesk = new Map<string | null, SalesUnder>();
  const byStaff = new Map<string | null, SalesUnder>();
  const byLocation = new Map<string | null, SalesUnder>();
  for (const row of rows) {
    const orders = amount(row.orders);
    const total = amount(row.total);
    totals.orderCount += orders;
    totals.subtotal += amount(row.subtotal);
    totals.discounts += amount(row.discounts);
    totals.couponOrderCount += amount(row.couponOrders);
    totals.couponDiscounts += amount(row.couponDiscounts);
    totals.tax += amount(row.tax);
    totals.total += total;
    addUnder(byDesk, row.device_id, orders, total);
    addUnder(byStaff, row.staff_id, orders, total);
    addUnder(byLocation, row.location_id, orders, total);
  }
  return {
    totals,
    byDesk: [...byDesk.values()],
    byStaff: [...byStaff.values()],
    byLocation: [...byLocation.values()],
  };
}

/**
 * Money taken by each tender on the range's sales (their positive payments). Every sale is
 * written whole in one mutation, its payments with it (created_at = the order's
 * completed_at), so the payments dated in the range are the range's sales' payments, read
 * from the payments' report index alone. With a location chosen, each is checked against
 * its order's location.
 */
export async function takenByTender(db: Kysely<Database>, tenantId: string, range: ReportRange) {
  let query = db
    .selectFrom('payments as p')
    .where('p.tenant_id', '=', tenantId)
    .where('p.created_at', '>=', range.startsAt)
    .where('p.created_at', '<', range.endsAt)
    .where('p.amount', '>', 0)
    .where('p.status', 'in', MONEY_MOVED);
  if (range.locationId !== null) {
    const locationId = range.locationId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('pos_orders as o')
          .select('o.id')
          .whereRef('o.tenant_id', '=', 'p.tenant_id')
          .whereRef('o.id', '=', 'p.order_id')
          .where('o.location_id', '=', locationId),
      ),
    );
  }
  const rows = await query
    .select((eb) => ['p.method', eb.fn.sum('p.amount').as('taken'), eb.fn.countAll().as('count')])
    .groupBy('p.method')
    .execute();
  return rows.map((r) => ({ method: r.method, taken: amount(r.taken), count: amount(r.count) }));
}

/**
 * Sold lines by kind, and products by their tax category (retail, services, or none set):
 * quantity and line totals (after discount, with tax) as sold, refunds aside.
 */
export async function salesByCategory(db: Kysely<Database>, tenantId: string, range: ReportRange) {
  // The range's orders drive the join (a cross join is SQLite's way to say so), each
  // finding its lines in the lines' report index; lines are summed by product before the
  // few products are looked up, not once per line.
  const byProduct = ordersInRange(db, tenantId, range)
    .crossJoin('pos_order_items as i')
    .whereRef('i.tenant_id', '=', 'o.tenant_id')
    .whereRef('i.order_id', '=', 'o.id')
    .select((eb) => [
      'i.kind',
      'i.product_id',
      eb.fn.sum('i.quantity').as('quantity'),
      eb.fn.sum('i.discount_amount').as('discounts'),
      eb.fn.sum('i.tax_amount').as('tax'),
      eb.fn.sum('i.line_total').as('total'),
    ])
    .groupBy(['i.kind', 'i.product_id'])
    .as('g');
  const rows = await db
    .selectFrom(byProduct)
    .leftJoin('products as pr', (j) =>
      j.on('pr.tenant_id', '=', tenantId).onRef('pr.id', '=', 'g.product_id'),
    )
    .select((eb) => [
      'g.kind',
      'pr.tax_category',
      eb.fn.sum('g.quantity').as('quantity'),
      eb.fn.sum('g.discounts').as('discounts'),
      eb.fn.sum('g.tax').as('tax'),
      eb.fn.sum('g.total').as('total'),
    ])
    .groupBy(['g.kind', 'pr.tax_category'])
    .execute();
  return rows
    .map((r) => ({
      kind: r.kind,
      productCategory: r.kind === 'product' ? (r.tax_category ?? 'uncategorised') : null,
      quantity: amount(r.quantity),
      discounts: amount(r.discounts),
      tax: amount(r.tax),
      total: amount(r.total),
    }))
    .sort(
      (a, b) =>
        a.kind.localeCompare(b.kind) ||
        (a.productCategory ?? '').localeCompare(b.productCategory ?? ''),
    );
}
