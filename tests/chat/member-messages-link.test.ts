import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, serverBackends } from '../server/support/server-harness';
import { AutomationWorld, PUBLIC_URL } from '../automations/support/automation-world';

/** R20.1, R22.5: an automation's {{messagesUrl}} opens the member's own conversation. */
describe.each(serverBackends)('the messages link in a studio’s e-mail on %s', (backend) => {
  let world: AutomationWorld;

  beforeAll(async () => {
    world = await AutomationWorld.open(backend);
  });
  afterAll(async () => {
    await world.dispose();
  });

  it('fills {{messagesUrl}} with the member’s signed link, which shows their room', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'member_created', {
      subject: 'Welcome, {{firstName}}',
      body: 'Write to us: {{messagesUrl}}\nStop: {{unsubscribeUrl}}',
    });
    const ada = await world.addMember(studio, 'Ada');
    await world.runJob(studio);
    const text = world.smtp.to(ada.email)[0]?.text ?? '';
    const link = /Write to us: (\S+)/.exec(text)?.[1] ?? '';
    expect(link.startsWith(`${PUBLIC_URL}/v1/messages/${studio.tenantId}.${ada.memberId}.`)).toBe(
      true,
    );
    const page = await call(world.app, 'GET', link.slice(PUBLIC_URL.length));
    expect(page.status).toBe(200);
    expect(page.body).toContain('No messages yet');
    // The unsubscribe link of the same message does not open the conversation.
    const stop = /Stop: \S+\/v1\/unsubscribe\/(\S+)/.exec(text)?.[1] ?? '';
    expect((await call(world.app, 'GET', `/v1/messages/${stop}`)).status).toBe(404);
  });
});
