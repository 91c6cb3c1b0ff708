import { createTables } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import {
  subscriptionPauses,
  subscriptionSales,
  subscriptionScheduledChanges,
} from './membership-change-tables';

// Frozen with migration 20261204090000: never edit; change tables in a later migration.

/**
 * Tables as memberships sold and managed at the desk (issue 18) leave them: the order item
 * that sold each membership, its pauses, and the changes it takes at the end of a period.
 * The subscriptions table itself is unchanged here.
 */
export const membershipChangeTables = {
  subscriptionSales,
  subscriptionPauses,
  subscriptionScheduledChanges,
};

export const membershipChangesMigration: SchemaMigration = {
  name: '20261204090000_membership_changes',
  up: async ({ db, dialect }) => {
    await createTables(db, dialect, [
      subscriptionSales,
      subscriptionPauses,
      subscriptionScheduledChanges,
    ]);
  },
};
