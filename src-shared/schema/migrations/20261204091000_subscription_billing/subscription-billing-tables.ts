import { col } from '../../column-spec';
import { defineTable, type TableSpec } from '../../table-spec';
import { subscriptions as seedSubscriptions } from '../20261126120000_seed_schema/people-tables';
import { reviewItems as appointmentReviewItems } from '../20261204081500_appointments/appointment-tables';

// Frozen with migration 20261204091000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

/**
 * What the server needs to bill a subscription's renewals (issue 18, PROTOCOL.md R14): the
 * card saved for autopay on the studio's connected account, and where the retries of a
 * declined renewal stand. Added later, so nullable (SQLite adds no NOT NULL column).
 */
export const addedSubscriptionColumns = {
  // Stripe's customer and payment method on the studio's connected account. Stripe ids of a
  // member stay on the server (R4.6): only the server charges the card.
  stripe_customer_id: col.text().nullable().serverOnly(),
  stripe_payment_method_id: col.text().nullable().serverOnly(),
  // Declined attempts at the current period's renewal; NULL or 0 while none failed.
  billing_retry_count: col.integer().nullable(),
  // When the job tries a past_due renewal again; NULL when no retry is planned.
  next_billing_retry_at: col.timestamp().nullable(),
} as const;

export const subscriptions = {
  ...seedSubscriptions,
  columns: {
    ...seedSubscriptions.columns,
    // As the catalog already had it: Stripe's subscription id never reaches a desk.
    stripe_subscription_id: seedSubscriptions.columns.stripe_subscription_id.serverOnly(),
    ...addedSubscriptionColumns,
  },
} satisfies TableSpec;

export const subscriptionCharges = defineTable({
  name: 'subscription_charges',
  purpose:
    "One attempt by the server to charge a subscription's renewal to its saved card (issue 18).",
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    subscription_id: col.id().references('subscriptions'),
    member_id: col.id().references('tenant_members'),
    plan_id: col.id().references('membership_plans'),
    // The period this attempt pays for: the one starting where the last paid one ended.
    period_start: col.timestamp(),
    period_end: col.timestamp(),
    amount: col.money(),
    // Lowercase ISO 4217, as Stripe spells it.
    currency: col.text(),
    // 1 for the attempt at the period's start, then one more per retry.
    attempt: col.integer(),
    // pending: claimed, Stripe's answer not recorded yet (a crash leaves it to be resent).
    status: col.enumOf(['pending', 'succeeded', 'failed']),
    stripe_payment_intent_id: col.text().nullable(),
    // Stripe's decline code (card_declined, insufficient_funds…) and its sentence.
    failure_code: col.text().nullable(),
    failure_message: col.text().nullable(),
    // Sent to Stripe with the charge: one PaymentIntent per subscription, period and attempt.
    idempotency_key: col.text(),
    created_at: col.timestamp(),
    updated_at: col.timestamp(),
  },
  indexes: [
    // The database's own guard: two runners can never both claim one attempt (R14.2).
    {
      name: 'ux_subscription_charges_attempt',
      columns: ['tenant_id', 'subscription_id', 'period_start', 'attempt'],
      unique: true,
    },
  ],
});

export const reviewItems = defineTable({
  name: appointmentReviewItems.name,
  ...(appointmentReviewItems.purpose === undefined
    ? {}
    : { purpose: appointmentReviewItems.purpose }),
  scope: appointmentReviewItems.scope,
  columns: {
    ...appointmentReviewItems.columns,
    kind: col.enumOf([
      'gift_card_overdrawn',
      'pack_exhausted',
      'stock_negative',
      'class_over_capacity',
      'membership_lapsed',
      'card_declined',
      'duplicate_booking',
      'edit_conflict',
      'coupon_overused',
      'retired_item_sold',
      'duplicate_member_email',
      'duplicate_member_card',
      'appointment_double_booked',
      // Every retry of a renewal was declined: the subscription expired and the owner
      // settles with the member (PROTOCOL.md R14.4).
      'subscription_payment_failed',
    ]),
  },
  indexes: [...(appointmentReviewItems.indexes ?? [])],
});
