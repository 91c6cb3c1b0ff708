import { sql } from 'kysely';
import { addNullableColumns, createIndex, createTables, replaceChecks } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import {
  addedLeadColumns,
  leadNotes,
  leads,
  leadsByConvertedMember,
  rebuiltLeads,
} from './lead-pipeline-tables';

// Frozen with migration 20261206120000: never edit; change tables in a later migration.

/** Tables as the lead pipeline (issue 20) leaves them. */
export const leadPipelineTables = { leads, leadNotes };

/**
 * Leads get the pipeline's columns and an optional e-mail, and their notes a table.
 * Postgres drops the NOT NULL in place, which keeps the table's change-capture triggers and
 * row-level security. SQLite cannot, so the desk rebuilds the table by SQLite's own
 * procedure (replaceChecks, which makes the new spec, e-mail nullable, and copies the rows);
 * nothing pointed at leads before this migration, and desks keep no triggers on it.
 */
export const leadPipelineMigration: SchemaMigration = {
  name: '20261206120000_lead_pipeline',
  up: async ({ db, dialect }) => {
    await addNullableColumns(db, dialect, leads.name, addedLeadColumns);
    if (dialect === 'postgres') {
      await sql`alter table leads alter column email drop not null`.execute(db);
    } else {
      await replaceChecks(db, dialect, rebuiltLeads, []);
    }
    await createIndex(db, leads.name, leadsByConvertedMember);
    await createTables(db, dialect, [leadNotes]);
  },
};
