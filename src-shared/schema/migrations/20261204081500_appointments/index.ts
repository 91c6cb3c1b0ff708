import { addNullableColumns, createTables, replaceChecks } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import {
  addedAppointmentColumns,
  appointments,
  appointmentsByStaffIndex,
  appointmentServiceStaff,
  reviewItems,
  staffAvailability,
  staffAvailabilityExceptions,
} from './appointment-tables';

// Frozen with migration 20261204081500: never edit; change tables in a later migration.

/**
 * Tables as appointments (issue 18) leave them: who gives each service, staff hours and their
 * dated exceptions, appointments with price, cancellation, payment and who booked them, and
 * review items with the appointments' double booking.
 */
export const appointmentTables = {
  appointmentServiceStaff,
  staffAvailability,
  staffAvailabilityExceptions,
  appointments,
  reviewItems,
};

export const appointmentsMigration: SchemaMigration = {
  name: '20261204081500_appointments',
  up: async ({ db, dialect }) => {
    await createTables(db, dialect, [
      appointmentServiceStaff,
      staffAvailability,
      staffAvailabilityExceptions,
    ]);
    await addNullableColumns(db, dialect, 'appointments', addedAppointmentColumns);
    await db.schema
      .createIndex(appointmentsByStaffIndex.name)
      .on('appointments')
      .columns([...appointmentsByStaffIndex.columns])
      .execute();
    await replaceChecks(db, dialect, reviewItems, ['kind']);
  },
};
