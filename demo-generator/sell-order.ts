import type { Database } from '../src-shared/schema/catalog';
import {
  priceCart,
  type CartAmounts,
  type LineAmounts,
  type PricingLine,
} from '../src-shared/mutations/front-desk/sale-pricing';
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
  readonly productIndex?: number;
  readonly packDefinitionId?: string;
  readonly giftCard?: GiftCardState;
  readonly giftCardKind?: 'issue' | 'reload';
  readonly classId?: string;
}

/** A line with what the sale rules charge for it. */
export interface PricedLine extends LineAmounts {
  readonly line: SaleLine;
  readonly id: string;
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
 * A line as `pos.sale` prices it (the catalog facts of sale-lines.ts `lookUpLine`): gift
 * cards are stored money, neither discounted nor taxed; every other line is discountable,
 * and only products the catalog marks taxable are taxed. A membership's first payment (the
 * billing issue will sell those, not `pos.sale`) is priced as a class pack is.
 */
function pricingLine(state: CommerceState, line: SaleLine): PricingLine {
  const product =
    line.productIndex === undefined ? undefined : state.catalog.products[line.productIndex];
  return {
    gross: line.quantity * line.unitPrice,
    discountable: line.kind !== 'gift_card',
    taxable: line.kind === 'product' && product?.spec.taxable === true,
  };
}

/**
 * Whether the desk would still accept the coupon at `atMs`: the checks of coupon-rules.ts
 * (switched on, not expired, not used up), against the redemptions written so far.
 */
function acceptedAt(state: CommerceState, coupon: CouponPlan, atMs: number): boolean {
  const { spec } = coupon;
  const used = state.couponUses[coupon.index] ?? 0;
  return (
    spec.active &&
    (coupon.expiresMs === null || coupon.expiresMs > atMs) &&
    (spec.maxRedemptions === null || used < spec.maxRedemptions)
  );
}

/** The coupon the customer hands over, if any: the one asked for, or now and then one. */
function chooseCoupon(
  state: CommerceState,
  atMs: number,
  preferred: string | undefined,
): CouponPlan | null {
  const coupons = state.catalog.coupons;
  const wanted = preferred ? coupons.find((c) => c.spec.code === preferred) : undefined;
  const coupon =
    wanted ??
    (state.random.chance(DEMO_RATES.couponUse)
      ? state.random.weighted(coupons.map((c) => [c, c.spec.popularity] as const))
      : undefined);
  return coupon && acceptedAt(state, coupon, atMs) ? coupon : null;
}

/**
 * Prices the lines with the real sale rules (sale-pricing.ts `priceCart`, what `pos.sale`
 * records), so demo orders carry the subtotal, discount, tax and total the desk would.
 * A coupon that takes nothing off these lines is not handed over.
 */
function priceSale(
  state: CommerceState,
  lines: readonly SaleLine[],
  coupon: CouponPlan | null,
): { readonly amounts: CartAmounts; readonly coupon: CouponPlan | null } {
  const pricing = lines.map((line) => pricingLine(state, line));
  const rate = state.ctx.settings.taxRateBasisPoints;
  const amounts = priceCart(pricing, coupon?.spec ?? null, rate);
  // Without a discount every line prices as it would with no coupon at all.
  return { amounts, coupon: amounts.discount > 0 ? coupon : null };
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
  const { amounts, coupon: applied } = priceSale(
    state,
    lines,
    chooseCoupon(state, atMs, options.coupon),
  );
  // Sorted, as pos.sale sorts them: ids of one millisecond order by their random bits, and
  // items in id order are then the lines in the order they were rung up (and priced) in.
  const itemIds = lines.map(() => state.ids.items.next(atMs)).sort();
  const priced = lines.map((line, i): PricedLine => ({
    line,
    id: itemIds[i] ?? '',
    ...(amounts.lines[i] ?? { gross: 0, discount: 0, tax: 0, total: 0 }),
  }));
  const { total } = amounts;
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
    coupon_id: applied?.id ?? null,
    subtotal_amount: amounts.subtotal,
    discount_amount: amounts.discount,
    tax_amount: amounts.tax,
    total_amount: total,
    status: refunded ? 'refunded' : 'completed',
    receipt_number: nextReceipt(state, setting.deviceId),
    created_at: iso(atMs),
    completed_at: iso(completedMs),
  });
  for (const p of priced)
    addLine(state, setting, orderId, p, completedMs, refunded ? refundMs : null);
  if (applied) {
    state.couponUses[applied.index] = (state.couponUses[applied.index] ?? 0) + 1;
    buffer.add('coupon_redemptions', {
      id: state.ids.couponRedemptions.next(completedMs),
      tenant_id: ctx.tenantId,
      coupon_id: applied.id,
      user_id: setting.member?.userId ?? null,
      order_id: orderId,
      discount_amount: amounts.discount,
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
    // The demo sells no fees or appointments at the POS (R15.5).
    member_fee_id: null,
    appointment_id: null,
    // Nor collects a review item's balance (R16.4).
    review_item_id: null,
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
