import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';
import { appointments as seedAppointments } from '../20261126120000_seed_schema/schedule-tables';
import { reviewItems as memberIdentityReviewItems } from '../20261204031500_member_identity/member-identity-tables';

// Frozen with migration 20261204081500: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

export const appointmentServiceStaff = defineTable({
  name: 'appointment_service_staff',
  purpose: 'Which staff members give each appointment service (issue 18).',
  scope: 'tenant',
  columns: {
    tenant_id: tenantId(),
    service_id: col.id().references('appointment_services'),
    staff_id: col.id().references('tenant_members'),
    created_at: col.timestamp(),
  },
  // Keyed by the pair, so two desks that add one staff member offline write one row.
  primaryKey: ['service_id', 'staff_id'],
});

export const staffAvailability = defineTable({
  name: 'staff_availability',
  purpose:
    "A staff member's weekly hours at a location, in the location's wall-clock time (issue 18).",
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    staff_id: col.id().references('tenant_members'),
    location_id: col.id().references('locations'),
    // ISO 8601 weekday: 1 is Monday, 7 is Sunday.
    weekday: col.integer(),
    // Minutes after local midnight; the end is exclusive and at most 1440 (midnight).
    start_minute: col.integer(),
    end_minute: col.integer(),
    created_at: col.timestamp(),
  },
  indexes: [
    { name: 'ix_staff_availability_staff', columns: ['tenant_id', 'staff_id', 'location_id'] },
  ],
});

export const staffAvailabilityExceptions = defineTable({
  name: 'staff_availability_exceptions',
  purpose:
    'Dated changes to a staff member’s weekly hours at a location: time off, or extra hours (issue 18).',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    staff_id: col.id().references('tenant_members'),
    location_id: col.id().references('locations'),
    // The location's calendar day, YYYY-MM-DD.
    date: col.text(),
    kind: col.enumOf(['off', 'extra']),
    // Minutes after local midnight, end exclusive. Both NULL only for 'off': the whole day.
    start_minute: col.integer().nullable(),
    end_minute: col.integer().nullable(),
    reason: col.text().nullable(),
    created_at: col.timestamp(),
  },
  indexes: [
    { name: 'ix_staff_availability_exceptions_day', columns: ['tenant_id', 'staff_id', 'date'] },
  ],
});

/** Columns this migration adds to appointments, all nullable (SQLite adds no other kind). */
export const addedAppointmentColumns = {
  // The price agreed when booked (the service's then); NULL for appointments made before.
  price: col.money().nullable(),
  cancellation_reason: col.text().nullable(),
  cancelled_at: col.timestamp().nullable(),
  // The POS order that paid for it; NULL while unpaid.
  paid_order_id: col.id().references('pos_orders').nullable(),
  // Who booked it and at which desk: a double booking names them (R9.4, R12).
  staff_id: col.id().references('tenant_members').nullable(),
  device_id: col.text().nullable(),
} as const;

/** Finds a staff member's appointments near a time: the slot finder's and the overlap check's read. */
export const appointmentsByStaffIndex = {
  name: 'ix_appointments_staff_start',
  columns: ['tenant_id', 'instructor_id', 'start_time'],
} as const;

export const appointments = defineTable({
  name: seedAppointments.name,
  scope: seedAppointments.scope,
  columns: { ...seedAppointments.columns, ...addedAppointmentColumns },
  indexes: [...(seedAppointments.indexes ?? []), appointmentsByStaffIndex],
});

/** Review items with the appointments' offline conflict: one staff member booked twice at once. */
export const reviewItems = defineTable({
  name: memberIdentityReviewItems.name,
  ...(memberIdentityReviewItems.purpose === undefined
    ? {}
    : { purpose: memberIdentityReviewItems.purpose }),
  scope: memberIdentityReviewItems.scope,
  columns: {
    ...memberIdentityReviewItems.columns,
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
      // Two desks booked one staff member into overlapping appointments offline: both are
      // kept and the owner moves one (PROTOCOL.md R12).
      'appointment_double_booked',
    ]),
  },
  indexes: [...(memberIdentityReviewItems.indexes ?? [])],
});
