import { col } from '../../column-spec';
import type { TableSpec } from '../../table-spec';
import { bookings as scheduleBookings } from '../20261204131000_schedule_indexes/schedule-index-tables';

// Frozen with migration 20261205100000: never edit; change tables in a later migration.

/**
 * Why a place was given free (issue 18: "instructor's guest", "make-up class"), as staff
 * typed it when booking ahead. NULL for every other payment, and for free bookings made by
 * desks older than the reason (their queued calls carry none and are still accepted).
 */
export const addedBookingColumns = {
  free_reason: col.text().nullable(),
} as const;

export const bookings = {
  ...scheduleBookings,
  columns: { ...scheduleBookings.columns, ...addedBookingColumns },
} satisfies TableSpec;
