import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { captureStatements } from '../20261127090200_change_capture/capture-sql';
import type { CapturedTable } from '../20261127090200_change_capture/captured-tables';
import { forceRowSecurity, tenantPolicy } from '../20261127090300_row_level_security/policy-sql';
import { captureFunction } from '../20261203090000_commit_time_positions/capture-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; capture and secure new tables in a later migration.

/** The synced table the shared migration 20261204080000_member_photos created (issue 17). */
export const memberPhotosCapturedTables: readonly CapturedTable[] = [
  // One photo per member: the row is keyed by the member, as staff_credentials is.
  { name: 'member_photos', keyColumns: ['member_id'], tenant: 'tenant_id' },
];

/** Its tenant table, under the tenant policy like every other (R7.1). */
export const memberPhotosTenantTables = ['member_photos'] as const;

/**
 * Change capture (R4.1) and row-level security (R7.1) for member_photos, as every synced
 * table has them: a photo set or removed at one desk reaches every other desk by pull.
 */
export const memberPhotosMigration: SchemaMigration = {
  name: '20261204080100_member_photos',
  up: ({ db }) =>
    runStatements(db, [
      ...memberPhotosCapturedTables.flatMap((table) => [
        ...captureStatements(table),
        captureFunction(table),
      ]),
      ...memberPhotosTenantTables.flatMap((table) => [
        ...forceRowSecurity(table),
        tenantPolicy(table),
        `grant select, insert, update, delete on ${table} to studio_app`,
      ]),
    ]),
};
