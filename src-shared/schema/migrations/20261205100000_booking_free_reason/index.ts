import { addNullableColumns } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import { addedBookingColumns, bookings } from './free-reason-tables';

// Frozen with migration 20261205100000: never edit; change tables in a later migration.

/** Tables as the reason for a free booking (issue 18) leaves them. */
export const bookingFreeReasonTables = { bookings };

export const bookingFreeReasonMigration: SchemaMigration = {
  name: '20261205100000_booking_free_reason',
  up: async ({ db, dialect }) => {
    await addNullableColumns(db, dialect, bookings.name, addedBookingColumns);
  },
};
