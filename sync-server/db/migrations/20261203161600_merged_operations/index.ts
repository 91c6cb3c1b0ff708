import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { captureStatements } from '../20261127090200_change_capture/capture-sql';
import type { CapturedTable } from '../20261127090200_change_capture/captured-tables';
import { forceRowSecurity, tenantPolicy } from '../20261127090300_row_level_security/policy-sql';
import { captureFunction } from '../20261203090000_commit_time_positions/capture-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; capture and secure new tables in a later migration.

/** Synced tables the shared migration 20261203161500_merged_operations created (R9). */
export const mergedOperationsCapturedTables: readonly CapturedTable[] = [
  { name: 'id_aliases', keyColumns: ['alias_id'], tenant: 'tenant_id' },
];

/** Their tenant tables, each under the tenant policy like every other (R7.1). */
export const mergedOperationsTenantTables = ['id_aliases'] as const;

/**
 * Change capture (R4.1) and row-level security (R7.1) for id_aliases, as the landed
 * migrations give every synced table: the triggers of 20261127090200, then the capture body
 * of 20261203090000 (positions taken at commit) in place of the first one's.
 */
export const mergedOperationsMigration: SchemaMigration = {
  name: '20261203161600_merged_operations',
  up: ({ db }) =>
    runStatements(db, [
      ...mergedOperationsCapturedTables.flatMap((table) => [
        ...captureStatements(table),
        captureFunction(table),
      ]),
      ...mergedOperationsTenantTables.flatMap((table) => [
        ...forceRowSecurity(table),
        tenantPolicy(table),
        `grant select, insert, update, delete on ${table} to studio_app`,
      ]),
    ]),
};
