import type { IndexSpec, TableSpec } from '../../table-spec';
import { bookings as feeBookings } from '../20261204120000_booking_fees/booking-fee-tables';
import { classes as seriesClasses } from '../20261204085000_class_series/class-series-tables';

// Frozen with migration 20261204131000: never edit; change tables in a later migration.

/**
 * The day schedule counts each class's bookings by status and check-in (B6). Covering those
 * columns lets it read the index alone: classes made by a series carry name-based ids, so a
 * day's bookings are spread over the whole table and each row read costs a page. It serves
 * every lookup of the old (tenant_id, class_id) index, which it replaces.
 */
export const bookingsByClassAttendance: IndexSpec = {
  name: 'ix_bookings_class_attendance',
  columns: ['tenant_id', 'class_id', 'status', 'checked_in_at'],
};
export const replacedBookingsIndex = 'ix_bookings_class';

/** One location's day reads only that location's classes, not every location's. */
export const classesByLocationStart: IndexSpec = {
  name: 'ix_classes_location_start',
  columns: ['tenant_id', 'location_id', 'start_time'],
};

export const bookings = {
  ...feeBookings,
  indexes: [
    ...(feeBookings.indexes ?? []).filter((i) => i.name !== replacedBookingsIndex),
    bookingsByClassAttendance,
  ],
} satisfies TableSpec;

export const classes = {
  ...seriesClasses,
  indexes: [...(seriesClasses.indexes ?? []), classesByLocationStart],
} satisfies TableSpec;
