import { describe, expect, it } from 'vitest';
import { BACKENDS, NOW, useSeededStudio } from '../front-desk/front-desk-harness';

interface ActivityRow {
  readonly memberName: string | null;
  readonly leadName: string | null;
  readonly status: string;
  readonly error: string | null;
}

/** The owner's list of recent sends (Studio › Automations) names members and leads alike. */
describe.each(BACKENDS)('automations.activity on %s (R20.2)', (backend) => {
  const studio = useSeededStudio(backend);

  it('names the member or the lead each send reached, newest first, with failures', async () => {
    const automationId = crypto.randomUUID();
    const leadId = crypto.randomUUID();
    const member = await studio.db
      .selectFrom('tenant_members')
      .select(['id', 'user_id', 'profile'])
      .where('tenant_id', '=', studio.tenantId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await studio.db
      .insertInto('marketing_automations')
      .values({
        id: automationId,
        tenant_id: studio.tenantId,
        trigger_event: 'trial_follow_up',
        channels: '["email"]',
        subject: 'How was it?',
        body: 'Hi {{firstName}}',
        is_enabled: 1,
        settings: null,
        created_at: NOW,
      })
      .execute();
    await studio.db
      .insertInto('leads')
      .values({
        id: leadId,
        tenant_id: studio.tenantId,
        name: 'Tess Trial',
        email: 'tess@example.com',
        phone: null,
        source: 'walk_in',
        status: 'trial',
        created_at: NOW,
      })
      .execute();
    const log = (minutes: number, who: { user_id: string | null; lead_id: string | null }) => ({
      id: crypto.randomUUID(),
      tenant_id: studio.tenantId,
      automation_id: automationId,
      channel: 'email',
      triggered_at: new Date(Date.parse(NOW) + minutes * 60_000).toISOString(),
      metadata: '{}',
      period_key: `p${minutes}`,
      status: minutes === 2 ? ('failed' as const) : ('sent' as const),
      sent_at: null,
      error: minutes === 2 ? '550 mailbox unavailable' : null,
      ...who,
    });
    await studio.db
      .insertInto('automation_logs')
      .values([
        log(1, { user_id: member.user_id, lead_id: null }),
        log(2, { user_id: null, lead_id: leadId }),
      ])
      .execute();
    const rows = await studio.query<ActivityRow[]>('automations.activity', {});
    const ours = rows.slice(0, 2);
    expect(ours.map((r) => [r.leadName, r.status, r.error])).toEqual([
      ['Tess Trial', 'failed', '550 mailbox unavailable'],
      [null, 'sent', null],
    ]);
    expect(ours[1]?.memberName).toBeTruthy();
  });
});
