import { z } from 'zod';
import { MERGE_FIELDS } from '../../automations/automation-template';
import { CHANNELS, runnableAutomation, TRIGGERS } from '../../automations/automation-triggers';
import { DEFAULT_QUIET_HOURS, quietHoursOf } from '../../automations/quiet-hours';
import { readStoredSettings } from '../../mutations/front-desk/tenant-settings';
import { displayName } from '../front-desk/member-names';
import { defineQuery } from '../query-definition';

/** What each trigger's settings default to, for the owner's form. */
const TRIGGER_DEFAULTS = Object.fromEntries(
  Object.entries(TRIGGERS).map(([name, schema]) => [
    name,
    schema.parse({}) as Record<string, number>,
  ]),
);

export const studioAutomations = defineQuery({
  name: 'automations.list',
  description:
    "The studio's automated messages with their tuning, the studio's quiet hours, and what each trigger and merge field is.",
  args: z.strictObject({}),
  async run({ db, tenantId }) {
    const { stored } = await readStoredSettings(db, tenantId);
    const rows = await db
      .selectFrom('marketing_automations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return {
      quietHours: quietHoursOf((stored as Record<string, unknown>).automationQuietHours),
      defaultQuietHours: DEFAULT_QUIET_HOURS,
      triggers: TRIGGER_DEFAULTS,
      channels: CHANNELS,
      mergeFields: MERGE_FIELDS,
      automations: rows.map((row) => {
        const runnable = runnableAutomation(row);
        return {
          automationId: row.id,
          trigger: runnable?.trigger ?? row.trigger_event,
          // A stored automation the server cannot run (an unknown trigger) is shown as such.
          runnable: runnable !== undefined,
          subject: row.subject,
          body: row.body,
          channels: runnable?.channels ?? [],
          settings: runnable?.settings ?? {},
          enabled: row.is_enabled === 1,
        };
      }),
    };
  },
});

export const automationActivity = defineQuery({
  name: 'automations.activity',
  description: 'The latest messages the automations sent or failed to send, newest first.',
  args: z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }),
  async run({ db, tenantId }, { limit }) {
    const rows = await db
      .selectFrom('automation_logs as l')
      .leftJoin('marketing_automations as a', 'a.id', 'l.automation_id')
      .leftJoin('tenant_members as m', (join) =>
        join.onRef('m.user_id', '=', 'l.user_id').on('m.tenant_id', '=', tenantId),
      )
      // A trial follow-up reached a lead, who has no user (R20.2).
      .leftJoin('leads as lead', (join) =>
        join.onRef('lead.id', '=', 'l.lead_id').on('lead.tenant_id', '=', tenantId),
      )
      .select([
        'l.id',
        'l.channel',
        'l.triggered_at',
        'l.status',
        'l.error',
        'a.trigger_event',
        'a.subject',
        'm.id as member_id',
        'm.profile',
        'lead.id as lead_id',
        'lead.name as lead_name',
      ])
      .where('l.tenant_id', '=', tenantId)
      .orderBy('l.triggered_at', 'desc')
      .orderBy('l.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      logId: row.id,
      channel: row.channel,
      at: row.triggered_at,
      // Rows from before statuses were recorded were sent.
      status: row.status ?? 'sent',
      error: row.error,
      trigger: row.trigger_event,
      subject: row.subject,
      memberId: row.member_id,
      memberName: row.profile === null ? null : displayName(row.profile),
      leadId: row.lead_id,
      leadName: row.lead_name,
    }));
  },
});

export const automationQueries = [studioAutomations, automationActivity] as const;
