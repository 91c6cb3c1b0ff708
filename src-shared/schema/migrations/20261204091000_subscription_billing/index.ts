import { addNullableColumns, createTables, replaceChecks } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import {
  addedSubscriptionColumns,
  reviewItems,
  subscriptionCharges,
  subscriptions,
} from './subscription-billing-tables';

// Frozen with migration 20261204091000: never edit; change tables in a later migration.

/**
 * Tables as renewal billing (issue 18) leaves them: subscriptions with their autopay card
 * and retry state, one charge row per billing attempt, and review items with the renewal
 * whose retries ran out.
 */
export const subscriptionBillingTables = { subscriptions, subscriptionCharges, reviewItems };

export const subscriptionBillingMigration: SchemaMigration = {
  name: '20261204091000_subscription_billing',
  up: async ({ db, dialect }) => {
    await addNullableColumns(db, dialect, subscriptions.name, addedSubscriptionColumns);
    await createTables(db, dialect, [subscriptionCharges]);
    await replaceChecks(db, dialect, reviewItems, ['kind']);
  },
};
