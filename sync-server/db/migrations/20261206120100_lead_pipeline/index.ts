import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { captureStatements } from '../20261127090200_change_capture/capture-sql';
import type { CapturedTable } from '../20261127090200_change_capture/captured-tables';
import { forceRowSecurity, tenantPolicy } from '../20261127090300_row_level_security/policy-sql';
import { captureFunction } from '../20261203090000_commit_time_positions/capture-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; capture and secure new tables in a later migration.

/**
 * The synced table the shared migration 20261206120000_lead_pipeline created (issue 20).
 * `leads` itself was captured and secured from the seed; that migration altered it in
 * place on Postgres, so its triggers and policy still hold.
 */
export const leadPipelineCapturedTables: readonly CapturedTable[] = [
  { name: 'lead_notes', keyColumns: ['id'], tenant: 'tenant_id' },
];

/** Its tenant table, under the tenant policy like every other (R7.1). */
export const leadPipelineTenantTables = ['lead_notes'] as const;

/** Change capture (R4.1) and row-level security (R7.1) for lead notes. */
export const leadPipelineMigration: SchemaMigration = {
  name: '20261206120100_lead_pipeline',
  up: ({ db }) =>
    runStatements(db, [
      ...leadPipelineCapturedTables.flatMap((table) => [
        ...captureStatements(table),
        captureFunction(table),
      ]),
      ...leadPipelineTenantTables.flatMap((table) => [
        ...forceRowSecurity(table),
        tenantPolicy(table),
        `grant select, insert, update, delete on ${table} to studio_app`,
      ]),
    ]),
};
