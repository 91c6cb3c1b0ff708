import { expect } from 'vitest';
import type { Studio } from './front-desk-harness';

const TABLES_OF_A_TENANT = [
  'pos_orders',
  'pos_order_items',
  'payments',
  'gift_cards',
  'gift_card_transactions',
  'purchased_packs',
  'bookings',
  'stock_movements',
  'cash_movements',
  'cash_drawer_sessions',
  'coupon_redemptions',
  'audit_logs',
  'review_items',
  'waiver_signatures',
  'products',
] as const;

/** Row counts of the tables front-desk mutations write: equal before and after a refusal. */
export async function tenantFootprint(studio: Studio): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES_OF_A_TENANT) {
    const row = await studio.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', studio.tenantId)
      .executeTakeFirstOrThrow();
    counts[table] = row.n;
  }
  const stock = await studio.db
    .selectFrom('products')
    .select(['id', 'stock_quantity'])
    .where('tenant_id', '=', studio.tenantId)
    .execute();
  const balances = await studio.db
    .selectFrom('gift_cards')
    .select(['id', 'current_balance'])
    .where('tenant_id', '=', studio.tenantId)
    .execute();
  const credits = await studio.db
    .selectFrom('purchased_packs')
    .select(['id', 'remaining_credits'])
    .where('tenant_id', '=', studio.tenantId)
    .execute();
  for (const p of stock) counts[`stock:${p.id}`] = p.stock_quantity ?? -1;
  for (const c of balances) counts[`balance:${c.id}`] = c.current_balance;
  for (const c of credits) counts[`credits:${c.id}`] = c.remaining_credits;
  return counts;
}

/**
 * The books balance: every gift card's balance is the sum of its ledger, every tracked
 * product's stock the sum of its movements, every order's amounts add up, every closed
 * drawer's expected cash is its float plus its movements.
 */
export async function expectLedgersBalanced(studio: Studio): Promise<void> {
  const { db, tenantId } = studio;
  const cards = await db
    .selectFrom('gift_cards')
    .select(['id', 'current_balance'])
    .where('tenant_id', '=', tenantId)
    .execute();
  for (const card of cards) {
    const sum = await db
      .selectFrom('gift_card_transactions')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'))
      .where('tenant_id', '=', tenantId)
      .where('gift_card_id', '=', card.id)
      .executeTakeFirstOrThrow();
    expect(card.current_balance, `gift card ${card.id}`).toBe(sum.total);
  }
  const products = await db
    .selectFrom('products')
    .select(['id', 'stock_quantity'])
    .where('tenant_id', '=', tenantId)
    .execute();
  for (const product of products) {
    if (product.stock_quantity === null) continue;
    const sum = await db
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity_delta'), eb.lit(0)).as('total'))
      .where('tenant_id', '=', tenantId)
      .where('product_id', '=', product.id)
      .executeTakeFirstOrThrow();
    expect(product.stock_quantity, `stock of ${product.id}`).toBe(sum.total);
  }
  const orders = await db
    .selectFrom('pos_orders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .execute();
  for (const order of orders) {
    expect(order.total_amount).toBe(
      order.subtotal_amount - order.discount_amount + order.tax_amount,
    );
    const items = await db
      .selectFrom('pos_order_items')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('order_id', '=', order.id)
      .execute();
    expect(
      items.reduce((s, i) => s + i.line_total, 0),
      `lines of ${order.id}`,
    ).toBe(order.total_amount);
    const taken = await db
      .selectFrom('payments')
      .select('amount')
      .where('tenant_id', '=', tenantId)
      .where('order_id', '=', order.id)
      .where('amount', '>', 0)
      .execute();
    expect(
      taken.reduce((s, p) => s + p.amount, 0),
      `tenders of ${order.id}`,
    ).toBe(order.total_amount);
  }
  const sessions = await db
    .selectFrom('cash_drawer_sessions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'closed')
    .execute();
  for (const session of sessions) {
    const sum = await db
      .selectFrom('cash_movements')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'))
      .where('tenant_id', '=', tenantId)
      .where('session_id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(session.expected_amount).toBe(session.opening_float + sum.total);
  }
}

/** The open review items of the studio. */
export function reviewItems(studio: Studio) {
  return studio.db
    .selectFrom('review_items')
    .selectAll()
    .where('tenant_id', '=', studio.tenantId)
    .orderBy('created_at')
    .execute();
}
