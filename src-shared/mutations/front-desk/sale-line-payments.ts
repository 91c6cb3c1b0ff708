import type { Database } from '../../schema/catalog';
import { MutationRefusal, type MutationContext } from '../mutation-definition';
import { reopenFee, settleFee } from './member-fee-ledger';

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

/** A refunded or voided fee or appointment line: what it paid is unpaid again. */
export async function unpayLine(ctx: MutationContext, item: ItemRow): Promise<void> {
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
