import { col } from '../../column-spec';
import { defineTable, type IndexSpec, type TableSpec } from '../../table-spec';
import { leads as seedLeads } from '../20261126120000_seed_schema/engagement-tables';

// Frozen with migration 20261206120000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

/**
 * What the desk's lead pipeline (issue 20) adds to a lead. All nullable: the seed's rows
 * (the demo generator's) have none of them, and SQLite adds no NOT NULL column.
 */
export const addedLeadColumns = {
  /** Free text beside `source` ("Instagram ad, winter promo"). */
  source_detail: col.text().nullable(),
  /** The class the lead was booked to try, and when it was booked (R18.3). */
  trial_class_id: col.id().references('classes').nullable(),
  trial_booked_at: col.timestamp().nullable(),
  lost_reason: col.text().nullable(),
  converted_at: col.timestamp().nullable(),
  /** The staff member who took the lead; NULL for leads from before the pipeline. */
  created_by: col.id().references('tenant_members').nullable(),
  updated_at: col.timestamp().nullable(),
} as const;

/** The member page finds the lead a member was converted from. */
export const leadsByConvertedMember: IndexSpec = {
  name: 'ix_leads_converted_member',
  columns: ['tenant_id', 'converted_member_id'],
};

/** Leads with the pipeline's columns and the seed's indexes, as the SQLite rebuild makes them. */
export const rebuiltLeads = {
  ...seedLeads,
  columns: {
    ...seedLeads.columns,
    email: col.text().nullable(),
    ...addedLeadColumns,
  },
} satisfies TableSpec;

/**
 * Leads with the pipeline's columns, and e-mail optional: a phone lead at the desk gives a
 * name and a number (issue 20). The member a lead became is found by it (the member page).
 */
export const leads = {
  ...rebuiltLeads,
  indexes: [...(seedLeads.indexes ?? []), leadsByConvertedMember],
} satisfies TableSpec;

/** A staff note on a lead, one row per note, so the lead keeps its history (issue 20). */
export const leadNotes = defineTable({
  name: 'lead_notes',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    lead_id: col.id().references('leads'),
    author_id: col.id().references('tenant_members'),
    note: col.text(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_lead_notes_lead', columns: ['tenant_id', 'lead_id', 'created_at'] }],
});
