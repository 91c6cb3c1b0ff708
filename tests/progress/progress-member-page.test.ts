import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, serverBackends } from '../server/support/server-harness';
import {
  AutomationWorld,
  PUBLIC_URL,
  type AutomationStudio,
} from '../automations/support/automation-world';

const WELCOME = {
  subject: 'Welcome, {{firstName}}',
  body: 'Your progress: {{progressUrl}}\nStop: {{unsubscribeUrl}}',
};

/** The progress link of a message, as the member's mail client shows it. */
function progressLink(mail: { readonly text?: string | undefined }): string {
  const match = /Your progress: (\S+)/.exec(mail.text ?? '');
  if (!match?.[1]) throw new Error('the message has no progress link');
  return match[1];
}

/** R21.5: the member's own progress page, reached from a studio's message. */
describe.each(serverBackends)('the member’s progress page on %s', (backend) => {
  let world: AutomationWorld;

  beforeAll(async () => {
    world = await AutomationWorld.open(backend);
  });
  afterAll(async () => {
    await world.dispose();
  });

  async function metricsFor(studio: AutomationStudio, memberId: string) {
    await world.inStudio(studio, async (trx) => {
      const metric = (
        id: string,
        name: string,
        category: 'rank' | 'body' | 'attendance',
        visible: 0 | 1,
        unit: string,
      ) => ({
        id,
        tenant_id: studio.tenantId,
        name,
        category,
        unit,
        icon: null,
        aggregation: 'latest' as const,
        visible_to_students: visible,
        active: 1 as const,
        display_order: 0,
      });
      const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()] as const;
      await trx
        .insertInto('progress_metric_definitions')
        .values([
          metric(ids[0], 'Belt', 'rank', 1, 'level'),
          metric(ids[1], 'Body weight', 'body', 0, 'kg'),
          metric(ids[2], 'Classes attended', 'attendance', 1, 'classes'),
        ])
        .execute();
      const entry = (metricId: string, value: number, metadata: object) => ({
        id: crypto.randomUUID(),
        tenant_id: studio.tenantId,
        member_id: memberId,
        metric_definition_id: metricId,
        value,
        recorded_at: new Date(world.clock.now()).toISOString(),
        source: 'manual' as const,
        metadata: JSON.stringify(metadata),
      });
      await trx
        .insertInto('member_progress_entries')
        .values([
          entry(ids[0], 3, { label: 'Blue belt', note: 'Secret staff note' }),
          entry(ids[1], 81, {}),
        ])
        .execute();
    });
  }

  it('R21.5 a valid link shows only the metrics visible to students; a forged or other-purpose link is 404', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'member_created', WELCOME);
    const ada = await world.addMember(studio, 'Ada');
    await metricsFor(studio, ada.memberId);
    await world.checkIn(studio, ada, new Date(world.clock.now() - 86_400_000).toISOString());
    await world.runJob(studio);
    const link = progressLink(world.smtp.to(ada.email)[0] ?? {});
    expect(link.startsWith(`${PUBLIC_URL}/v1/progress/${studio.tenantId}.${ada.memberId}.`)).toBe(
      true,
    );
    const path = link.slice(PUBLIC_URL.length);

    const shown = await call(world.app, 'GET', path);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('Your progress');
    expect(shown.body).toContain('<strong>Belt</strong>: Blue belt (3 level)');
    expect(shown.body).toContain('<strong>Classes attended</strong>: 1 classes');
    expect(shown.body).not.toContain('Body weight');
    expect(shown.body).not.toContain('Secret staff note');

    const forged = await call(world.app, 'GET', `${path.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(404);
    expect(forged.body).not.toContain('Belt');
    // The unsubscribe link of the same message is not a progress link.
    const unsubscribe = /Stop: \S+\/v1\/unsubscribe\/(\S+)/.exec(
      world.smtp.to(ada.email)[0]?.text ?? '',
    );
    const other = await call(world.app, 'GET', `/v1/progress/${unsubscribe?.[1] ?? ''}`);
    expect(other.status).toBe(404);
    expect((await call(world.app, 'GET', '/v1/progress/not-a-token')).status).toBe(404);
  });
});
