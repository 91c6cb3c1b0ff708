import { sql } from 'kysely';
import { addNullableColumns, createIndex } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import {
  addedAutomationColumns,
  addedAutomationLogColumns,
  addedMemberColumns,
  addedPushLogColumns,
  automationLogs,
  automationLogsOncePerPeriod,
  marketingAutomations,
  pushLogs,
  replacedAutomationLogIndex,
  tenantMembers,
} from './automation-tables';

// Frozen with migration 20261206140000: never edit; change tables in a later migration.

/** Tables as the server's automations (issue 20) leave them. */
export const automationTables = { marketingAutomations, automationLogs, pushLogs, tenantMembers };

export const automationsMigration: SchemaMigration = {
  name: '20261206140000_automations',
  up: async ({ db, dialect }) => {
    await addNullableColumns(db, dialect, marketingAutomations.name, addedAutomationColumns);
    await addNullableColumns(db, dialect, automationLogs.name, addedAutomationLogColumns);
    await addNullableColumns(db, dialect, pushLogs.name, addedPushLogColumns);
    await addNullableColumns(db, dialect, tenantMembers.name, addedMemberColumns);
    await sql`drop index ${sql.ref(replacedAutomationLogIndex)}`.execute(db);
    await createIndex(db, automationLogs.name, automationLogsOncePerPeriod);
  },
};
