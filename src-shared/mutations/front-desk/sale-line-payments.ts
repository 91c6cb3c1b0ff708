import type { Database } from '../../schema/catalog';
import { MutationRefusal, type MutationContext } from '../mutation-definition';
import { reopenFee, settleFee } from './member-fee-ledger';
import { collectReviewBalance, reopenReviewBalance } from './review-balance-ledger';

type ItemRow = Database['pos_order_items'];

/** What a fee or appointment line pays, and the sale that pays it. */
export interface PaidLine {
  readonly orderId: string;
  readonly itemId: string;
  readonly memberId: string | null;
  /** What the line came to, the amount of a `paid_twice` review item. */
  readonly total: number;
}

function requireSameMember(paid: PaidLine, memberId: string, what: string): void {
  if (paid.memberId !== memberId) {
    throw new MutationRefusal('invalid', `${what} is owed by another member: sell it to them`);
  }
}

/**
 * Marks the fee paid by this line (R15.5). A fee paid (or waived) at another desk before
 * this sale reached the server: the sale stands, since the money was taken, the fee keeps
 * the first settlement, and `paid_twice` asks the owner to refund one.
 */
export async function payFee(
  ctx: MutationContext,
  fee: Database['member_fees'],
  paid: PaidLine,
): Promise<void> {
  requireSameMember(paid, fee.member_id, `fee ${fee.id}`);
  if (await settleFee(ctx, fee.id, paid.itemId)) return;
  const now = await ctx.db
    .selectFrom('member_fees')
    .select(['status', 'order_item_id'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', fee.id)
    .executeTakeFirst();
  await ctx.require(false, {
    kind: 'paid_twice',
    message: `fee ${fee.id} was ${now?.status ?? 'settled'} already (order item ${now?.order_item_id ?? 'none'}) when order ${paid.orderId} paid it again: refund one`,
    memberId: fee.member_id,
    amount: paid.total,
    subjectId: fee.id,
  });
}

/**
 * Marks the appointment paid by this line (R15.5). Paid at two desks offline: both sales
 * stand, the appointment keeps the first, and `paid_twice` asks the owner to refund one.
 */
export async function payAppointment(
  ctx: MutationContext,
  appointment: Database['appointments'],
  paid: PaidLine,
): Promise<void> {
  requireSameMember(paid, appointment.member_id, `appointment ${appointment.id}`);
  const marked = await ctx.db
    .updateTable('appointments')
    .set({ order_item_id: paid.itemId, paid_order_id: paid.orderId })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', appointment.id)
    .where('order_item_id', 'is', null)
    .where('paid_order_id', 'is', null)
    .executeTakeFirst();
  if (marked.numUpdatedRows > 0n) return;
  await ctx.require(false, {
    kind: 'paid_twice',
    message: `appointment ${appointment.id} was paid already when order ${paid.orderId} paid it again: refund one`,
    memberId: appointment.member_id,
    amount: paid.total,
    subjectId: appointment.id,
  });
}

/**
 * Settles the review item this line collects (R16.4), crediting an overdrawn card back with
 * the entry id the line drew. Settled at another desk first (or in the review queue): the
 * sale stands, since the money was taken, the item keeps the first settlement, and
 * `paid_twice` asks the owner to refund one.
 */
export async function payReviewBalance(
  ctx: MutationContext,
  item: Database['review_items'],
  paid: PaidLine & { readonly entryId: string },
): Promise<void> {
  if (item.member_id === null || paid.memberId !== item.member_id) {
    throw new MutationRefusal(
      'invalid',
      `review item ${item.id} is owed by another member: sell it to them`,
    );
  }
  if (await collectReviewBalance(ctx, item, paid)) return;
  const now = await ctx.db
    .selectFrom('review_items')
    .select(['resolution', 'resolution_reference'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', item.id)
    .executeTakeFirst();
  await ctx.require(false, {
    kind: 'paid_twice',
    message: `review item ${item.id} was settled already (${now?.resolution ?? 'settled'}${now?.resolution_reference ? `, ${now.resolution_reference}` : ''}) when order ${paid.orderId} collected it again: refund one`,
    memberId: item.member_id,
    amount: paid.total,
    subjectId: item.id,
  });
}

/**
 * A refunded or voided fee, appointment or review balance line: what it paid is unpaid
 * again. `entryId` is the id the returned item drew for a ledger entry, for the card credit
 * a review balance line took back.
 */
export async function unpayLine(
  ctx: MutationContext,
  item: ItemRow,
  entryId: string,
): Promise<void> {
  if (item.kind === 'review_balance' && item.review_item_id !== null) {
    await reopenReviewBalance(ctx, {
      reviewItemId: item.review_item_id,
      orderId: item.order_id,
      entryId,
    });
  }
  if (item.kind === 'fee' && item.member_fee_id !== null) {
    await reopenFee(ctx, item.member_fee_id, item.id);
  }
  if (item.kind === 'appointment' && item.appointment_id !== null) {
    await ctx.db
      .updateTable('appointments')
      .set({ order_item_id: null, paid_order_id: null })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', item.appointment_id)
      .where('order_item_id', '=', item.id)
      .execute();
  }
}
