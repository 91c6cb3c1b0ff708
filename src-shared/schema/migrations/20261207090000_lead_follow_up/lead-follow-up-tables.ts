import { col } from '../../column-spec';
import type { IndexSpec, TableSpec } from '../../table-spec';
import { automationLogs as periodAutomationLogs } from '../20261206140000_automations/automation-tables';
import { leads as pipelineLeads } from '../20261206120000_lead_pipeline/lead-pipeline-tables';

// Frozen with migration 20261207090000: never edit; change tables in a later migration.

/**
 * A send to a lead (the trial follow-up, issue 20, R20.1): a lead has no user, so its log
 * names the lead instead, and `user_id` becomes optional. Each row names one or the other.
 */
export const addedAutomationLogColumns = {
  lead_id: col.id().references('leads').nullable(),
} as const;

/** The lead said "no more messages" (their unsubscribe link, R20.3). */
export const addedLeadColumns = {
  messages_opt_out_at: col.timestamp().nullable(),
} as const;

/**
 * A lead's send is claimed once per automation, channel and occurrence, as a member's is by
 * ux_automation_logs_period; member rows (lead_id NULL) never meet here, nor lead rows there.
 */
export const automationLogsOncePerLeadPeriod: IndexSpec = {
  name: 'ux_automation_logs_lead_period',
  columns: ['tenant_id', 'automation_id', 'lead_id', 'channel', 'period_key'],
  unique: true,
};

/**
 * automation_logs as the SQLite rebuild makes it: user_id nullable, lead_id added, the
 * indexes it had (the rebuild drops and remakes exactly these).
 */
export const rebuiltAutomationLogs = {
  ...periodAutomationLogs,
  columns: {
    ...periodAutomationLogs.columns,
    user_id: col.id().referencesGlobal('users').nullable(),
    ...addedAutomationLogColumns,
  },
} satisfies TableSpec;

export const automationLogs = {
  ...rebuiltAutomationLogs,
  indexes: [...(periodAutomationLogs.indexes ?? []), automationLogsOncePerLeadPeriod],
} satisfies TableSpec;

export const leads = {
  ...pipelineLeads,
  columns: { ...pipelineLeads.columns, ...addedLeadColumns },
} satisfies TableSpec;
