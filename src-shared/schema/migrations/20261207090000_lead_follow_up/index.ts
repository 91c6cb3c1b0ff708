import { sql } from 'kysely';
import { addNullableColumns, createIndex, replaceChecks } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import {
  addedAutomationLogColumns,
  addedLeadColumns,
  automationLogs,
  automationLogsOncePerLeadPeriod,
  leads,
  rebuiltAutomationLogs,
} from './lead-follow-up-tables';

// Frozen with migration 20261207090000: never edit; change tables in a later migration.

/** Tables as the trial follow-up for leads (issue 20, R20.1) leaves them. */
export const leadFollowUpTables = { automationLogs, leads };

/**
 * automation_logs gets `lead_id` and an optional `user_id`, with its own once-per-period
 * index; leads get an opt-out. Postgres drops the NOT NULL in place, which keeps the
 * table's change-capture triggers and row-level security. SQLite cannot, so the desk
 * rebuilds the table by SQLite's own procedure (replaceChecks: new table, rows copied, old
 * dropped, new renamed), which leaves push_logs.automation_log_id pointing at the same
 * name and the same ids.
 */
export const leadFollowUpMigration: SchemaMigration = {
  name: '20261207090000_lead_follow_up',
  up: async ({ db, dialect }) => {
    await addNullableColumns(db, dialect, automationLogs.name, addedAutomationLogColumns);
    if (dialect === 'postgres') {
      await sql`alter table automation_logs alter column user_id drop not null`.execute(db);
    } else {
      await replaceChecks(db, dialect, rebuiltAutomationLogs, []);
    }
    await createIndex(db, automationLogs.name, automationLogsOncePerLeadPeriod);
    await addNullableColumns(db, dialect, leads.name, addedLeadColumns);
  },
};
