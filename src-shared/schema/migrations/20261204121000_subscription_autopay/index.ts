import { createTables } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import { subscriptionAutopay } from './autopay-tables';

// Frozen with migration 20261204121000: never edit; change tables in a later migration.

/** Tables as autopay memberships (issue 18, R13.5) leave them: the card each renews on. */
export const subscriptionAutopayTables = { subscriptionAutopay };

export const subscriptionAutopayMigration: SchemaMigration = {
  name: '20261204121000_subscription_autopay',
  up: async ({ db, dialect }) => {
    await createTables(db, dialect, [subscriptionAutopay]);
  },
};
