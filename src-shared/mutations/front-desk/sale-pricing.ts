/**
 * Sale arithmetic in integer minor units, shared by the quote the desk shows and the
 * mutation that records the sale, so the two cannot disagree.
 *
 * - A coupon discounts the discountable lines (everything but gift cards, which are stored
 *   money): a percent is rounded half up on their sum, an amount is capped at it. The
 *   discount is spread over those lines in proportion to their gross amounts, by
 *   cumulative floors, so the shares add up to the discount exactly.
 * - Tax is per line, on what is left after the discount, at the tenant's rate for the line's
 *   category in basis points, rounded half up; only taxable lines are taxed. Products are
 *   taxed by their category (retail when it is not set), class packs, memberships and
 *   drop-ins at the packs rate.
 * - A line's total is gross - discount + tax, and the order's amounts are sums of lines.
 */

import type { TaxCategory, TaxRates } from './tenant-settings';

export interface PricingLine {
  readonly gross: number;
  readonly discountable: boolean;
  readonly taxable: boolean;
  /** Which of the studio's rates taxes the line; retail when not given. */
  readonly taxCategory?: TaxCategory;
}

export interface LineAmounts {
  readonly gross: number;
  readonly discount: number;
  readonly tax: number;
  readonly total: number;
}

export interface CouponTerms {
  readonly type: 'percent' | 'amount';
  /** Whole percent 1..100, or minor units. */
  readonly value: number;
}

export interface CartAmounts {
  readonly lines: readonly LineAmounts[];
  readonly subtotal: number;
  readonly discount: number;
  readonly tax: number;
  readonly total: number;
}

/** numerator / denominator rounded half up, for non-negative integers. */
export function roundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** floor(amount × part / whole): cumulative shares of an amount that add up exactly. */
export function shareOf(amount: number, part: number, whole: number): number {
  return whole === 0 ? 0 : Math.floor((amount * part) / whole);
}

export function couponDiscount(eligible: number, coupon: CouponTerms): number {
  if (coupon.type === 'percent')
    return Math.min(eligible, roundHalfUp(eligible * coupon.value, 100));
  return Math.min(eligible, coupon.value);
}

export function taxOn(net: number, taxRateBasisPoints: number): number {
  return roundHalfUp(net * taxRateBasisPoints, 10_000);
}

/** The rate a line is taxed at: its category's, or the one rate given for every category. */
function rateOf(line: PricingLine, rates: TaxRates | number): number {
  return typeof rates === 'number' ? rates : rates[line.taxCategory ?? 'retail'];
}

/**
 * Prices a cart. `rates` is the studio's rate per category, or one rate for every category
 * (what a studio had before categories, and what the demo generator prices with).
 */
export function priceCart(
  lines: readonly PricingLine[],
  coupon: CouponTerms | null,
  rates: TaxRates | number,
): CartAmounts {
  const eligible = lines.reduce((sum, l) => sum + (l.discountable ? l.gross : 0), 0);
  const discount = coupon ? couponDiscount(eligible, coupon) : 0;
  let before = 0;
  const priced = lines.map((line): LineAmounts => {
    let share = 0;
    if (line.discountable) {
      share =
        shareOf(discount, before + line.gross, eligible) - shareOf(discount, before, eligible);
      before += line.gross;
    }
    const tax = line.taxable ? taxOn(line.gross - share, rateOf(line, rates)) : 0;
    return { gross: line.gross, discount: share, tax, total: line.gross - share + tax };
  });
  const sum = (pick: (l: LineAmounts) => number) => priced.reduce((s, l) => s + pick(l), 0);
  return {
    lines: priced,
    subtotal: sum((l) => l.gross),
    discount: sum((l) => l.discount),
    tax: sum((l) => l.tax),
    total: sum((l) => l.total),
  };
}

/**
 * The part of a sold line that `quantity` more units, after `alreadyRefunded`, give back.
 * Cumulative floors make the parts of a line refunded in several goes add up to the line.
 */
export function refundPart(
  line: { readonly quantity: number; readonly unitPrice: number } & Omit<
    LineAmounts,
    'gross' | 'total'
  >,
  alreadyRefunded: number,
  quantity: number,
): LineAmounts {
  // Not clamped to the line: the desk refuses an over-refund, and a server that learns of
  // one (two desks refunding the same unit) records the money that was given back.
  const upTo = alreadyRefunded + quantity;
  const from = alreadyRefunded;
  const part = (amount: number) =>
    shareOf(amount, upTo, line.quantity) - shareOf(amount, from, line.quantity);
  const gross = line.unitPrice * (upTo - from);
  const discount = part(line.discount);
  const tax = part(line.tax);
  return { gross, discount, tax, total: gross - discount + tax };
}
