import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { captureStatements } from '../20261127090200_change_capture/capture-sql';
import type { CapturedTable } from '../20261127090200_change_capture/captured-tables';
import { forceRowSecurity, tenantPolicy } from '../20261127090300_row_level_security/policy-sql';
import { captureFunction } from '../20261203090000_commit_time_positions/capture-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; capture and secure new tables in a later migration.

/** Synced tables the shared migration 20261204090000_membership_changes created (issue 18). */
export const membershipChangesCapturedTables: readonly CapturedTable[] = [
  { name: 'subscription_sales', keyColumns: ['order_item_id'], tenant: 'tenant_id' },
  { name: 'subscription_pauses', keyColumns: ['id'], tenant: 'tenant_id' },
  { name: 'subscription_scheduled_changes', keyColumns: ['id'], tenant: 'tenant_id' },
];

/** Their tenant tables, each under the tenant policy like every other (R7.1). */
export const membershipChangesTenantTables = [
  'subscription_sales',
  'subscription_pauses',
  'subscription_scheduled_changes',
] as const;

/**
 * Change capture (R4.1) and row-level security (R7.1) for the memberships' new tables, as
 * every synced table has them: a pause or cancellation made at one desk reaches the others.
 */
export const membershipChangesMigration: SchemaMigration = {
  name: '20261204090100_membership_changes',
  up: ({ db }) =>
    runStatements(db, [
      ...membershipChangesCapturedTables.flatMap((table) => [
        ...captureStatements(table),
        captureFunction(table),
      ]),
      ...membershipChangesTenantTables.flatMap((table) => [
        ...forceRowSecurity(table),
        tenantPolicy(table),
        `grant select, insert, update, delete on ${table} to studio_app`,
      ]),
    ]),
};
