import { addNullableColumns, replaceChecks } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import { addedOrderItemColumns, posOrderItems, reviewItems } from './review-collect-tables';

// Frozen with migration 20261206100000: never edit; change tables in a later migration.

/**
 * Tables as collecting a review item's balance at Sell (issue 19, R16.4) leaves them: order
 * items of kind `review_balance` naming their review item, and the `collect` settlement.
 */
export const reviewCollectTables = { posOrderItems, reviewItems };

/**
 * The new column first, then the CHECKs; on SQLite the rebuild that changes pos_order_items'
 * CHECK also gives the column its foreign key. On Postgres the column is added and the
 * CHECKs swapped in place, so the capture triggers stand and copy the whole row: the server
 * needs no migration of its own (as with 20261204130000_review_resolutions).
 */
export const reviewCollectMigration: SchemaMigration = {
  name: '20261206100000_review_collect',
  up: async ({ db, dialect }) => {
    await addNullableColumns(db, dialect, posOrderItems.name, addedOrderItemColumns);
    await replaceChecks(db, dialect, posOrderItems, ['kind']);
    await replaceChecks(db, dialect, reviewItems, ['resolution']);
  },
};
