import type { Database } from '../schema/catalog';
import {
  moveStock,
  type CommerceState,
  type DrawerSession,
  type GiftCardState,
} from './commerce-state';
import { DEMO_RATES } from './demo-scale';
import { iso, MINUTE_MS } from './demo-time';
import type { CouponPlan } from './generate-catalog';
import type { LocationPlan, MemberPlan } from './plan-people';
import { addTenders } from './take-payment';

type ItemKind = Database['pos_order_items']['kind'];

export interface SaleLine {
  readonly kind: ItemKind;
  readonly description: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly taxable: boolean;
  readonly productIndex?: number;
  readonly packDefinitionId?: string;
  readonly giftCard?: GiftCardState;
  readonly giftCardKind?: 'issue' | 'reload';
  readonly classId?: string;
}

export interface PricedLine {
  readonly line: SaleLine;
  readonly id: string;
  readonly gross: number;
  readonly discount: number;
  readonly tax: number;
  readonly total: number;
}

/** Where and by whom a sale is rung up. */
export interface SaleSetting {
  readonly location: LocationPlan;
  readonly atMs: number;
  readonly member: MemberPlan | null;
  readonly staffId: string;
  /** Null for online sales. */
  readonly deviceId: string | null;
  /** The open cash drawer when the sale is at the drawer's desk, else null (no cash). */
  readonly drawer: DrawerSession | null;
}

/**
 * Spreads the order discount over the discountable lines in proportion to their amounts
 * (gift cards are never discounted), then taxes each taxable line on what is left. The
 * order's totals are sums of the lines, so total = subtotal - discount + tax exactly.
 */
function priceLines(
  state: CommerceState,
  lines: readonly SaleLine[],
  discount: number,
  atMs: number,
): PricedLine[] {
  const rate = state.ctx.settings.taxRateBasisPoints;
  const eligible = lines.reduce(
    (s, l) => s + (l.kind === 'gift_card' ? 0 : l.quantity * l.unitPrice),
    0,
  );
  let left = discount;
  let lastEligible = -1;
  lines.forEach((l, i) => {
    if (l.kind !== 'gift_card') lastEligible = i;
  });
  return lines.map((line, i) => {
    const gross = line.quantity * line.unitPrice;
    let share = 0;
    if (line.kind !== 'gift_card' && eligible > 0) {
      share = i === lastEligible ? left : Math.floor((discount * gross) / eligible);
      left -= share;
    }
    const tax = line.taxable ? Math.round(((gross - share) * rate) / 10_000) : 0;
    return {
      line,
      id: state.ids.items.next(atMs),
      gross,
      discount: share,
      tax,
      total: gross - share + tax,
    };
  });
}

/** The discount a coupon gives on `eligible` cents, or 0 when it cannot be used. */
function couponDiscount(state: CommerceState, coupon: CouponPlan, eligible: number, atMs: number) {
  const { spec } = coupon;
  const used = state.couponUses[coupon.index] ?? 0;
  if (!spec.active || (coupon.expiresMs !== null && atMs > coupon.expiresMs)) return 0;
  if (spec.maxRedemptions !== null && used >= spec.maxRedemptions) return 0;
  const discount = spec.type === 'percent' ? Math.round((eligible * spec.value) / 100) : spec.value;
  return Math.min(discount, eligible);
}

function chooseCoupon(
  state: CommerceState,
  lines: readonly SaleLine[],
  atMs: number,
  preferred: string | undefined,
): [CouponPlan, number] | null {
  const eligible = lines.reduce(
    (s, l) => s + (l.kind === 'gift_card' ? 0 : l.quantity * l.unitPrice),
    0,
  );
  const coupons = state.catalog.coupons;
  const wanted = preferred ? coupons.find((c) => c.spec.code === preferred) : undefined;
  const coupon =
    wanted ??
    (state.random.chance(DEMO_RATES.couponUse)
      ? state.random.weighted(coupons.map((c) => [c, c.spec.popularity] as const))
      : undefined);
  if (!coupon) return null;
  const discount = couponDiscount(state, coupon, eligible, atMs);
  return discount > 0 ? [coupon, discount] : null;
}

function nextReceipt(state: CommerceState, deviceId: string | null): string {
  const key = deviceId ?? 'web';
  const n = (state.receiptNumbers.get(key) ?? 0) + 1;
  state.receiptNumbers.set(key, n);
  const prefix = deviceId ? deviceId.replace(/^desk-/, '').toUpperCase() : 'WEB';
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

export interface SaleResult {
  readonly orderId: string;
  readonly lines: readonly PricedLine[];
}

/**
 * Rings up one sale: the order, its lines, what each line does to stock, gift cards and
 * coupons, and its tenders. Returns null when nothing could be sold (all sold out).
 */
export function sell(
  state: CommerceState,
  setting: SaleSetting,
  wanted: readonly SaleLine[],
  options: { coupon?: string; refundable?: boolean } = {},
): SaleResult | null {
  const { ctx, buffer, random } = state;
  const { atMs } = setting;
  const lines = wanted.filter((l) => {
    const stock = l.productIndex === undefined ? null : state.stock[l.productIndex];
    return stock === null || stock === undefined || stock >= l.quantity;
  });
  if (lines.length === 0) return null;
  const applied = chooseCoupon(state, lines, atMs, options.coupon);
  const priced = priceLines(state, lines, applied?.[1] ?? 0, atMs);
  const sum = (pick: (l: PricedLine) => number) => priced.reduce((s, l) => s + pick(l), 0);
  const total = sum((l) => l.total);
  const orderId = state.ids.orders.next(atMs);
  const completedMs = atMs + random.int(40, 240) * 1000;
  const canRefund =
    options.refundable === true && !applied && lines.every((l) => l.kind === 'product');
  const refundMs = completedMs + random.int(30, 120) * MINUTE_MS;
  const refunded =
    canRefund &&
    random.chance(DEMO_RATES.refundedRetail) &&
    refundMs <= Math.min(ctx.nowMs, setting.drawer?.closeMs ?? ctx.nowMs);
  buffer.add('pos_orders', {
    id: orderId,
    tenant_id: ctx.tenantId,
    member_id: setting.member?.id ?? null,
    staff_id: setting.staffId,
    location_id: setting.location.id,
    device_id: setting.deviceId,
    coupon_id: applied?.[0].id ?? null,
    subtotal_amount: sum((l) => l.gross),
    discount_amount: sum((l) => l.discount),
    tax_amount: sum((l) => l.tax),
    total_amount: total,
    status: refunded ? 'refunded' : 'completed',
    receipt_number: nextReceipt(state, setting.deviceId),
    created_at: iso(atMs),
    completed_at: iso(completedMs),
  });
  for (const p of priced)
    addLine(state, setting, orderId, p, completedMs, refunded ? refundMs : null);
  if (applied) {
    const [coupon, discount] = applied;
    state.couponUses[coupon.index] = (state.couponUses[coupon.index] ?? 0) + 1;
    buffer.add('coupon_redemptions', {
      id: state.ids.couponRedemptions.next(completedMs),
      tenant_id: ctx.tenantId,
      coupon_id: coupon.id,
      user_id: setting.member?.userId ?? null,
      order_id: orderId,
      discount_amount: discount,
      redeemed_at: iso(completedMs),
    });
  }
  addTenders(state, setting, { orderId, total, completedMs, refundMs: refunded ? refundMs : null });
  return { orderId, lines: priced };
}

function addLine(
  state: CommerceState,
  setting: SaleSetting,
  orderId: string,
  p: PricedLine,
  completedMs: number,
  refundMs: number | null,
): void {
  const { ctx, buffer } = state;
  const { line } = p;
  const product =
    line.productIndex === undefined ? undefined : state.catalog.products[line.productIndex];
  buffer.add('pos_order_items', {
    id: p.id,
    tenant_id: ctx.tenantId,
    order_id: orderId,
    kind: line.kind,
    product_id: product?.id ?? null,
    pack_definition_id: line.packDefinitionId ?? null,
    gift_card_id: line.giftCard?.id ?? null,
    class_id: line.classId ?? null,
    description: line.description,
    quantity: line.quantity,
    unit_price: line.unitPrice,
    discount_amount: p.discount,
    tax_amount: p.tax,
    line_total: p.total,
    refunded_quantity: refundMs === null ? 0 : line.quantity,
  });
  if (product) {
    moveStock(state, product.index, -line.quantity, 'sale', completedMs, setting.staffId, p.id);
    if (refundMs !== null) {
      moveStock(state, product.index, line.quantity, 'refund', refundMs, setting.staffId, p.id);
    }
  }
  if (line.giftCard) {
    line.giftCard.balance += p.total;
    buffer.add('gift_card_transactions', {
      id: state.ids.giftCardTransactions.next(completedMs),
      tenant_id: ctx.tenantId,
      gift_card_id: line.giftCard.id,
      amount: p.total,
      type: line.giftCardKind ?? 'issue',
      order_id: orderId,
      staff_id: setting.staffId,
      device_id: setting.deviceId,
      created_at: iso(completedMs),
    });
  }
}
