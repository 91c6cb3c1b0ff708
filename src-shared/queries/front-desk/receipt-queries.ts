import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { found } from '../../mutations/front-desk/desk-rules';
import { readTenantSettings } from '../../mutations/front-desk/tenant-settings';
import { buildZReportReceipt } from '../../receipts/drawer-report';
import {
  buildRefundReceipt,
  buildSaleReceipt,
  type SaleReceiptRows,
} from '../../receipts/order-receipts';
import type { OrderReceipt, ReceiptStudio, ZReportReceipt } from '../../receipts/receipt-model';
import { defineQuery } from '../query-definition';
import { loadDrawerReport } from './drawer-queries';
import { memberNames } from './member-names';

async function studioOf(db: Kysely<Database>, tenantId: string): Promise<ReceiptStudio> {
  const settings = await readTenantSettings(db, tenantId);
  return { name: settings.studioName, currency: settings.currency, footer: settings.receiptFooter };
}

/** Everything a receipt of the order needs, in id order (the order it was rung up in). */
async function loadSaleRows(
  db: Kysely<Database>,
  tenantId: string,
  orderId: string,
  extraStaffIds: readonly string[] = [],
): Promise<SaleReceiptRows & { names: Map<string, string> }> {
  const order = found(
    await db
      .selectFrom('pos_orders')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', orderId)
      .executeTakeFirst(),
    `order ${orderId}`,
  );
  const items = await db
    .selectFrom('pos_order_items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  const payments = await db
    .selectFrom('payments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  const cardIds = [
    ...items.map((i) => i.gift_card_id),
    ...payments.map((p) => p.gift_card_id),
  ].filter((id): id is string => id !== null);
  const giftCards =
    cardIds.length === 0
      ? []
      : await db
          .selectFrom('gift_cards')
          .select(['id', 'code', 'current_balance'])
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', cardIds)
          .execute();
  const coupon =
    order.coupon_id === null
      ? undefined
      : await db
          .selectFrom('coupons')
          .select('code')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', order.coupon_id)
          .executeTakeFirst();
  const names = await memberNames(db, tenantId, [
    order.staff_id,
    order.member_id,
    ...extraStaffIds,
  ]);
  return {
    studio: await studioOf(db, tenantId),
    order,
    items,
    payments,
    giftCards,
    couponCode: coupon?.code ?? null,
    staffName: names.get(order.staff_id) ?? null,
    memberName: order.member_id === null ? null : (names.get(order.member_id) ?? null),
    names,
  };
}

export const orderReceipt = defineQuery({
  name: 'receipt.forOrder',
  description:
    'The receipt of a sale (gift card and pack sales included): lines, totals, tenders, change, codes.',
  args: z.strictObject({ orderId: z.uuid() }),
  async run({ db, tenantId }, { orderId }): Promise<OrderReceipt> {
    return buildSaleReceipt(await loadSaleRows(db, tenantId, orderId));
  },
});

// What pos.refund and pos.void write in their audit entry's details.
const refundDetailsSchema = z.looseObject({
  reason: z.string(),
  lines: z.array(
    z.looseObject({
      description: z.string(),
      quantity: z.number(),
      unitPrice: z.number(),
      discount: z.number(),
      tax: z.number(),
      total: z.number(),
    }),
  ),
  paymentIds: z.array(z.string()),
});

export const refundReceipt = defineQuery({
  name: 'receipt.forRefund',
  description: 'The receipt of a refund or void, by the refund id pos.refund or pos.void returned.',
  args: z.strictObject({ refundId: z.uuid() }),
  async run({ db, tenantId }, { refundId }): Promise<OrderReceipt> {
    // The refund's audit entry is its record: what went back, why, and which payments.
    const entry = found(
      await db
        .selectFrom('audit_logs')
        .select(['action', 'target_id', 'actor_id', 'details', 'created_at'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', refundId)
        .where('action', 'in', ['pos.refund', 'pos.void'])
        .executeTakeFirst(),
      `refund ${refundId}`,
    );
    const details = refundDetailsSchema.parse(JSON.parse(entry.details));
    const rows = await loadSaleRows(
      db,
      tenantId,
      entry.target_id ?? '',
      entry.actor_id ? [entry.actor_id] : [],
    );
    const refundPayments = rows.payments.filter((p) => details.paymentIds.includes(p.id));
    // Store-credit cards issued by the refund are not on the sale's lines.
    const issued = refundPayments
      .map((p) => p.gift_card_id)
      .filter((id): id is string => id !== null && !rows.giftCards.some((c) => c.id === id));
    const giftCards =
      issued.length === 0
        ? rows.giftCards
        : [
            ...rows.giftCards,
            ...(await db
              .selectFrom('gift_cards')
              .select(['id', 'code', 'current_balance'])
              .where('tenant_id', '=', tenantId)
              .where('id', 'in', issued)
              .execute()),
          ];
    return buildRefundReceipt({
      ...rows,
      giftCards,
      kind: entry.action === 'pos.void' ? 'void' : 'refund',
      refundId,
      at: entry.created_at,
      reason: details.reason,
      lines: details.lines,
      refundPayments,
      refundStaffName: entry.actor_id === null ? null : (rows.names.get(entry.actor_id) ?? null),
    });
  },
});

export const zReportReceipt = defineQuery({
  name: 'receipt.zReport',
  description: 'The printed Z report of a closed cash drawer.',
  args: z.strictObject({ sessionId: z.uuid() }),
  async run({ db, tenantId }, { sessionId }): Promise<ZReportReceipt> {
    const { report, session } = await loadDrawerReport(db, tenantId, sessionId);
    const names = await memberNames(db, tenantId, [session.opened_by, session.closed_by]);
    return buildZReportReceipt(report, await studioOf(db, tenantId), {
      openedBy: names.get(session.opened_by) ?? null,
      closedBy: session.closed_by === null ? null : (names.get(session.closed_by) ?? null),
    });
  },
});
