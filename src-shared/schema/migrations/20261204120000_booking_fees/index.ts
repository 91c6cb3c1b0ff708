import { addNullableColumns, createTables, replaceChecks } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import {
  addedAppointmentColumns,
  addedBookingColumns,
  addedOrderItemColumns,
  appointments,
  bookings,
  memberFees,
  posOrderItems,
  reviewItems,
} from './booking-fee-tables';

// Frozen with migration 20261204120000: never edit; change tables in a later migration.

/**
 * Tables as fees and waitlist payment (issue 18, PROTOCOL.md R15) leave them: member_fees,
 * order items that pay a fee or an appointment, the appointment's paying item, the pack a
 * waitlisted booking will pay with, and review items with `paid_twice`.
 */
export const bookingFeesTables = {
  memberFees,
  posOrderItems,
  appointments,
  bookings,
  reviewItems,
};

export const bookingFeesMigration: SchemaMigration = {
  name: '20261204120000_booking_fees',
  up: async ({ db, dialect }) => {
    await createTables(db, dialect, [memberFees]);
    await addNullableColumns(db, dialect, appointments.name, addedAppointmentColumns);
    await addNullableColumns(db, dialect, bookings.name, addedBookingColumns);
    // The new columns first, then the kind's CHECK. On SQLite the rebuild that changes the
    // CHECK also gives the new columns their foreign keys (ALTER TABLE could not).
    await addNullableColumns(db, dialect, posOrderItems.name, addedOrderItemColumns);
    await replaceChecks(db, dialect, posOrderItems, ['kind']);
    await replaceChecks(db, dialect, reviewItems, ['kind']);
  },
};
