import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { runStatements } from '../run-statements';
import { captureStatements, refuseTruncateFunction } from './capture-sql';
import { capturedTables } from './captured-tables';

// Frozen once landed: never edit; capture new tables in a later migration.

/** The rights the capture functions need, as studio_definer, on every tenant's rows. */
const definerGrants = [
  `grant usage on schema public to studio_definer`,
  `grant select, insert, update on sync_positions, sync_changes to studio_definer`,
  `grant select on tenant_members to studio_definer`,
];

/**
 * Change capture (R4.1): statement-level triggers with transition tables on every synced
 * table record each changed row's key at the next position of its tenant.
 */
export const changeCaptureMigration: SchemaMigration = {
  name: '20261127090200_change_capture',
  up: ({ db }) =>
    runStatements(db, [
      ...definerGrants,
      refuseTruncateFunction,
      ...capturedTables.flatMap(captureStatements),
    ]),
};
