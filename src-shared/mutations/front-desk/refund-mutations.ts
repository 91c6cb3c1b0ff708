import { z } from 'zod';
import { appendAuditEntry } from '../../audit/audit-chain';
import type { Database } from '../../schema/catalog';
import { defineMutation, MutationRefusal, type MutationContext } from '../mutation-definition';
import { packTakers } from './breach-parties';
import { checkCardRefunds, holdBackCardRefunds } from './card-refund-rules';
import { deskOnly, takeIds } from './desk-rules';
import { MANAGER_ROLES } from './front-desk-roles';
import { findGiftCard, spendGiftCard } from './gift-card-ledger';
import { endSoldMembership } from './membership-lifecycle';
import { movePackCredits } from './pack-ledger';
import { unpayLine } from './sale-line-payments';
import { refundPart, type LineAmounts } from './sale-pricing';
import {
  drawTenderIds,
  recordRefundTenders,
  refundTenderSchema,
  tenderTotal,
  type RefundTender,
} from './sale-tenders';
import { moveStock } from './stock-ledger';
import { tenantRow } from '../tenant-row';

type OrderRow = Database['pos_orders'];
type ItemRow = Database['pos_order_items'];
type PaymentRow = Database['payments'];

interface ReturnedLine {
  readonly item: ItemRow;
  readonly quantity: number;
  readonly amounts: LineAmounts;
  readonly ids: readonly string[];
}

/** Ids each item of the order draws (stock movement, ledger entry), returned or not. */
const IDS_PER_ITEM = 2;

async function loadOrder(ctx: MutationContext, orderId: string) {
  const order = await tenantRow(ctx.db, ctx.tenantId, 'pos_orders', orderId, 'order');
  // Id order: the same on both sides, so the ids drawn per item line up.
  const items = await ctx.db
    .selectFrom('pos_order_items')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  const payments = await ctx.db
    .selectFrom('payments')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  return { order, items, payments };
}

/** Undoes what a line sold: stock back, pack credits and card value taken back, place freed. */
async function undoLine(
  ctx: MutationContext,
  order: OrderRow,
  line: ReturnedLine,
  reason: 'refund' | 'void',
): Promise<void> {
  const { item, quantity } = line;
  const [movementId = '', entryId = ''] = line.ids;
  await ctx.db
    .updateTable('pos_order_items')
    .set((eb) => ({ refunded_quantity: eb('refunded_quantity', '+', quantity) }))
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', item.id)
    .execute();
  switch (item.kind) {
    case 'product':
      if (item.product_id !== null) {
        await moveStock(ctx, {
          id: movementId,
          productId: item.product_id,
          delta: quantity,
          reason,
          orderItemId: item.id,
        });
      }
      return;
    case 'class_pack': {
      // Packs of one definition in one order are alike: take back an unused one first.
      const pack = await ctx.db
        .selectFrom('purchased_packs')
        .selectAll()
        .where('tenant_id', '=', ctx.tenantId)
        .where('order_id', '=', order.id)
        .where('pack_definition_id', '=', item.pack_definition_id)
        .orderBy('remaining_credits', 'desc')
        .orderBy('id')
        .executeTakeFirst();
      if (!pack) return;
      await ctx.require(pack.remaining_credits >= pack.initial_credits, {
        kind: 'pack_exhausted',
        message: `pack ${pack.id} was refunded with ${pack.initial_credits - pack.remaining_credits} credits already used`,
        memberId: pack.member_id,
        amount: line.amounts.total,
        subjectId: pack.id,
        parties: packTakers(ctx, pack, pack.initial_credits),
      });
      await movePackCredits(ctx, pack.id, -pack.initial_credits);
      return;
    }
    case 'gift_card': {
      const card =
        item.gift_card_id === null
          ? undefined
          : await findGiftCard(ctx.db, ctx.tenantId, item.gift_card_id);
      if (!card) return;
      await spendGiftCard(ctx, {
        card,
        amount: line.amounts.total,
        entryId,
        type: 'adjustment',
        orderId: order.id,
        memberId: order.member_id,
      });
      return;
    }
    case 'drop_in':
      // The place is given up unless the member already came.
      if (item.class_id !== null && order.member_id !== null) {
        await ctx.db
          .updateTable('bookings')
          .set({ status: 'cancelled', cancelled_at: ctx.at })
          .where('tenant_id', '=', ctx.tenantId)
          .where('class_id', '=', item.class_id)
          .where('member_id', '=', order.member_id)
          .where('payment_method', '=', 'drop_in')
          .where('status', '=', 'confirmed')
          .where('checked_in_at', 'is', null)
          .execute();
      }
      return;
    case 'membership':
      // The membership the line sold ends now, with whatever it had scheduled.
      await endSoldMembership(ctx, item.id);
      return;
    case 'fee':
    case 'appointment':
    case 'review_balance':
      // The fee is owed again, the appointment unpaid (R15.5), the review item open (R16.4).
      await unpayLine(ctx, item, entryId);
      return;
  }
}

interface ReturnPlan {
  readonly mode: 'refund' | 'void';
  readonly reason: string;
  readonly requested: readonly { readonly orderItemId: string; readonly quantity: number }[] | null;
  readonly tenders: (payments: readonly PaymentRow[]) => readonly RefundTender[];
}

/**
 * Gives money back on an order: each returned line is undone, negative payments go on the
 * same order (the schema's signed payments), the order's status follows, and the audit
 * entry, whose id is the refund's id, lists what was returned for the refund receipt.
 */
async function recordReturn(ctx: MutationContext, orderId: string, plan: ReturnPlan) {
  const refundId = ctx.newId();
  const { order, items, payments } = await loadOrder(ctx, orderId);
  const itemIds = items.map(() => takeIds(ctx, IDS_PER_ITEM));
  const tenders = plan.tenders(payments);
  const tenderIds = drawTenderIds(ctx, tenders.length);

  const requested =
    plan.requested ??
    items
      .filter((i) => i.quantity > i.refunded_quantity)
      .map((i) => ({ orderItemId: i.id, quantity: i.quantity - i.refunded_quantity }));
  const lines = requested.map((r): ReturnedLine => {
    const index = items.findIndex((i) => i.id === r.orderItemId);
    const item = items[index];
    if (!item)
      throw new MutationRefusal('invalid', `item ${r.orderItemId} is not on order ${orderId}`);
    deskOnly(
      ctx,
      r.quantity <= item.quantity - item.refunded_quantity,
      `${item.description}: ${item.quantity - item.refunded_quantity} left to refund, not ${r.quantity}`,
    );
    const amounts = refundPart(
      {
        quantity: item.quantity,
        unitPrice: item.unit_price,
        discount: item.discount_amount,
        tax: item.tax_amount,
      },
      item.refunded_quantity,
      r.quantity,
    );
    return { item, quantity: r.quantity, amounts, ids: itemIds[index] ?? [] };
  });
  // At the server another desk may have refunded the rest first: the money this desk gave
  // back is still recorded, against no lines.
  deskOnly(ctx, lines.length > 0, `order ${orderId} has nothing left to refund`, 'invalid');
  const total = lines.reduce((sum, l) => sum + l.amounts.total, 0);
  const given = tenderTotal(tenders);
  deskOnly(
    ctx,
    given === total,
    `the refund tenders add up to ${given}, the refund to ${total}`,
    'invalid',
  );

  const paymentIds = tenderIds.map((ids) => ids.paymentId);
  const heldBack = await checkCardRefunds(ctx, order, payments, tenders, paymentIds);

  for (const line of lines) await undoLine(ctx, order, line, plan.mode);
  const issued = await recordRefundTenders(
    ctx,
    { orderId, memberId: order.member_id, ids: tenderIds },
    tenders,
  );
  await holdBackCardRefunds(ctx, heldBack);
  let status: OrderRow['status'] = 'voided';
  if (plan.mode === 'refund') {
    // From the items as they stand now: the server's answer includes other desks' refunds.
    const open = await ctx.db
      .selectFrom('pos_order_items')
      .select('id')
      .where('tenant_id', '=', ctx.tenantId)
      .where('order_id', '=', orderId)
      .whereRef('refunded_quantity', '<', 'quantity')
      .executeTakeFirst();
    status = open ? 'partially_refunded' : 'refunded';
  }
  await ctx.db
    .updateTable('pos_orders')
    .set({ status })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', orderId)
    .execute();
  await appendAuditEntry(ctx, {
    id: refundId,
    action: plan.mode === 'refund' ? 'pos.refund' : 'pos.void',
    targetId: orderId,
    details: {
      receiptNumber: order.receipt_number,
      reason: plan.reason,
      total,
      lines: lines.map((l) => ({
        orderItemId: l.item.id,
        description: l.item.description,
        quantity: l.quantity,
        unitPrice: l.item.unit_price,
        discount: l.amounts.discount,
        tax: l.amounts.tax,
        total: l.amounts.total,
      })),
      paymentIds,
      giftCards: issued.map((c) => ({ giftCardId: c.giftCardId, code: c.code })),
    },
  });
  // Cash handed back comes out of this desk's drawer, which then opens.
  const cashReturned = tenderTotal(tenders.filter((t) => t.method === 'cash'));
  return { refundId, orderId, total, status, giftCards: issued, cashReturned };
}

/** Money given back in cash leaves the drawer: the desk opens it once the return is saved. */
const returnEffects = {
  movesCash: (_args: unknown, result: { readonly cashReturned: number }) => result.cashReturned > 0,
};

const reason = z.string().trim().min(3).max(500);

export const posRefund = defineMutation({
  name: 'pos.refund',
  description:
    'Gives money back for a whole order or some of its lines, restoring stock, pack credits and gift card value.',
  args: z.strictObject({
    orderId: z.uuid(),
    /** Omitted: everything not yet refunded. */
    lines: z
      .array(z.strictObject({ orderItemId: z.uuid(), quantity: z.number().int().min(1).max(999) }))
      .min(1)
      .max(100)
      .optional(),
    tenders: z.array(refundTenderSchema).max(10),
    reason,
  }),
  roles: MANAGER_ROLES,
  effects: returnEffects,
  async run(ctx, args) {
    const order = await orderStatus(ctx, args.orderId);
    deskOnly(
      ctx,
      order === undefined || order.status === 'completed' || order.status === 'partially_refunded',
      `order ${args.orderId} is ${order?.status ?? 'unknown'}: nothing to refund`,
    );
    return recordReturn(ctx, args.orderId, {
      mode: 'refund',
      reason: args.reason,
      requested: args.lines ?? null,
      tenders: () => args.tenders,
    });
  },
});

/** The order's status, or undefined when this copy does not hold the order. */
function orderStatus(ctx: MutationContext, orderId: string) {
  return ctx.db
    .selectFrom('pos_orders')
    .select('status')
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', orderId)
    .executeTakeFirst();
}

/** Each tender of the sale given back the way it came. */
function reversedTenders(payments: readonly PaymentRow[]): RefundTender[] {
  return payments
    .filter((p) => p.amount > 0)
    .map((p): RefundTender => {
      switch (p.method) {
        case 'cash':
          return { method: 'cash', amount: p.amount };
        case 'gift_card':
          return { method: 'gift_card', amount: p.amount, giftCardId: p.gift_card_id ?? undefined };
        case 'card':
          return {
            method: 'card',
            amount: p.amount,
            paymentIntentId: p.stripe_payment_intent_id ?? '',
          };
        case 'external':
          return { method: 'external', amount: p.amount, reference: p.reference ?? '' };
      }
    });
}

export const posVoid = defineMutation({
  name: 'pos.void',
  description:
    'Cancels a whole sale that has had no refund: every line undone, every tender given back the way it came.',
  args: z.strictObject({ orderId: z.uuid(), reason }),
  roles: MANAGER_ROLES,
  effects: returnEffects,
  async run(ctx, args) {
    const order = await orderStatus(ctx, args.orderId);
    deskOnly(
      ctx,
      order === undefined || order.status === 'completed',
      `order ${args.orderId} is ${order?.status ?? 'unknown'}: only a sale without refunds can be voided`,
    );
    return recordReturn(ctx, args.orderId, {
      mode: 'void',
      reason: args.reason,
      requested: null,
      tenders: reversedTenders,
    });
  },
});
