import { sql } from 'kysely';
import { createIndex } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import {
  bookings,
  bookingsByCheckInPaid,
  bookingsByMemberVisit,
  replacedCheckInIndex,
} from './member-visit-index-tables';

// Frozen with migration 20261206110000: never edit; change tables in a later migration.

/** Tables as the attendance and members reports' indexes (issue 19, B7) leave them. */
export const memberVisitIndexTables = { bookings };

export const memberVisitIndexMigration: SchemaMigration = {
  name: '20261206110000_member_visit_index',
  up: async ({ db }) => {
    await createIndex(db, bookings.name, bookingsByCheckInPaid);
    await sql`drop index ${sql.ref(replacedCheckInIndex)}`.execute(db);
    await createIndex(db, bookings.name, bookingsByMemberVisit);
  },
};
