import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import { amount, type ReportRange } from './report-range';

/**
 * The sales of a range: orders completed in it. The rule for which day a sale belongs to is
 * its `completed_at` read in the studio's zone. A sale is written completed in one mutation
 * (created_at = completed_at), so the range also bounds `created_at`, which lets the
 * (tenant_id, created_at) index of pos_orders find the range instead of scanning the studio.
 */
function ordersInRange(db: Kysely<Database>, tenantId: string, range: ReportRange) {
  let query = db
    .selectFrom('pos_orders as o')
    .where('o.tenant_id', '=', tenantId)
    .where('o.created_at', '>=', range.startsAt)
    .where('o.created_at', '<', range.endsAt)
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

export async function salesTotals(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
): Promise<SalesTotals> {
  const row = await ordersInRange(db, tenantId, range)
    .select((eb) => [
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
    .executeTakeFirstOrThrow();
  return {
    orderCount: amount(row.orders),
    subtotal: amount(row.subtotal),
    discounts: amount(row.discounts),
    couponOrderCount: amount(row.couponOrders),
    couponDiscounts: amount(row.couponDiscounts),
    tax: amount(row.tax),
    total: amount(row.total),
  };
}

/** Money taken by each tender on the range's sales (positive payments of its orders). */
export async function takenByTender(db: Kysely<Database>, tenantId: string, range: ReportRange) {
  const rows = await ordersInRange(db, tenantId, range)
    .innerJoin('payments as p', (j) =>
      j.onRef('p.tenant_id', '=', 'o.tenant_id').onRef('p.order_id', '=', 'o.id'),
    )
    .where('p.amount', '>', 0)
    .where('p.status', 'in', MONEY_MOVED)
    .select((eb) => ['p.method', eb.fn.sum('p.amount').as('taken'), eb.fn.countAll().as('count')])
    .groupBy('p.method')
    .execute();
  return rows.map((r) => ({ method: r.method, taken: amount(r.taken), count: amount(r.count) }));
}

/** Orders and their totals by a column of the order: desk, staff member or location. */
export async function salesBy(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
  column: 'o.device_id' | 'o.staff_id' | 'o.location_id',
) {
  const rows = await ordersInRange(db, tenantId, range)
    .select((eb) => [
      eb.ref(column).as('key'),
      eb.fn.countAll().as('orders'),
      eb.fn.sum('o.total_amount').as('total'),
    ])
    .groupBy(column)
    .execute();
  return rows.map((r) => ({
    key: r.key,
    orderCount: amount(r.orders),
    total: amount(r.total),
  }));
}

/**
 * Sold lines by kind, and products by their tax category (retail, services, or none set):
 * quantity and line totals (after discount, with tax) as sold, refunds aside.
 */
export async function salesByCategory(db: Kysely<Database>, tenantId: string, range: ReportRange) {
  const rows = await ordersInRange(db, tenantId, range)
    .innerJoin('pos_order_items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'o.tenant_id').onRef('i.order_id', '=', 'o.id'),
    )
    .leftJoin('products as pr', (j) =>
      j.onRef('pr.tenant_id', '=', 'i.tenant_id').onRef('pr.id', '=', 'i.product_id'),
    )
    .select((eb) => [
      'i.kind',
      'pr.tax_category',
      eb.fn.sum('i.quantity').as('quantity'),
      eb.fn.sum('i.discount_amount').as('discounts'),
      eb.fn.sum('i.tax_amount').as('tax'),
      eb.fn.sum('i.line_total').as('total'),
    ])
    .groupBy(['i.kind', 'pr.tax_category'])
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
