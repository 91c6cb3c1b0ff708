import { z } from 'zod';
import { defineQuery } from '../query-definition';

/**
 * A member's purchase history for their profile (issue 17): each sale with its lines, the
 * tenders that paid it and the money given back by refunds, newest first. Payments are
 * signed (./ledger-tables: positive taken, negative given back), so a refund is a payment
 * below zero. Orders have no member index: the desk's copy is one studio's, and the
 * (tenant_id, created_at) index walks it newest first until the limit is met.
 */
export const memberPurchases = defineQuery({
  name: 'member.purchases',
  description: 'A member’s purchases, newest first: lines, tenders and refunds of each sale.',
  args: z.strictObject({
    memberId: z.uuid(),
    limit: z.number().int().min(1).max(100).default(25),
  }),
  async run({ db, tenantId }, { memberId, limit }) {
    const orders = await db
      .selectFrom('pos_orders')
      .select(['id', 'receipt_number', 'total_amount', 'status', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('member_id', '=', memberId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    if (orders.length === 0) return [];
    const ids = orders.map((o) => o.id);
    const items = await db
      .selectFrom('pos_order_items')
      .select(['id', 'order_id', 'description', 'quantity', 'refunded_quantity', 'line_total'])
      .where('tenant_id', '=', tenantId)
      .where('order_id', 'in', ids)
      .orderBy('id')
      .execute();
    const payments = await db
      .selectFrom('payments')
      .select(['id', 'order_id', 'method', 'amount', 'status', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('order_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return orders.map((o) => {
      const paid = payments.filter((p) => p.order_id === o.id);
      return {
        orderId: o.id,
        receiptNumber: o.receipt_number,
        at: o.created_at,
        total: o.total_amount,
        status: o.status,
        lines: items
          .filter((i) => i.order_id === o.id)
          .map((i) => ({
            orderItemId: i.id,
            description: i.description,
            quantity: i.quantity,
            refundedQuantity: i.refunded_quantity,
            total: i.line_total,
          })),
        tenders: paid
          .filter((p) => p.amount >= 0)
          .map((p) => ({ paymentId: p.id, method: p.method, amount: p.amount, status: p.status })),
        refunds: paid
          .filter((p) => p.amount < 0)
          .map((p) => ({ paymentId: p.id, method: p.method, amount: -p.amount, at: p.created_at })),
      };
    });
  },
});
