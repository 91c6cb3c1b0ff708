import { describe, expect, it } from 'vitest';
import { BACKENDS, resultOf, useSeededStudio } from '../front-desk/front-desk-harness';

interface Listed {
  readonly quietHours: { readonly start: string; readonly end: string };
  readonly triggers: Record<string, Record<string, number>>;
  readonly automations: readonly {
    readonly automationId: string;
    readonly trigger: string;
    readonly settings: Record<string, number>;
    readonly channels: readonly string[];
    readonly enabled: boolean;
    readonly runnable: boolean;
  }[];
}

const WIN_BACK = {
  trigger: 'win_back',
  subject: 'We miss you, {{firstName}}',
  body: 'It has been {{daysSinceVisit}} days. {{unsubscribeUrl}}',
  channels: ['email', 'push'],
  settings: { days: 45 },
  enabled: true,
};

/** The owner's side of automations (issue 20, R20.1): turned on, tuned and read at a desk. */
describe.each(BACKENDS)('automations in the studio console on %s', (backend) => {
  const studio = useSeededStudio(backend);
  const list = () => studio.query<Listed>('automations.list', {});
  const stored = () =>
    studio.db
      .selectFrom('marketing_automations')
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .execute();

  it('R20.1 an owner adds, tunes and turns off an automation; the list shows it with defaults filled', async () => {
    const saved = resultOf<{ automationId: string; created: boolean }>(
      await studio.run('automation.save', WIN_BACK, { as: 'owner' }),
    );
    expect(saved.created).toBe(true);
    const pack = resultOf<{ automationId: string }>(
      await studio.run(
        'automation.save',
        {
          trigger: 'pack_low_credits',
          subject: 'Low',
          body: '{{creditsLeft}} left',
          channels: ['push'],
          enabled: true,
        },
        { as: 'manager' },
      ),
    );
    let listed = await list();
    expect(listed.quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect(listed.triggers.win_back).toEqual({ days: 30 });
    // Both were made at the harness's one instant: their order is the ids'.
    expect([...listed.automations].sort((a, b) => a.trigger.localeCompare(b.trigger))).toEqual([
      expect.objectContaining({
        automationId: pack.automationId,
        settings: { credits: 1 },
        channels: ['push'],
      }),
      expect.objectContaining({
        automationId: saved.automationId,
        trigger: 'win_back',
        settings: { days: 45 },
        channels: ['email', 'push'],
        enabled: true,
        runnable: true,
      }),
    ]);

    await studio.run(
      'automation.save',
      { ...WIN_BACK, automationId: saved.automationId, enabled: false, settings: {} },
      { as: 'owner' },
    );
    await studio.run(
      'studio.updateSettings',
      { automationQuietHours: { start: '20:30', end: '07:00' } },
      { as: 'owner' },
    );
    listed = await list();
    expect(listed.quietHours).toEqual({ start: '20:30', end: '07:00' });
    expect(listed.automations.find((a) => a.trigger === 'win_back')).toMatchObject({
      enabled: false,
      settings: { days: 30 },
    });
  });

  it('R20.1 bad templates, settings, channels and roles are refused with nothing written', async () => {
    const before = await stored();
    const refusals = await Promise.all([
      studio.refused('automation.save', { ...WIN_BACK, body: 'Hi {{nickname}}' }, { as: 'owner' }),
      studio.refused('automation.save', { ...WIN_BACK, settings: { days: 3 } }, { as: 'owner' }),
      studio.refused('automation.save', { ...WIN_BACK, settings: { hours: 3 } }, { as: 'owner' }),
      studio.refused('automation.save', { ...WIN_BACK, channels: [] }, { as: 'owner' }),
      studio.refused('automation.save', { ...WIN_BACK, channels: ['sms'] }, { as: 'owner' }),
      studio.refused(
        'automation.save',
        { ...WIN_BACK, channels: ['email', 'email'] },
        { as: 'owner' },
      ),
      studio.refused('automation.save', { ...WIN_BACK, trigger: 'every_hour' }, { as: 'owner' }),
      studio.refused('automation.save', { ...WIN_BACK, subject: ' ' }, { as: 'owner' }),
      studio.refused(
        'studio.updateSettings',
        { automationQuietHours: { start: '25:00', end: '07:00' } },
        { as: 'owner' },
      ),
    ]);
    expect(refusals).toEqual(Array(9).fill('invalid'));
    expect(await studio.refused('automation.save', WIN_BACK, { as: 'frontDesk' })).toBe(
      'forbidden',
    );
    expect(
      await studio.refused(
        'automation.save',
        { ...WIN_BACK, automationId: '01936f7e-0000-7000-8000-000000000000' },
        { as: 'owner' },
      ),
    ).toBe('not_found');
    expect(await stored()).toEqual(before);
  });
});
