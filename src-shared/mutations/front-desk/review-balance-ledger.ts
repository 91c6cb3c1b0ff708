import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';
import { findGiftCard, postGiftCardEntry } from './gift-card-ledger';

type ReviewRow = Database['review_items'];

/**
 * A review item's balance moves here: written off (`review.resolve`) or collected at Sell
 * (a `review_balance` sale line, PROTOCOL.md R16.4), and collected then voided or refunded.
 */

export async function findReviewItem(
  ctx: MutationContext,
  id: string,
): Promise<ReviewRow | undefined> {
  return ctx.db
    .selectFrom('review_items')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * An overdrawn gift card whose overdraft is settled, written off or collected, is credited
 * back by the amount settled, at most up to zero, with an adjustment: the card then reads
 * what the member really holds. A write-off's adjustment names no order (the studio's loss,
 * listed by the day close); a collection's names the order that took the money, whose line
 * is the income that explains the credit. Nothing for any other kind of item.
 */
export async function creditOverdrawnCard(
  ctx: MutationContext,
  item: ReviewRow,
  settled: number,
  entry: { readonly id: string; readonly orderId: string | null },
): Promise<number> {
  if (item.kind !== 'gift_card_overdrawn' || item.subject_id === null) return 0;
  const card = await findGiftCard(ctx.db, ctx.tenantId, item.subject_id);
  const credit = card ? Math.min(settled, Math.max(0, -card.current_balance)) : 0;
  if (!card || credit === 0) return 0;
  await postGiftCardEntry(ctx, {
    id: entry.id,
    giftCardId: card.id,
    amount: credit,
    type: 'adjustment',
    orderId: entry.orderId,
  });
  return credit;
}

/** What a `review_balance` line paid, and the sale that paid it. */
export interface CollectedBalance {
  readonly orderId: string;
  readonly total: number;
  /** The id of the card credit's ledger entry, drawn by the line whatever the item. */
  readonly entryId: string;
}

/**
 * Settles an open review item as collected by a sale: `collect`, the amount paid, the order
 * as its reference, who and where as `review.resolve` records them, and an overdrawn card
 * credited back. False when the item was not open any more (settled at another desk first).
 */
export async function collectReviewBalance(
  ctx: MutationContext,
  item: ReviewRow,
  paid: CollectedBalance,
): Promise<boolean> {
  const settled = await ctx.db
    .updateTable('review_items')
    .set({
      status: 'resolved',
      resolution: 'collect',
      resolution_note: null,
      resolution_amount: paid.total,
      resolution_reference: paid.orderId,
      resolved_at: ctx.at,
      resolved_by: ctx.actor.memberId,
      resolved_device_id: ctx.deviceId,
    })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', item.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (settled.numUpdatedRows === 0n) return false;
  await creditOverdrawnCard(ctx, item, paid.total, { id: paid.entryId, orderId: paid.orderId });
  return true;
}

/**
 * A voided or refunded `review_balance` line: the item it collected is open again, and the
 * card credit its sale posted is taken back off the card (an adjustment naming the order),
 * so the card reads overdrawn as before. Nothing when another settlement stands on the item
 * (this sale was the second to pay it, so it settled nothing).
 */
export async function reopenReviewBalance(
  ctx: MutationContext,
  line: { readonly reviewItemId: string; readonly orderId: string; readonly entryId: string },
): Promise<void> {
  const item = await findReviewItem(ctx, line.reviewItemId);
  if (item?.resolution !== 'collect' || item.resolution_reference !== line.orderId) return;
  await ctx.db
    .updateTable('review_items')
    .set({
      status: 'open',
      resolution: null,
      resolution_note: null,
      resolution_amount: null,
      resolution_reference: null,
      resolved_at: null,
      resolved_by: null,
      resolved_device_id: null,
    })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', item.id)
    .execute();
  if (item.kind !== 'gift_card_overdrawn' || item.subject_id === null) return;
  const credit = await ctx.db
    .selectFrom('gift_card_transactions')
    .select('amount')
    .where('tenant_id', '=', ctx.tenantId)
    .where('gift_card_id', '=', item.subject_id)
    .where('order_id', '=', line.orderId)
    .where('type', '=', 'adjustment')
    .where('amount', '>', 0)
    .executeTakeFirst();
  if (!credit) return;
  await postGiftCardEntry(ctx, {
    id: line.entryId,
    giftCardId: item.subject_id,
    amount: -credit.amount,
    type: 'adjustment',
    orderId: line.orderId,
  });
}
