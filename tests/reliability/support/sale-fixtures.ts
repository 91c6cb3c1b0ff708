import type { Kysely } from 'kysely';
import type { Database } from '../../../src-shared/schema/catalog';
import type { SeededRandom } from './seeded-random';

/** The product every reliability sale rings up: untaxed, stock not tracked, so totals are exact. */
export const PRODUCT_PRICE = 700;

/** Adds the sold product on the server; desks receive it with their first pull. */
export async function insertProduct(db: Kysely<Database>, tenantId: string): Promise<string> {
  const id = '01900000-0000-7000-8000-00000000a001';
  await db
    .insertInto('products')
    .values({
      id,
      tenant_id: tenantId,
      name: 'Water bottle',
      price: PRODUCT_PRICE,
      stock_quantity: null,
      taxable: 0,
      active: 1,
      created_at: '2026-11-27T09:00:00.000Z',
    })
    .execute();
  return id;
}

export type SaleKind = 'cash' | 'card' | 'gift_card';

export interface PlannedSale {
  readonly kind: SaleKind;
  readonly total: number;
  readonly args: Record<string, unknown>;
}

/**
 * A `pos.sale` of 1–3 bottles paid one way: cash through the open drawer, a card intent,
 * or the shared gift card. One tender, so each sale makes exactly one payment row.
 */
export function planSale(
  random: SeededRandom,
  kind: SaleKind,
  productId: string,
  giftCardId?: string,
): PlannedSale {
  const quantity = random.int(1, 3);
  const total = quantity * PRODUCT_PRICE;
  const line = { kind: 'product', productId, quantity, unitPrice: PRODUCT_PRICE };
  const tender =
    kind === 'cash'
      ? { method: 'cash', amount: total, tendered: Math.ceil(total / 1000) * 1000 }
      : kind === 'card'
        ? { method: 'card', amount: total, paymentIntentId: `pi_${random.int(1e6, 9e6)}` }
        : { method: 'gift_card', amount: total, giftCardId: required(giftCardId) };
  return { kind, total, args: { lines: [line], tenders: [tender] } };
}

function required(giftCardId: string | undefined): string {
  if (giftCardId === undefined) throw new Error('a gift card sale needs the card id');
  return giftCardId;
}

/** The order id in a `pos.sale` result, checked rather than cast. */
export function orderIdOf(result: unknown): string {
  if (
    typeof result === 'object' &&
    result !== null &&
    'orderId' in result &&
    typeof result.orderId === 'string'
  ) {
    return result.orderId;
  }
  throw new Error(`a sale answered without an order id: ${JSON.stringify(result)}`);
}

/** The new card's id in a `giftCard.sell` result, checked rather than cast. */
export function giftCardIdOf(result: unknown): string {
  if (typeof result === 'object' && result !== null && 'giftCards' in result) {
    const [card] = Array.isArray(result.giftCards) ? (result.giftCards as unknown[]) : [];
    if (typeof card === 'object' && card !== null && 'giftCardId' in card) {
      if (typeof card.giftCardId === 'string') return card.giftCardId;
    }
  }
  throw new Error(`giftCard.sell answered without a card: ${JSON.stringify(result)}`);
}
