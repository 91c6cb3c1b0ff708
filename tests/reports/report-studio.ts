import type { Studio } from '../front-desk/front-desk-harness';
import { resultOf } from '../front-desk/front-desk-harness';

/** The seeded studio's zone is its location's, America/Chicago: Dec 1 runs 06:00Z–06:00Z. */
export const DAY = '2026-12-01';
export const DESK_A = 'desk-a';
export const DESK_B = 'desk-b';

/** An instant of the test's day: hours after 06:00Z, Chicago's midnight of Dec 1. */
export const onDay = (hours: number, minutes = 0) =>
  new Date(Date.parse('2026-12-01T06:00:00.000Z') + (hours * 60 + minutes) * 60_000).toISOString();

type Line = Record<string, unknown>;
type TenderSplit = (total: number) => Record<string, unknown>[];

interface Sold {
  readonly orderId: string;
  readonly giftCards: readonly { readonly giftCardId: string }[];
  readonly packIds: readonly string[];
}

/** Quotes the cart, then rings it up with the tenders `split` makes of its total. */
export async function sell(
  studio: Studio,
  sale: {
    readonly lines: readonly Line[];
    readonly couponCode?: string;
    readonly memberId?: string;
    readonly split: TenderSplit;
    readonly at: string;
    readonly deviceId: string;
    readonly as?: 'frontDesk' | 'manager' | 'owner';
  },
): Promise<Sold & { readonly total: number }> {
  const quote = await studio.query<{ total: number }>('pos.quote', {
    lines: sale.lines,
    ...(sale.couponCode === undefined ? {} : { couponCode: sale.couponCode }),
  });
  const outcome = await studio.run(
    'pos.sale',
    {
      lines: sale.lines,
      locationId: studio.locationId,
      ...(sale.couponCode === undefined ? {} : { couponCode: sale.couponCode }),
      ...(sale.memberId === undefined ? {} : { memberId: sale.memberId }),
      tenders: sale.split(quote.total),
    },
    { at: sale.at, deviceId: sale.deviceId, as: sale.as ?? 'frontDesk' },
  );
  return { ...resultOf<Sold>(outcome), total: quote.total };
}

export interface BusyDay {
  readonly giftCardId: string;
  readonly packId: string;
  readonly orders: Record<
    'evening' | 'socks' | 'card' | 'redeemed' | 'pack' | 'membership' | 'voided',
    Sold & { readonly total: number }
  >;
}

/**
 * A day at two desks: split tenders, a coupon, a gift card sold and redeemed, a pack bought
 * and used, a membership sold, a void, a refund of an earlier day's sale, two drawers
 * closed (one short by 100). Plus a sale the evening before, which the day must not hold.
 */
export async function busyDay(studio: Studio): Promise<BusyDay> {
  const planId = (
    await studio.db
      .selectFrom('subscriptions')
      .select('plan_id')
      .where('id', '=', studio.subscriptionId)
      .executeTakeFirstOrThrow()
  ).plan_id;
  const water = (quantity: number) => ({
    kind: 'product',
    productId: studio.products.water,
    quantity,
    unitPrice: 300,
  });
  // The evening before (Nov 30, 21:00 in Chicago): water ×2, refunded (one) on the day.
  await studio.run('drawer.open', { openingFloat: 10000 }, { at: onDay(-4), deviceId: DESK_A });
  const evening = await sell(studio, {
    lines: [water(2)],
    split: (total) => [{ method: 'cash', amount: total, tendered: total }],
    at: onDay(-3),
    deviceId: DESK_A,
  });
  await studio.run(
    'drawer.close',
    { countedAmount: 10600 },
    {
      at: onDay(-2),
      deviceId: DESK_A,
      as: 'manager',
    },
  );

  await studio.run('drawer.open', { openingFloat: 10000 }, { at: onDay(8), deviceId: DESK_A });
  await studio.run('drawer.open', { openingFloat: 5000 }, { at: onDay(8), deviceId: DESK_B });
  const socks = await sell(studio, {
    lines: [{ kind: 'product', productId: studio.products.socks, quantity: 2, unitPrice: 1200 }],
    couponCode: 'SAVE10',
    split: (total) => [
      { method: 'cash', amount: total - 1000, tendered: 2000 },
      { method: 'card', amount: 1000, paymentIntentId: 'pi_socks' },
    ],
    at: onDay(9),
    deviceId: DESK_A,
  });
  const card = await sell(studio, {
    lines: [{ kind: 'gift_card', amount: 5000 }],
    split: (total) => [{ method: 'card', amount: total, paymentIntentId: 'pi_card' }],
    at: onDay(10),
    deviceId: DESK_B,
    as: 'manager',
  });
  const giftCardId = card.giftCards[0]?.giftCardId ?? '';
  const redeemed = await sell(studio, {
    lines: [water(3)],
    split: (total) => [
      { method: 'gift_card', amount: total - 100, giftCardId },
      { method: 'cash', amount: 100, tendered: 100 },
    ],
    at: onDay(11),
    deviceId: DESK_B,
  });
  const pack = await sell(studio, {
    lines: [{ kind: 'class_pack', packDefinitionId: studio.packDefinitionId, unitPrice: 6000 }],
    couponCode: 'FIVEOFF',
    memberId: studio.memberId,
    split: (total) => [{ method: 'external', amount: total, reference: 'cheque 12' }],
    at: onDay(12),
    deviceId: DESK_A,
  });
  const packId = pack.packIds[0] ?? '';
  await studio.run(
    'booking.book',
    { classId: studio.classId, memberId: studio.memberId, paidBy: { method: 'pack', packId } },
    { at: onDay(12, 5), deviceId: DESK_A },
  );
  const membership = await sell(studio, {
    lines: [{ kind: 'membership', planId, startDate: DAY, unitPrice: 12000 }],
    memberId: studio.otherMemberId,
    split: (total) => [
      { method: 'cash', amount: 2000, tendered: 2000 },
      { method: 'card', amount: total - 2000, paymentIntentId: 'pi_plan' },
    ],
    at: onDay(13),
    deviceId: DESK_A,
  });
  const voided = await sell(studio, {
    lines: [water(1)],
    split: (total) => [{ method: 'cash', amount: total, tendered: total }],
    at: onDay(14),
    deviceId: DESK_B,
  });
  await studio.run(
    'pos.void',
    { orderId: voided.orderId, reason: 'rang up twice' },
    { at: onDay(14, 10), deviceId: DESK_B, as: 'manager' },
  );
  const eveningItem = await studio.db
    .selectFrom('pos_order_items')
    .select('id')
    .where('order_id', '=', evening.orderId)
    .executeTakeFirstOrThrow();
  await studio.run(
    'pos.refund',
    {
      orderId: evening.orderId,
      lines: [{ orderItemId: eveningItem.id, quantity: 1 }],
      tenders: [{ method: 'cash', amount: 300 }],
      reason: 'one bottle leaked',
    },
    { at: onDay(15), deviceId: DESK_A, as: 'manager' },
  );
  await studio.run(
    'drawer.move',
    { type: 'paid_out', amount: 700, reason: 'window cleaner' },
    { at: onDay(15, 30), deviceId: DESK_A },
  );
  // Desk A is counted 100 short; desk B exactly.
  await studio.run(
    'drawer.close',
    { countedAmount: (await expectedCash(studio, DESK_A)) - 100 },
    {
      at: onDay(16),
      deviceId: DESK_A,
      as: 'manager',
    },
  );
  await studio.run(
    'drawer.close',
    { countedAmount: await expectedCash(studio, DESK_B) },
    {
      at: onDay(16, 30),
      deviceId: DESK_B,
      as: 'manager',
    },
  );
  return {
    giftCardId,
    packId,
    orders: { evening, socks, card, redeemed, pack, membership, voided },
  };
}

/** Float plus cash moved, from the rows, of the desk's open drawer. */
export async function expectedCash(studio: Studio, deviceId: string): Promise<number> {
  const session = await studio.db
    .selectFrom('cash_drawer_sessions')
    .selectAll()
    .where('tenant_id', '=', studio.tenantId)
    .where('device_id', '=', deviceId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  const moves = await studio.db
    .selectFrom('cash_movements')
    .select('amount')
    .where('session_id', '=', session.id)
    .execute();
  return moves.reduce((sum, m) => sum + m.amount, session.opening_float);
}
