import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { captureStatements } from '../20261127090200_change_capture/capture-sql';
import type { CapturedTable } from '../20261127090200_change_capture/captured-tables';
import { forceRowSecurity, tenantPolicy } from '../20261127090300_row_level_security/policy-sql';
import { captureFunction } from '../20261203090000_commit_time_positions/capture-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; capture and secure new tables in a later migration.

/** The synced table the shared migration 20261204120000_booking_fees created (R15). */
export const bookingFeesCapturedTables: readonly CapturedTable[] = [
  { name: 'member_fees', keyColumns: ['id'], tenant: 'tenant_id' },
];

/** Its tenant table, under the tenant policy like every other (R7.1). */
export const bookingFeesTenantTables = ['member_fees'] as const;

/**
 * Change capture (R4.1) and row-level security (R7.1) for member_fees: a fee owed, paid or
 * waived at one desk reaches every other desk by pull. The tables the shared migration
 * changed need nothing: on Postgres their CHECK is swapped and columns added in place, so
 * their capture triggers stand, and capture copies the whole row.
 */
export const bookingFeesMigration: SchemaMigration = {
  name: '20261204120100_booking_fees',
  up: ({ db }) =>
    runStatements(db, [
      ...bookingFeesCapturedTables.flatMap((table) => [
        ...captureStatements(table),
        captureFunction(table),
      ]),
      ...bookingFeesTenantTables.flatMap((table) => [
        ...forceRowSecurity(table),
        tenantPolicy(table),
        `grant select, insert, update, delete on ${table} to studio_app`,
      ]),
    ]),
};
