import type { Database } from '../../schema/catalog';

export type ReviewKind = Database['review_items']['kind'];

/**
 * What happened, in a sentence an owner reads without knowing the protocol (R9–R15 raise
 * these). The server's own message (`details.message`) follows it with the particulars.
 */
export const REVIEW_KIND_SENTENCES: Readonly<Record<ReviewKind, string>> = {
  gift_card_overdrawn: 'A gift card was spent past its balance by desks that were offline.',
  pack_exhausted: 'A class pack was used for more classes than it had credits.',
  stock_negative: 'More units of a product were sold than were in stock.',
  class_over_capacity: 'A class was booked past its capacity by desks that were offline.',
  membership_lapsed: 'A membership that had lapsed paid for a class.',
  card_declined: 'A card payment did not go through, or does not match what Stripe holds.',
  duplicate_booking: 'Two desks booked the same member into the same class; one booking was kept.',
  edit_conflict: 'Two desks changed the same record offline; the later change stands.',
  coupon_overused: 'A coupon was redeemed more times than its limit.',
  retired_item_sold: 'Something was sold by a desk that had not yet heard it was retired.',
  duplicate_member_email: 'Two members were added with the same e-mail address.',
  duplicate_member_card: 'One member card number was given to two members.',
  appointment_double_booked: 'Two appointments were booked for the same staff member at once.',
  subscription_payment_failed: 'A membership renewal could not be charged to the saved card.',
  paid_twice: 'A fee, an appointment or a review balance was paid by two sales.',
};

/** The ways an owner or manager settles a review item (R16), as review_items records them. */
export type ReviewAction = NonNullable<Database['review_items']['resolution']>;

/** The status an action leaves: a dismissal is `dismissed`, every other settlement `resolved`. */
export function statusAfter(action: ReviewAction): 'dismissed' | 'resolved' {
  return action === 'dismiss' ? 'dismissed' : 'resolved';
}
