import { sql } from 'kysely';
import type { MigrationContext, SchemaMigration } from '../../schema-migration';
import type { IndexSpec } from '../../table-spec';
import {
  bookings,
  bookingsByClassAttendance,
  classes,
  classesByLocationStart,
  replacedBookingsIndex,
} from './schedule-index-tables';

// Frozen with migration 20261204131000: never edit; change tables in a later migration.

/** Tables as the schedule's indexes (issue 18, B6) leave them. */
export const scheduleIndexTables = { bookings, classes };

async function createPlainIndex(
  db: MigrationContext['db'],
  table: string,
  index: IndexSpec,
): Promise<void> {
  const columns = sql.join(index.columns.map((c) => sql.ref(c)));
  await sql`create index ${sql.ref(index.name)} on ${sql.table(table)} (${columns})`.execute(db);
}

export const scheduleIndexesMigration: SchemaMigration = {
  name: '20261204131000_schedule_indexes',
  up: async ({ db }) => {
    await createPlainIndex(db, bookings.name, bookingsByClassAttendance);
    await sql`drop index ${sql.ref(replacedBookingsIndex)}`.execute(db);
    await createPlainIndex(db, classes.name, classesByLocationStart);
  },
};
