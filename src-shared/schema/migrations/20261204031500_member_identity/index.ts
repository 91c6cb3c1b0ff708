import { replaceChecks } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import { reviewItems } from './member-identity-tables';

// Frozen with migration 20261204031500: never edit; change tables in a later migration.

/** Tables as the member desk (issue 17) leaves them: review items with two more kinds. */
export const memberIdentityTables = { reviewItems };

export const memberIdentityMigration: SchemaMigration = {
  name: '20261204031500_member_identity',
  up: async ({ db, dialect }) => {
    await replaceChecks(db, dialect, reviewItems, ['kind']);
  },
};
