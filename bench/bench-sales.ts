import type { Desk } from '../src-main/store/open-desk';
import { runDeskMutation } from '../src-main/operations/run-mutation';

/** Gift card sales need no stock and no open drawer: as many as wanted can be rung up. */
export const GIFT_CARD_SALE_CENTS = 2500;

/** The arguments of one gift card sale paid by card, as the desk's POS sends them. */
export function giftCardSaleArgs(reference: string) {
  return {
    lines: [{ kind: 'gift_card', amount: GIFT_CARD_SALE_CENTS }],
    tenders: [{ method: 'card', amount: GIFT_CARD_SALE_CENTS, paymentIntentId: `pi_${reference}` }],
  };
}

/** Rings up one gift card sale at the desk; returns the new order's id. */
export async function sellGiftCard(
  desk: Desk,
  actorId: string,
  reference: string,
): Promise<string> {
  const { result } = await runDeskMutation(desk, actorId, 'pos.sale', giftCardSaleArgs(reference));
  if (typeof result !== 'object' || result === null || !('orderId' in result)) {
    throw new Error('pos.sale returned no order id');
  }
  const { orderId } = result;
  if (typeof orderId !== 'string') throw new Error('pos.sale returned no order id');
  return orderId;
}

/** Orders a desk's copy holds. */
export async function countOrders(desk: Desk): Promise<number> {
  const row = await desk.db
    .selectFrom('pos_orders')
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}
