import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { captureStatements } from '../20261127090200_change_capture/capture-sql';
import type { CapturedTable } from '../20261127090200_change_capture/captured-tables';
import { forceRowSecurity, tenantPolicy } from '../20261127090300_row_level_security/policy-sql';
import { captureFunction } from '../20261203090000_commit_time_positions/capture-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; capture and secure new tables in a later migration.

/** Synced tables the shared migration 20261203200000_studio_console created (issue 16). */
export const studioConsoleCapturedTables: readonly CapturedTable[] = [
  { name: 'rooms', keyColumns: ['id'], tenant: 'tenant_id' },
  { name: 'class_payment_options', keyColumns: ['id'], tenant: 'tenant_id' },
];

/** Their tenant tables, each under the tenant policy like every other (R7.1). */
export const studioConsoleTenantTables = ['rooms', 'class_payment_options'] as const;

/**
 * Change capture (R4.1) and row-level security (R7.1) for the console's new tables, as every
 * synced table has them. Columns added to captured tables need nothing: capture copies the
 * whole row.
 */
export const studioConsoleMigration: SchemaMigration = {
  name: '20261203200100_studio_console',
  up: ({ db }) =>
    runStatements(db, [
      ...studioConsoleCapturedTables.flatMap((table) => [
        ...captureStatements(table),
        captureFunction(table),
      ]),
      ...studioConsoleTenantTables.flatMap((table) => [
        ...forceRowSecurity(table),
        tenantPolicy(table),
        `grant select, insert, update, delete on ${table} to studio_app`,
      ]),
    ]),
};
