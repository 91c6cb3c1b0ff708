import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { found } from '../../mutations/front-desk/desk-rules';
import { MutationRefusal } from '../../mutations/mutation-definition';
import { readTenantSettings } from '../../mutations/front-desk/tenant-settings';
import { buildXReportReceipt, buildZReportReceipt } from '../../receipts/drawer-report';
import {
  buildRefundReceipt,
  buildSaleReceipt,
  type SaleReceiptRows,
} from '../../receipts/order-receipts';
import type {
  OrderReceipt,
  ReceiptStudio,
  XReportReceipt,
  ZReportReceipt,
} from '../../receipts/receipt-model';
import { defineQuery } from '../query-definition';
import { loadDrawerReport } from './drawer-queries';
import { memberNames } from './member-names';
import { isTimeZone } from '../desk-screens/local-day';

/**
 * The studio as its receipts name it, with the location the receipt belongs to: the first
 * of `preferred` (the record's own location, then the location of the drawer session the
 * desk took the money in, which is this desk's location when it opened the drawer) that
 * exists, else the studio's first location by name (its only one, for most studios). Only
 * recorded ids are used, never the desk's current choice, so a reprint months later names
 * the same place. Times are in the studio's zone from its settings, else the location's.
 */
async function studioOf(
  db: Kysely<Database>,
  tenantId: string,
  preferred: readonly (string | null)[],
): Promise<ReceiptStudio> {
  const settings = await readTenantSettings(db, tenantId);
  const locations = await db
    .selectFrom('locations')
    .select(['id', 'name', 'address', 'phone', 'time_zone'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const wanted = preferred.filter((id): id is string => id !== null);
  const location =
    wanted.map((id) => locations.find((l) => l.id === id)).find((l) => l !== undefined) ??
    locations[0];
  const zone = [settings.timeZone, location?.time_zone].find(
    (z): z is string => z !== null && z !== undefined && isTimeZone(z),
  );
  return {
    name: settings.studioName,
    currency: settings.currency,
    header: blankToNull(settings.receiptHeader),
    footer: blankToNull(settings.receiptFooter),
    locationName: location?.name ?? null,
    address: blankToNull(location?.address ?? null),
    phone: blankToNull(location?.phone ?? null),
    timeZone: zone ?? 'UTC',
  };
}

/** Settings and locations may hold an emptied field as ''; paper then shows nothing. */
function blankToNull(text: string | null): string | null {
  return text === null || text.trim() === '' ? null : text;
}

/** The locations of the drawer sessions the payments were taken in, in payment order. */
async function drawerLocations(
  db: Kysely<Database>,
  tenantId: string,
  payments: readonly Pick<Database['payments'], 'drawer_session_id'>[],
): Promise<(string | null)[]> {
  const ids = payments.map((p) => p.drawer_session_id).filter((id): id is string => id !== null);
  if (ids.length === 0) return [];
  const sessions = await db
    .selectFrom('cash_drawer_sessions')
    .select(['id', 'location_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  return ids.map((id) => sessions.find((s) => s.id === id)?.location_id ?? null);
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
  const packs = await db
    .selectFrom('purchased_packs')
    .innerJoin('class_pack_definitions', (join) =>
      join
        .onRef('class_pack_definitions.id', '=', 'purchased_packs.pack_definition_id')
        .onRef('class_pack_definitions.tenant_id', '=', 'purchased_packs.tenant_id'),
    )
    .select([
      'class_pack_definitions.name as name',
      'purchased_packs.initial_credits as credits',
      'purchased_packs.expires_at as expiresAt',
    ])
    .where('purchased_packs.tenant_id', '=', tenantId)
    .where('purchased_packs.order_id', '=', orderId)
    .orderBy('purchased_packs.id')
    .execute();
  const names = await memberNames(db, tenantId, [
    order.staff_id,
    order.member_id,
    ...extraStaffIds,
  ]);
  return {
    studio: await studioOf(db, tenantId, [
      order.location_id,
      ...(await drawerLocations(db, tenantId, payments)),
    ]),
    order,
    items,
    payments,
    giftCards,
    packs,
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
    return buildZReportReceipt(report, await studioOf(db, tenantId, [session.location_id]), {
      openedBy: names.get(session.opened_by) ?? null,
      closedBy: session.closed_by === null ? null : (names.get(session.closed_by) ?? null),
    });
  },
});

export const xReportReceipt = defineQuery({
  name: 'receipt.xReport',
  description: 'The printed X report of a cash drawer still open: mid-shift, nothing closed.',
  args: z.strictObject({ sessionId: z.uuid() }),
  async run({ db, tenantId }, { sessionId }): Promise<XReportReceipt> {
    const { report, session } = await loadDrawerReport(db, tenantId, sessionId);
    if (report.kind !== 'X') {
      throw new MutationRefusal(
        'invalid',
        `drawer session ${sessionId} is closed: see its Z report`,
      );
    }
    const names = await memberNames(db, tenantId, [session.opened_by]);
    return buildXReportReceipt(report, await studioOf(db, tenantId, [session.location_id]), {
      openedBy: names.get(session.opened_by) ?? null,
    });
  },
});
