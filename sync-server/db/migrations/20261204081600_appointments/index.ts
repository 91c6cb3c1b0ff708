import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { captureStatements } from '../20261127090200_change_capture/capture-sql';
import type { CapturedTable } from '../20261127090200_change_capture/captured-tables';
import { forceRowSecurity, tenantPolicy } from '../20261127090300_row_level_security/policy-sql';
import { captureFunction } from '../20261203090000_commit_time_positions/capture-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; capture and secure new tables in a later migration.

/** Synced tables the shared migration 20261204081500_appointments created (issue 18). */
export const appointmentsCapturedTables: readonly CapturedTable[] = [
  {
    name: 'appointment_service_staff',
    keyColumns: ['service_id', 'staff_id'],
    tenant: 'tenant_id',
  },
  { name: 'staff_availability', keyColumns: ['id'], tenant: 'tenant_id' },
  { name: 'staff_availability_exceptions', keyColumns: ['id'], tenant: 'tenant_id' },
];

/** Their tenant tables, each under the tenant policy like every other (R7.1). */
export const appointmentsTenantTables = [
  'appointment_service_staff',
  'staff_availability',
  'staff_availability_exceptions',
] as const;

/**
 * Change capture (R4.1) and row-level security (R7.1) for the appointments' new tables, as
 * every synced table has them. The columns added to appointments need nothing: capture
 * copies the whole row.
 */
export const appointmentsMigration: SchemaMigration = {
  name: '20261204081600_appointments',
  up: ({ db }) =>
    runStatements(db, [
      ...appointmentsCapturedTables.flatMap((table) => [
        ...captureStatements(table),
        captureFunction(table),
      ]),
      ...appointmentsTenantTables.flatMap((table) => [
        ...forceRowSecurity(table),
        tenantPolicy(table),
        `grant select, insert, update, delete on ${table} to studio_app`,
      ]),
    ]),
};
