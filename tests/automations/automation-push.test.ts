import { request as httpsRequest } from 'node:https';
import { sql } from 'kysely';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, serverBackends } from '../server/support/server-harness';
import type { FakeSubscription } from './support/push-service-fake';
import {
  AutomationWorld,
  PUBLIC_URL,
  type AutomationStudio,
  type Member,
} from './support/automation-world';

const WELCOME = {
  subject: 'Welcome, {{firstName}}',
  body: 'Get our messages on your phone: {{notificationsUrl}}',
};

describe.each(serverBackends)('automations by web push on %s', (backend) => {
  let world: AutomationWorld;

  beforeAll(async () => {
    world = await AutomationWorld.open(backend);
  });

  afterAll(async () => {
    await world.dispose();
  });

  /** The member follows the notifications link of their welcome e-mail on a device. */
  async function turnOnNotifications(member: Member, device: FakeSubscription) {
    const mail = world.smtp.to(member.email)[0];
    const link = /(http\S+\/v1\/notifications\/\S+)/.exec(mail?.text ?? '')?.[1];
    if (link === undefined) throw new Error('the welcome has no notifications link');
    const path = link.slice(PUBLIC_URL.length);
    const page = await call(world.app, 'GET', path);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`data-vapid-key="${world.vapid.publicKey}"`);
    return call(world.app, 'POST', path, { body: device });
  }

  async function welcomed(studio: AutomationStudio, name: string): Promise<Member> {
    const member = await world.addMember(studio, name);
    await world.runJob(studio);
    return member;
  }

  it('R20.5 a member turns on notifications from a link; pushes reach each device encrypted and VAPID-signed, logged in push_logs', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'member_created', WELCOME);
    const mo = await welcomed(studio, 'Mo');
    const phone = world.pushService.newDevice();
    const laptop = world.pushService.newDevice();
    expect((await turnOnNotifications(mo, phone)).status).toBe(201);
    expect((await turnOnNotifications(mo, laptop)).status).toBe(201);

    await world.addPack(studio, mo, 1);
    await world.addAutomation(
      studio,
      'pack_low_credits',
      { subject: '{{creditsLeft}} class left', body: 'Top up your {{packName}}, {{firstName}}.' },
      { channels: ['push'] },
    );
    const run = await world.runJob(studio);
    expect(run.sent).toBe(1);
    expect(world.pushService.refused).toEqual([]);
    for (const device of [phone, laptop]) {
      expect(world.pushService.to(device)).toEqual([
        {
          device: device.endpoint.split('/').pop(),
          ttl: 86_400,
          payload: { title: '1 class left', body: 'Top up your Ten Class Pack, Mo.' },
          vapidSubject: 'mailto:platform@studio.test',
        },
      ]);
    }
    const logs = await world.sendLog(studio);
    const pushLog = logs.find((l) => l.channel === 'push');
    expect(pushLog).toMatchObject({
      user_id: mo.userId,
      status: 'sent',
      period_key: expect.stringMatching(/^pack:/) as unknown,
    });
    const deliveries = await world.inStudio(studio, (trx) =>
      trx
        .selectFrom('push_logs')
        .selectAll()
        .where('automation_log_id', '=', pushLog?.id ?? '')
        .execute(),
    );
    expect(deliveries.map((d) => [d.status, d.title, d.user_id])).toEqual([
      ['sent', '1 class left', mo.userId],
      ['sent', '1 class left', mo.userId],
    ]);
    // Once per pack: the next run pushes nothing more.
    await world.runJob(studio);
    expect(world.pushService.to(phone)).toHaveLength(1);
  });

  it('R20.5 a device the push service says is gone is expired and logged; a member with no device gets no push claim', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'member_created', WELCOME);
    const ny = await welcomed(studio, 'Ny');
    const nobody = await welcomed(studio, 'Nobody');
    const old = world.pushService.newDevice();
    const current = world.pushService.newDevice();
    await turnOnNotifications(ny, old);
    await turnOnNotifications(ny, current);
    world.pushService.unsubscribe(old);
    await world.addPack(studio, ny, 1);
    await world.addPack(studio, nobody, 1);
    await world.addAutomation(
      studio,
      'pack_low_credits',
      { subject: 'Low', body: 'Top up.' },
      { channels: ['push'] },
    );

    const first = await world.runJob(studio);
    expect(first).toMatchObject({ sent: 1, failed: 0 });
    const statuses = await world.inStudio(studio, (trx) =>
      trx
        .selectFrom('push_logs')
        .select(['status', 'error'])
        .where('title', '=', 'Low')
        .orderBy('status')
        .execute(),
    );
    expect(statuses).toEqual([
      { status: 'expired', error: 'push service answered 410' },
      { status: 'sent', error: null },
    ]);
    const pushClaims = (await world.sendLog(studio)).filter((l) => l.channel === 'push');
    expect(pushClaims.map((l) => l.user_id)).toEqual([ny.userId]);

    // The expired device gets nothing more: a second pack runs low, one delivery only.
    await world.addPack(studio, ny, 1);
    await world.runJob(studio);
    expect(world.pushService.to(current)).toHaveLength(2);
    expect(world.pushService.to(old)).toEqual([]);
  });

  it('R20.5 a bad subscription or a forged link is refused and keeps nothing; an unsigned push is refused by the service', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'member_created', WELCOME);
    const oz = await welcomed(studio, 'Oz');
    const device = world.pushService.newDevice();
    const insecure = await turnOnNotifications(oz, {
      ...device,
      endpoint: device.endpoint.replace('https', 'http'),
    });
    expect(insecure.status).toBe(400);
    expect(insecure.json).toMatchObject({ error: 'invalid_subscription' });
    const badKey = await turnOnNotifications(oz, {
      ...device,
      keys: { ...device.keys, p256dh: 'short' },
    });
    expect(badKey.status).toBe(400);
    const link =
      /\/v1\/notifications\/(\S+)/.exec(world.smtp.to(oz.email)[0]?.text ?? '')?.[1] ?? '';
    const forged = await call(world.app, 'POST', `/v1/notifications/${link.slice(0, -3)}AAA`, {
      body: device,
    });
    expect(forged.status).toBe(404);
    // An unsubscribe link is not a notifications link.
    const unsubscribe =
      /\/v1\/unsubscribe\/(\S+)/.exec(world.smtp.to(oz.email)[0]?.text ?? '')?.[1] ?? '';
    expect(
      (await call(world.app, 'POST', `/v1/notifications/${unsubscribe}`, { body: device })).status,
    ).toBe(404);
    // studio_app reads the studio's own rows: none were kept.
    const kept = await world.inStudio(studio, (trx) =>
      sql<{ n: number }>`select count(*)::int as n from member_push_subscriptions`.execute(trx),
    );
    expect(kept.rows[0]?.n).toBe(0);

    // The service checks the VAPID signature: a JWT signed by another key is refused.
    const other = webpush.generateVAPIDKeys();
    const details = webpush.generateRequestDetails(device, 'hello', {
      vapidDetails: { ...world.vapid },
    });
    const forgedAuth = String(details.headers['Authorization']).replace(
      /k=.*/,
      `k=${other.publicKey}`,
    );
    const answer = await new Promise<number>((resolve, reject) => {
      const request = httpsRequest(
        details.endpoint,
        {
          method: 'POST',
          headers: { ...details.headers, Authorization: forgedAuth },
          agent: world.pushService.agent,
        },
        (response) => {
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end(details.body);
    });
    expect(answer).toBe(403);
    expect(world.pushService.refused.at(-1)).toBe('JWT signature does not verify with k');
  });
});
