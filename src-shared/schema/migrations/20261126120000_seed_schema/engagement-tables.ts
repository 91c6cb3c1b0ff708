import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';

// Frozen with migration 20261126120000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

export const leads = defineTable({
  name: 'leads',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    email: col.text(),
    name: col.text().nullable(),
    phone: col.text().nullable(),
    source: col.text().nullable(),
    status: col.enumOf(['new', 'contacted', 'trial', 'converted', 'lost']),
    converted_member_id: col.id().references('tenant_members').nullable(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_leads_tenant_status', columns: ['tenant_id', 'status'] }],
});

export const studentNotes = defineTable({
  name: 'student_notes',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    student_id: col.id().references('tenant_members'),
    author_id: col.id().references('tenant_members'),
    note: col.text(),
    // Alerts show on check-in (injury, payment issue), plain notes only on the profile.
    is_alert: col.flag(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_student_notes_student', columns: ['tenant_id', 'student_id'] }],
});

export const waiverTemplates = defineTable({
  name: 'waiver_templates',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    title: col.text(),
    body: col.text(),
    // A required waiver blocks check-in until signed (staff may override, audited).
    required: col.flag(),
    active: col.flag(),
    created_at: col.timestamp(),
  },
});

export const waiverSignatures = defineTable({
  name: 'waiver_signatures',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    template_id: col.id().references('waiver_templates'),
    member_id: col.id().references('tenant_members'),
    signed_at: col.timestamp(),
    // The signature image as a data URL, or typed name.
    signature: col.text(),
    device_id: col.text().nullable(),
  },
  indexes: [{ name: 'ix_waiver_signatures_member', columns: ['tenant_id', 'member_id'] }],
});

export const marketingAutomations = defineTable({
  name: 'marketing_automations',
  // Global rows (tenant_id NULL) are platform templates every studio inherits, so the key
  // cannot include tenant_id: in Citus this is a reference table.
  scope: 'global',
  columns: {
    id: col.id(),
    tenant_id: col.id().referencesGlobal('tenants').nullable(),
    trigger_event: col.text(),
    subject: col.text(),
    body: col.text(),
    is_enabled: col.flag(),
    channels: col.json(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_marketing_automations_tenant', columns: ['tenant_id'] }],
});

export const automationLogs = defineTable({
  name: 'automation_logs',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    automation_id: col.id().referencesGlobal('marketing_automations'),
    user_id: col.id().referencesGlobal('users'),
    channel: col.text(),
    triggered_at: col.timestamp(),
    metadata: col.json(),
  },
  // Idempotency: an automation reaches a person once per channel.
  indexes: [
    {
      name: 'ux_automation_logs_once',
      columns: ['tenant_id', 'automation_id', 'user_id', 'channel'],
      unique: true,
    },
  ],
});

export const chatRooms = defineTable({
  name: 'chat_rooms',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    type: col.enumOf(['direct', 'group', 'support', 'class']),
    name: col.text(),
    status: col.enumOf(['open', 'closed', 'archived']),
    assigned_to_id: col.id().referencesGlobal('users').nullable(),
    created_at: col.timestamp(),
  },
});

export const pushLogs = defineTable({
  name: 'push_logs',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    user_id: col.id().referencesGlobal('users'),
    title: col.text(),
    body: col.text(),
    sent_at: col.timestamp(),
  },
});
