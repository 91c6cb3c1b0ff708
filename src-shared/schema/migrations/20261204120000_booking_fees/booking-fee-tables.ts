import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';
import { posOrderItems as seedPosOrderItems } from '../20261126120000_seed_schema/commerce-tables';
import { bookings as mergedBookings } from '../20261203161500_merged_operations/merge-tables';
import { appointments as appointmentTablesAppointments } from '../20261204081500_appointments/appointment-tables';
import { reviewItems as billingReviewItems } from '../20261204091000_subscription_billing/subscription-billing-tables';

// Frozen with migration 20261204120000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

/**
 * A late-cancel or no-show fee a member owes (issue 18, PROTOCOL.md R15). Its id is derived
 * from the booking and the kind, so a booking cancelled or marked a no-show at two desks owes
 * one fee. `order_item_id` names the POS line that paid it; it is a plain id, not a foreign
 * key, because the order item already points at the fee (`pos_order_items.member_fee_id`)
 * and two keys pointing at each other would make the tables a cycle no load order satisfies.
 */
export const memberFees = defineTable({
  name: 'member_fees',
  purpose: 'A late-cancel or no-show fee a member owes, paid at the POS or waived (issue 18).',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    member_id: col.id().references('tenant_members'),
    kind: col.enumOf(['late_cancel', 'no_show']),
    booking_id: col.id().references('bookings').nullable(),
    amount: col.money(),
    status: col.enumOf(['owed', 'paid', 'waived']),
    order_item_id: col.id().nullable(),
    waived_reason: col.text().nullable(),
    created_at: col.timestamp(),
    // When it was paid or waived; NULL while owed.
    settled_at: col.timestamp().nullable(),
  },
  indexes: [{ name: 'ix_member_fees_member', columns: ['tenant_id', 'member_id'] }],
});

/** Columns this migration adds to pos_order_items: what a fee or appointment line paid. */
export const addedOrderItemColumns = {
  member_fee_id: col.id().references('member_fees').nullable(),
  appointment_id: col.id().references('appointments').nullable(),
} as const;

export const posOrderItems = defineTable({
  name: seedPosOrderItems.name,
  scope: seedPosOrderItems.scope,
  columns: {
    ...seedPosOrderItems.columns,
    kind: col.enumOf([
      'product',
      'class_pack',
      'gift_card',
      'drop_in',
      'membership',
      // A member's late-cancel or no-show fee, and an appointment, paid at the POS (R15).
      'fee',
      'appointment',
    ]),
    ...addedOrderItemColumns,
  },
  indexes: [...(seedPosOrderItems.indexes ?? [])],
});

/**
 * The appointment's paying order item; a plain id for the reason member_fees.order_item_id
 * is one (the item points at the appointment). `paid_order_id` is set with it.
 */
export const addedAppointmentColumns = {
  order_item_id: col.id().nullable(),
} as const;

export const appointments = defineTable({
  name: appointmentTablesAppointments.name,
  scope: appointmentTablesAppointments.scope,
  columns: { ...appointmentTablesAppointments.columns, ...addedAppointmentColumns },
  indexes: [...(appointmentTablesAppointments.indexes ?? [])],
});

/**
 * The pack a waitlisted member chose to pay with (R15): no credit is held while waiting, so
 * `used_pack_id` (which means "holds a credit") stays NULL until the member is promoted.
 */
export const addedBookingColumns = {
  waitlist_pack_id: col.id().references('purchased_packs').nullable(),
} as const;

export const bookings = defineTable({
  name: mergedBookings.name,
  scope: mergedBookings.scope,
  columns: { ...mergedBookings.columns, ...addedBookingColumns },
  indexes: [...(mergedBookings.indexes ?? [])],
});

export const reviewItems = defineTable({
  name: billingReviewItems.name,
  ...(billingReviewItems.purpose === undefined ? {} : { purpose: billingReviewItems.purpose }),
  scope: billingReviewItems.scope,
  columns: {
    ...billingReviewItems.columns,
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
      'subscription_payment_failed',
      // A fee or an appointment paid by two sales at two offline desks: both sales stand
      // (the money was taken) and the owner refunds one (R15.5).
      'paid_twice',
    ]),
  },
  indexes: [...(billingReviewItems.indexes ?? [])],
});
