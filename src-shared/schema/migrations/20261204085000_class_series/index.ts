import { sql } from 'kysely';
import { addNullableColumns } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import { addedColumns, classes, classesBySeries, classSeries } from './class-series-tables';

// Frozen with migration 20261204085000: never edit; change tables in a later migration.

/** Tables as class series (issue 18) leave them: series and classes with added columns. */
export const classSeriesTables = { classSeries, classes };

export const classSeriesMigration: SchemaMigration = {
  name: '20261204085000_class_series',
  up: async ({ db, dialect }) => {
    for (const [table, columns] of Object.entries(addedColumns)) {
      await addNullableColumns(db, dialect, table, columns);
    }
    const columns = sql.join(classesBySeries.columns.map((c) => sql.ref(c)));
    await sql`create index ${sql.ref(classesBySeries.name)} on classes (${columns})`.execute(db);
  },
};
