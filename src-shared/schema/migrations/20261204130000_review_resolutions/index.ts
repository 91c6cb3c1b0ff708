import { addNullableColumns } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import { addedReviewResolutionColumns, reviewItems } from './review-resolution-tables';

// Frozen with migration 20261204130000: never edit; change tables in a later migration.

/** Tables as the review queue (issue 19, R16) leaves them: how each review item was settled. */
export const reviewResolutionTables = { reviewItems };

/**
 * Adds the settlement columns to review_items. No CHECK changes and no foreign key, so both
 * databases add them in place: on Postgres the capture trigger stands and copies the whole
 * row, so the server needs no migration of its own.
 */
export const reviewResolutionsMigration: SchemaMigration = {
  name: '20261204130000_review_resolutions',
  up: async ({ db, dialect }) => {
    await addNullableColumns(db, dialect, reviewItems.name, addedReviewResolutionColumns);
  },
};
