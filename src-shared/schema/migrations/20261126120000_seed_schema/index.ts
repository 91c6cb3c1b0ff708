import { createTables } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import * as commerce from './commerce-tables';
import * as engagement from './engagement-tables';
import * as people from './people-tables';
import * as platform from './platform-tables';
import * as schedule from './schedule-tables';

/** The seed data model: 34 tables, with tenant_id on every tenant table. */
export const seedSchemaTables = {
  ...people,
  ...schedule,
  ...commerce,
  ...engagement,
  ...platform,
};

export const seedSchemaMigration: SchemaMigration = {
  name: '20261126120000_seed_schema',
  up: ({ db, dialect }) => createTables(db, dialect, Object.values(seedSchemaTables)),
};
