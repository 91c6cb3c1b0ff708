import type { IndexSpec, TableSpec } from '../../table-spec';
import { bookings as reportBookings } from '../20261205120000_report_indexes/report-index-tables';

// Frozen with migration 20261206110000: never edit; change tables in a later migration.

/**
 * The attendance and members reports (issue 19, B7) over 90 days read a couple of hundred
 * thousand check-ins at a large studio; each index below holds every column its reads need,
 * so they are read from the index alone instead of one table page per check-in.
 */

/**
 * A range's check-ins with what paid for them (the members report's pack and plan usage).
 * It serves every read of the check-ins index of 20261205120000, which it replaces.
 */
export const bookingsByCheckInPaid: IndexSpec = {
  name: 'ix_bookings_check_ins_paid',
  columns: [
    'tenant_id',
    'checked_in_at',
    'status',
    'class_id',
    'member_id',
    'used_pack_id',
    'subscription_id',
  ],
};
export const replacedCheckInIndex = 'ix_bookings_check_ins';

/**
 * Each member's check-ins in time order: returning and lapsed members are one pass over it,
 * grouped by member (first visit, last before the range, any in it), with no sort.
 */
export const bookingsByMemberVisit: IndexSpec = {
  name: 'ix_bookings_member_visits',
  columns: ['tenant_id', 'status', 'member_id', 'checked_in_at', 'class_id'],
};

export const bookings = {
  ...reportBookings,
  indexes: [
    ...reportBookings.indexes.filter((i) => i.name !== replacedCheckInIndex),
    bookingsByCheckInPaid,
    bookingsByMemberVisit,
  ],
} satisfies TableSpec;
