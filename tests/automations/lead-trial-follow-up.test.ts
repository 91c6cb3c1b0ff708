import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberLinkToken } from '../../sync-server/automations/member-link-token';
import { call, serverBackends } from '../server/support/server-harness';
import { AutomationWorld, PUBLIC_URL, STUDIO_ZONE } from './support/automation-world';
import { addTrialLead, leadOptOut, studioSecret } from './support/trial-leads';

const HOUR = 60 * 60 * 1000;
const FOLLOW_UP = {
  subject: 'How was {{className}}, {{firstName}}?',
  body: 'Hi {{firstName}} {{lastName}}, thanks for trying {{className}} on {{classTime}} at {{studio}}.',
};
const FORM = { rawBody: '', contentType: 'application/x-www-form-urlencoded' } as const;

describe.each(serverBackends)('the trial follow-up for leads on %s', (backend) => {
  let world: AutomationWorld;

  beforeAll(async () => {
    world = await AutomationWorld.open(backend);
  });

  afterAll(async () => {
    await world.dispose();
  });

  const hoursAgo = (hours: number) => new Date(world.clock.now() - hours * HOUR).toISOString();

  it('R20.1 a lead whose trial class started hoursAfter ago gets the e-mail with its fields, once, and no push', async () => {
    const studio = await world.newStudio();
    const automationId = await world.addAutomation(studio, 'trial_follow_up', FOLLOW_UP, {
      channels: ['email', 'push'],
    });
    const start = hoursAgo(4);
    const ana = await addTrialLead(world, studio, {
      name: '  Ana María López ',
      email: 'ana@example.com',
      classStart: start,
    });

    const run = await world.runJob(studio);
    expect(run).toMatchObject({ automations: 1, sent: 1, failed: 0 });
    const [mail, ...others] = world.smtp.to('ana@example.com');
    expect(others).toEqual([]);
    expect(mail?.subject).toBe('How was Vinyasa Flow, Ana?');
    const classTime = new Intl.DateTimeFormat('en-US', {
      timeZone: STUDIO_ZONE,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    }).format(new Date(start));
    expect(mail?.text).toContain(
      `Hi Ana María López, thanks for trying Vinyasa Flow on ${classTime} at Harbor Yoga.`,
    );
    const token = memberLinkToken(await studioSecret(world, studio), 'lead-unsubscribe', {
      tenantId: studio.tenantId,
      memberId: ana.leadId,
    });
    expect(mail?.text).toContain(`${PUBLIC_URL}/v1/unsubscribe/${token}`);
    expect(await world.sendLog(studio)).toEqual([
      expect.objectContaining({
        automation_id: automationId,
        user_id: null,
        lead_id: ana.leadId,
        channel: 'email',
        period_key: `trial:${ana.classId}`,
        status: 'sent',
        error: null,
      }),
    ]);

    world.clock.advance(HOUR);
    expect((await world.runJob(studio)).sent).toBe(0);
    expect(world.smtp.to('ana@example.com')).toHaveLength(1);
    expect(await world.sendLog(studio)).toHaveLength(1);
  });

  it('R20.2 two runners at once send each lead one e-mail', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'trial_follow_up', FOLLOW_UP);
    const emails = ['bo@example.com', 'cy@example.com', 'di@example.com'];
    for (const email of emails) {
      await addTrialLead(world, studio, { name: 'Bo', email, classStart: hoursAgo(5) });
    }
    const [a, b] = await Promise.all([
      world.runJob(studio, world.context()),
      world.runJob(studio, world.context()),
    ]);
    expect(a.sent + b.sent).toBe(3);
    for (const email of emails) expect(world.smtp.to(email)).toHaveLength(1);
    expect(await world.sendLog(studio)).toHaveLength(3);
  });

  it('R20.1 converted and lost leads, leads without e-mail and trials too recent, too old or cancelled are not written to', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'trial_follow_up', FOLLOW_UP, {
      settings: { hoursAfter: 6 },
    });
    const lead = (email: string | null, classStart: string, more: object = {}) =>
      addTrialLead(world, studio, { name: 'Eve', email, classStart, ...more });
    await lead('converted@example.com', hoursAgo(8), { status: 'converted' });
    await lead('lost@example.com', hoursAgo(8), { status: 'lost' });
    await lead(null, hoursAgo(8));
    await lead('   ', hoursAgo(8));
    await lead('cancelled@example.com', hoursAgo(8), { classStatus: 'cancelled' });
    await lead('old@example.com', hoursAgo(73));
    const recent = await lead('recent@example.com', hoursAgo(5));
    const due = await lead('due@example.com', hoursAgo(7), { classStatus: 'completed' });

    expect((await world.runJob(studio)).sent).toBe(1);
    expect(world.smtp.to('due@example.com')).toHaveLength(1);
    const logged = () => world.sendLog(studio).then((logs) => logs.map((l) => l.lead_id));
    expect(await logged()).toEqual([due.leadId]);

    // An hour later the recent trial is 6 hours old: its turn, and only its.
    world.clock.advance(HOUR);
    expect((await world.runJob(studio)).sent).toBe(1);
    expect(world.smtp.to('recent@example.com')).toHaveLength(1);
    expect(await logged()).toEqual([due.leadId, recent.leadId]);
    for (const email of ['converted', 'lost', 'cancelled', 'old']) {
      expect(world.smtp.to(`${email}@example.com`)).toEqual([]);
    }
  });

  it('R20.3 the lead’s unsubscribe link works on POST and suppresses the next send; forged and member links change nothing', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'trial_follow_up', FOLLOW_UP);
    const fay = await addTrialLead(world, studio, {
      name: 'Fay',
      email: 'fay@example.com',
      classStart: hoursAgo(4),
    });
    const gus = await world.addMember(studio, 'Gus');
    await world.runJob(studio);
    expect(world.smtp.to('fay@example.com')).toHaveLength(1);
    const secret = await studioSecret(world, studio);
    const path = (purpose: 'lead-unsubscribe' | 'unsubscribe', holderId: string) =>
      `/v1/unsubscribe/${memberLinkToken(secret, purpose, { tenantId: studio.tenantId, memberId: holderId })}`;
    const faysLink = path('lead-unsubscribe', fay.leadId);

    const shown = await call(world.app, 'GET', faysLink);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('<button type="submit">Unsubscribe</button>');
    const forged = await call(world.app, 'POST', `${faysLink.slice(0, -4)}AAAA`, FORM);
    expect(forged.status).toBe(404);
    // A member's link, signed by the studio, that names the lead's id: not a lead's link.
    await call(world.app, 'POST', path('unsubscribe', fay.leadId), FORM);
    expect(await leadOptOut(world, studio, fay.leadId)).toBeNull();
    // And a lead's link never unsubscribes a member.
    await call(world.app, 'POST', path('lead-unsubscribe', gus.memberId), FORM);
    const gusOptOut = await world.inStudio(studio, (trx) =>
      trx
        .selectFrom('tenant_members')
        .select('messages_opt_out_at')
        .where('id', '=', gus.memberId)
        .executeTakeFirstOrThrow(),
    );
    expect(gusOptOut.messages_opt_out_at).toBeNull();

    const done = await call(world.app, 'POST', faysLink, FORM);
    expect(done.status).toBe(200);
    expect(done.body).toContain('Harbor Yoga will send you no more automatic messages.');
    const optedOutAt = new Date(world.clock.now()).toISOString();
    expect(await leadOptOut(world, studio, fay.leadId)).toBe(optedOutAt);
    // Set once: a second click keeps the first time.
    world.clock.advance(HOUR);
    expect((await call(world.app, 'POST', faysLink, FORM)).status).toBe(200);
    expect(await leadOptOut(world, studio, fay.leadId)).toBe(optedOutAt);

    // She is booked into another trial: a new occurrence, and she hears nothing.
    const next = await addTrialLead(world, studio, {
      name: 'Hal',
      email: 'hal@example.com',
      classStart: hoursAgo(4),
    });
    await world.inStudio(studio, (trx) =>
      trx
        .updateTable('leads')
        .set({ trial_class_id: next.classId })
        .where('id', '=', fay.leadId)
        .execute(),
    );
    expect((await world.runJob(studio)).sent).toBe(1);
    expect(world.smtp.to('hal@example.com')).toHaveLength(1);
    expect(world.smtp.to('fay@example.com')).toHaveLength(1);
  });
});
