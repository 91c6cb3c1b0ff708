import { col } from '../../column-spec';
import { defineTable, type IndexSpec } from '../../table-spec';
import {
  automationLogs as seedAutomationLogs,
  marketingAutomations as seedMarketingAutomations,
  pushLogs as seedPushLogs,
} from '../20261126120000_seed_schema/engagement-tables';
import { tenantMembers as reportTenantMembers } from '../20261205120000_report_indexes/report-index-tables';

// Frozen with migration 20261206140000: never edit; change tables in a later migration.

/** How a studio tunes an automation (days without a visit, credits left…), per trigger. */
export const addedAutomationColumns = {
  settings: col.json().nullable(),
} as const;

/**
 * What the server's automation job records of each send (issue 20, PROTOCOL.md R20). The
 * period says which occurrence of a repeating trigger it was (the lapse after a last visit,
 * a birthday's year), so the unique index lets each occurrence send once, and only once.
 */
export const addedAutomationLogColumns = {
  period_key: col.text().nullable(),
  // 'sending' while the message is handed to SMTP or the push service; then sent or failed.
  status: col.enumOf(['sending', 'sent', 'failed']).nullable(),
  sent_at: col.timestamp().nullable(),
  error: col.text().nullable(),
} as const;

/** A push delivery's outcome (the seed logged only what was sent). */
export const addedPushLogColumns = {
  status: col.enumOf(['sent', 'failed', 'expired']).nullable(),
  error: col.text().nullable(),
  automation_log_id: col.id().references('automation_logs').nullable(),
} as const;

/** The member said "no more messages" (an unsubscribe link): honoured by every automation. */
export const addedMemberColumns = {
  messages_opt_out_at: col.timestamp().nullable(),
} as const;

/** The seed's one-send-ever index, replaced by one that includes the period. */
export const replacedAutomationLogIndex = 'ux_automation_logs_once';

export const automationLogsOncePerPeriod: IndexSpec = {
  name: 'ux_automation_logs_period',
  columns: ['tenant_id', 'automation_id', 'user_id', 'channel', 'period_key'],
  unique: true,
};

export const marketingAutomations = defineTable({
  name: seedMarketingAutomations.name,
  ...(seedMarketingAutomations.purpose === undefined
    ? {}
    : { purpose: seedMarketingAutomations.purpose }),
  scope: seedMarketingAutomations.scope,
  columns: { ...seedMarketingAutomations.columns, ...addedAutomationColumns },
  indexes: [...(seedMarketingAutomations.indexes ?? [])],
});

export const automationLogs = defineTable({
  name: seedAutomationLogs.name,
  ...(seedAutomationLogs.purpose === undefined ? {} : { purpose: seedAutomationLogs.purpose }),
  scope: seedAutomationLogs.scope,
  columns: { ...seedAutomationLogs.columns, ...addedAutomationLogColumns },
  indexes: [
    ...(seedAutomationLogs.indexes ?? []).filter((i) => i.name !== replacedAutomationLogIndex),
    automationLogsOncePerPeriod,
  ],
});

export const pushLogs = defineTable({
  name: seedPushLogs.name,
  ...(seedPushLogs.purpose === undefined ? {} : { purpose: seedPushLogs.purpose }),
  scope: seedPushLogs.scope,
  columns: { ...seedPushLogs.columns, ...addedPushLogColumns },
  indexes: [...(seedPushLogs.indexes ?? [])],
});

export const tenantMembers = defineTable({
  name: reportTenantMembers.name,
  ...(reportTenantMembers.purpose === undefined ? {} : { purpose: reportTenantMembers.purpose }),
  scope: reportTenantMembers.scope,
  columns: { ...reportTenantMembers.columns, ...addedMemberColumns },
  indexes: [...reportTenantMembers.indexes],
});
