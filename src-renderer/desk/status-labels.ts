import type { Database } from '../../src-shared/schema/catalog';

/**
 * Words for the codes the database keeps (`past_due`, `no_show`, `front_desk`…): staff read
 * "Past due", never the code. One table per column, typed by the schema's own enum, so a
 * new code fails to compile until it has its words. Pure, so tested alone.
 */
type Code<T extends keyof Database, C extends keyof Database[T]> = Database[T][C] & string;

export const BOOKING_STATUS_LABELS: Readonly<Record<Code<'bookings', 'status'>, string>> = {
  confirmed: 'Booked',
  waitlisted: 'Waitlisted',
  cancelled: 'Cancelled',
  late_cancelled: 'Late cancel',
  no_show: 'No-show',
};

export const BOOKING_PAYMENT_LABELS: Readonly<
  Record<NonNullable<Database['bookings']['payment_method']>, string>
> = {
  subscription: 'Membership',
  pack: 'Pack credit',
  drop_in: 'Drop-in',
  free: 'Free',
};

/** A fee a member owes (issue 18): what it was charged for. */
export const FEE_KIND_LABELS: Readonly<Record<Code<'member_fees', 'kind'>, string>> = {
  late_cancel: 'Late cancel',
  no_show: 'No-show',
};

export const CLASS_STATUS_LABELS: Readonly<Record<Code<'classes', 'status'>, string>> = {
  scheduled: 'Scheduled',
  cancelled: 'Cancelled',
  completed: 'Completed',
};

export const SUBSCRIPTION_STATUS_LABELS: Readonly<Record<Code<'subscriptions', 'status'>, string>> =
  {
    active: 'Active',
    trialing: 'Trial',
    past_due: 'Past due',
    paused: 'Paused',
    canceled: 'Cancelled',
    expired: 'Expired',
  };

export const GIFT_CARD_STATUS_LABELS: Readonly<Record<Code<'gift_cards', 'status'>, string>> = {
  active: 'Active',
  disabled: 'Disabled',
};

export const GIFT_CARD_ENTRY_LABELS: Readonly<
  Record<Code<'gift_card_transactions', 'type'>, string>
> = {
  issue: 'Issued',
  reload: 'Reloaded',
  redeem: 'Spent',
  refund: 'Refunded',
  adjustment: 'Adjusted',
};

export const STAFF_ROLE_LABELS: Readonly<Record<Code<'tenant_roles', 'role'>, string>> = {
  owner: 'Owner',
  manager: 'Manager',
  front_desk: 'Front desk',
  instructor: 'Instructor',
  student: 'Member',
};

/** Falls back to the code with its underscores as spaces, for a code this desk is too old for. */
function labelOf(labels: Readonly<Record<string, string>>, code: string): string {
  return Object.hasOwn(labels, code) ? (labels[code] ?? code) : code.replaceAll('_', ' ');
}

export const bookingStatusLabel = (code: string) => labelOf(BOOKING_STATUS_LABELS, code);
export const bookingPaymentLabel = (code: string | null) =>
  code === null ? '—' : labelOf(BOOKING_PAYMENT_LABELS, code);
export const classStatusLabel = (code: string) => labelOf(CLASS_STATUS_LABELS, code);
export const feeKindLabel = (code: string) => labelOf(FEE_KIND_LABELS, code);
export const subscriptionStatusLabel = (code: string) => labelOf(SUBSCRIPTION_STATUS_LABELS, code);
export const giftCardStatusLabel = (code: string) => labelOf(GIFT_CARD_STATUS_LABELS, code);
export const giftCardEntryLabel = (code: string) => labelOf(GIFT_CARD_ENTRY_LABELS, code);
export const staffRoleLabel = (code: string) => labelOf(STAFF_ROLE_LABELS, code);

/** A desk's enrolment as the Desks tab shows it. */
export const deskStatusLabel = (code: string) =>
  labelOf({ active: 'Active', revoked: 'Revoked' }, code);
