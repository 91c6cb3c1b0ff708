import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';

// Frozen with migration 20261126120000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

export const locations = defineTable({
  name: 'locations',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    name: col.text(),
    // IANA zone; schedules are shown in the location's local time.
    time_zone: col.text(),
    address: col.text().nullable(),
    created_at: col.timestamp(),
  },
});

export const classSeries = defineTable({
  name: 'class_series',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    title: col.text(),
    // RFC 5545 RRULE with DTSTART, expanded into classes.
    recurrence_rule: col.text(),
    location_id: col.id().references('locations').nullable(),
    instructor_id: col.id().references('tenant_members').nullable(),
    duration_minutes: col.integer(),
    capacity: col.integer(),
    created_at: col.timestamp(),
  },
});

export const classes = defineTable({
  name: 'classes',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    series_id: col.id().references('class_series').nullable(),
    location_id: col.id().references('locations'),
    instructor_id: col.id().references('tenant_members').nullable(),
    title: col.text(),
    start_time: col.timestamp(),
    duration_minutes: col.integer(),
    capacity: col.integer(),
    // Price of a drop-in for this class, in minor units.
    drop_in_price: col.money(),
    status: col.enumOf(['scheduled', 'cancelled', 'completed']),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_classes_tenant_start', columns: ['tenant_id', 'start_time'] }],
});

export const bookings = defineTable({
  name: 'bookings',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    class_id: col.id().references('classes'),
    member_id: col.id().references('tenant_members'),
    status: col.enumOf(['confirmed', 'waitlisted', 'cancelled', 'late_cancelled', 'no_show']),
    payment_method: col.enumOf(['subscription', 'pack', 'drop_in', 'free']).nullable(),
    used_pack_id: col.id().references('purchased_packs').nullable(),
    subscription_id: col.id().references('subscriptions').nullable(),
    // Copied from the class so schedule and history queries need no join.
    start_time: col.timestamp(),
    waitlist_position: col.integer().nullable(),
    checked_in_at: col.timestamp().nullable(),
    cancelled_at: col.timestamp().nullable(),
    created_at: col.timestamp(),
  },
  indexes: [
    { name: 'ix_bookings_tenant_start', columns: ['tenant_id', 'start_time'] },
    {
      name: 'ix_bookings_member_status_checkin',
      columns: ['member_id', 'status', 'checked_in_at'],
    },
    { name: 'ix_bookings_created', columns: ['created_at'] },
    { name: 'ix_bookings_class', columns: ['tenant_id', 'class_id'] },
  ],
});

export const appointmentServices = defineTable({
  name: 'appointment_services',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    title: col.text(),
    duration_minutes: col.integer(),
    price: col.money(),
    active: col.flag(),
    created_at: col.timestamp(),
  },
});

export const appointments = defineTable({
  name: 'appointments',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    service_id: col.id().references('appointment_services'),
    instructor_id: col.id().references('tenant_members'),
    member_id: col.id().references('tenant_members'),
    location_id: col.id().references('locations').nullable(),
    start_time: col.timestamp(),
    duration_minutes: col.integer(),
    status: col.enumOf(['scheduled', 'confirmed', 'completed', 'cancelled', 'no_show']),
    notes: col.text().nullable(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_appointments_tenant_start', columns: ['tenant_id', 'start_time'] }],
});
