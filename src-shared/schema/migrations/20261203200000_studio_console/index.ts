import { addNullableColumns, createTables, replaceChecks } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import {
  addedColumns,
  classes,
  classPaymentOptions,
  coupons,
  locations,
  products,
  reviewItems,
  rooms,
  waiverTemplates,
} from './console-tables';

// Frozen with migration 20261203200000: never edit; change tables in a later migration.

/**
 * Tables as the studio console (issue 16) leaves them: two new, five with added columns, and
 * review items with the console's conflict kinds.
 */
export const studioConsoleTables = {
  rooms,
  classPaymentOptions,
  locations,
  classes,
  products,
  coupons,
  waiverTemplates,
  reviewItems,
};

export const studioConsoleMigration: SchemaMigration = {
  name: '20261203200000_studio_console',
  up: async ({ db, dialect }) => {
    await createTables(db, dialect, [rooms, classPaymentOptions]);
    for (const [table, columns] of Object.entries(addedColumns)) {
      await addNullableColumns(db, dialect, table, columns);
    }
    await replaceChecks(db, dialect, reviewItems, ['kind']);
  },
};
