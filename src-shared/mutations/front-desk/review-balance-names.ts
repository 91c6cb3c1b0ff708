import type { Database } from '../../schema/catalog';

type ReviewKind = Database['review_items']['kind'];

/** What the cart and the receipt call a review item's balance, by the item's kind (R16.4). */
const BALANCE_NAMES: Partial<Record<ReviewKind, string>> = {
  gift_card_overdrawn: 'Gift card balance owed',
  pack_exhausted: 'Class pack credits owed',
  membership_lapsed: 'Lapsed membership class owed',
  card_declined: 'Declined card payment owed',
  subscription_payment_failed: 'Membership renewal owed',
  stock_negative: 'Oversold product owed',
  coupon_overused: 'Coupon discount owed',
};

/** "Gift card balance owed", or "Balance owed: paid twice" for a kind without a name. */
export function reviewBalanceName(kind: ReviewKind): string {
  return BALANCE_NAMES[kind] ?? `Balance owed: ${kind.replaceAll('_', ' ')}`;
}
