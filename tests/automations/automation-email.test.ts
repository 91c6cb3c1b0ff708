import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, serverBackends } from '../server/support/server-harness';
import { AutomationWorld, PUBLIC_URL } from './support/automation-world';

const DAY = 24 * 60 * 60 * 1000;
const WELCOME = {
  subject: 'Welcome to {{studio}}, {{firstName}}!',
  body: 'Hi {{firstName}},\n\nSee you on the mat.',
};

/** The unsubscribe link of a message, as a member's mail client shows it. */
function unsubscribeLink(mail: { readonly text?: string | undefined }): string {
  const match = /Unsubscribe: (\S+)/.exec(mail.text ?? '');
  if (!match?.[1]) throw new Error('the message has no unsubscribe link');
  return match[1];
}

describe.each(serverBackends)('automations by e-mail on %s', (backend) => {
  let world: AutomationWorld;

  beforeAll(async () => {
    world = await AutomationWorld.open(backend);
  });

  afterAll(async () => {
    await world.dispose();
  });

  it('R20.1 a welcome reaches the new member by SMTP with the merge fields filled, once', async () => {
    const studio = await world.newStudio();
    const automationId = await world.addAutomation(studio, 'member_created', WELCOME);
    const ada = await world.addMember(studio, 'Ada');
    const old = await world.addMember(studio, 'Old', {
      joinedAt: new Date(world.clock.now() - 30 * DAY).toISOString(),
    });

    const run = await world.runJob(studio);
    expect(run).toMatchObject({ automations: 1, sent: 1, failed: 0, quiet: false });
    const [mail, ...others] = world.smtp.to(ada.email);
    expect(others).toEqual([]);
    expect(mail?.subject).toBe('Welcome to Harbor Yoga, Ada!');
    expect(mail?.text).toContain('Hi Ada,');
    expect(mail?.html).toContain('<p>Hi Ada,</p>');
    expect(JSON.stringify(mail?.from)).toContain('hello@studio.test');
    const link = unsubscribeLink(mail ?? {});
    expect(
      link.startsWith(`${PUBLIC_URL}/v1/unsubscribe/${studio.tenantId}.${ada.memberId}.`),
    ).toBe(true);
    expect(mail?.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    // Long header lines are folded (RFC 5322); unfolded, it is the link.
    expect(
      mail?.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r\n\s+/g, ' '),
    ).toBe(`List-Unsubscribe: <${link}>`);
    expect(world.smtp.to(old.email)).toEqual([]);

    const logs = await world.sendLog(studio);
    expect(logs).toEqual([
      expect.objectContaining({
        automation_id: automationId,
        user_id: ada.userId,
        channel: 'email',
        period_key: 'once',
        status: 'sent',
        error: null,
      }),
    ]);

    const again = await world.runJob(studio);
    expect(again.sent).toBe(0);
    expect(world.smtp.to(ada.email)).toHaveLength(1);
  });

  it('R20.2 two runners at once (two server instances) send each message once', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'member_created', WELCOME);
    const members = await Promise.all(
      ['Bo', 'Cy', 'Di', 'Ed'].map((n) => world.addMember(studio, n)),
    );
    const [a, b] = await Promise.all([
      world.runJob(studio, world.context()),
      world.runJob(studio, world.context()),
    ]);
    expect(a.sent + b.sent).toBe(4);
    for (const member of members) expect(world.smtp.to(member.email)).toHaveLength(1);
    expect(await world.sendLog(studio)).toHaveLength(4);
  });

  it('R20.3 the unsubscribe link works, changes nothing on GET or when forged, and suppresses the next send', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'member_created', WELCOME);
    const fay = await world.addMember(studio, 'Fay');
    await world.runJob(studio);
    const link = unsubscribeLink(world.smtp.to(fay.email)[0] ?? {});
    const path = link.slice(PUBLIC_URL.length);

    const shown = await call(world.app, 'GET', path);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('<button type="submit">Unsubscribe</button>');
    const forged = `${path.slice(0, -4)}AAAA`;
    const refused = await call(world.app, 'POST', forged, {
      rawBody: '',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(refused.status).toBe(404);
    const optOut = async () =>
      world.inStudio(studio, (trx) =>
        trx
          .selectFrom('tenant_members')
          .select('messages_opt_out_at')
          .where('id', '=', fay.memberId)
          .executeTakeFirstOrThrow(),
      );
    expect((await optOut()).messages_opt_out_at).toBeNull();

    // A mail client's one-click unsubscribe (RFC 8058).
    const done = await call(world.app, 'POST', path, {
      rawBody: 'List-Unsubscribe=One-Click',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(done.status).toBe(200);
    expect(done.body).toContain('Harbor Yoga will send you no more automatic messages.');
    expect((await optOut()).messages_opt_out_at).toBe(new Date(world.clock.now()).toISOString());

    // Her birthday comes: another automation, and she hears nothing.
    const today = new Date(world.clock.now() - 5 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await world.addAutomation(studio, 'birthday', {
      subject: 'Happy birthday {{firstName}}',
      body: 'Cake.',
    });
    const gus = await world.addMember(studio, 'Gus', { birthDate: `1990-${today.slice(5)}` });
    await world.inStudio(studio, (trx) =>
      trx
        .updateTable('tenant_members')
        .set({ profile: JSON.stringify({ firstName: 'Fay', birthDate: `1991-${today.slice(5)}` }) })
        .where('id', '=', fay.memberId)
        .execute(),
    );
    const run = await world.runJob(studio);
    expect(run.sent).toBe(2); // Gus's welcome and birthday; Fay nothing
    expect(world.smtp.to(fay.email)).toHaveLength(1);
    expect(
      world.smtp
        .to(gus.email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['Happy birthday Gus', 'Welcome to Harbor Yoga, Gus!']);
  });

  it('R20.4 quiet hours hold messages until they end, in the studio zone', async () => {
    const studio = await world.newStudio({
      automationQuietHours: { start: '20:00', end: '09:00' },
    });
    await world.addAutomation(studio, 'member_created', WELCOME);
    const start = world.clock.now();
    // 07:30 in New York (12:30 UTC in December): still quiet.
    world.clock.advance(Date.parse('2026-12-02T12:30:00.000Z') - start);
    const hal = await world.addMember(studio, 'Hal');
    const quiet = await world.runJob(studio);
    expect(quiet).toMatchObject({ quiet: true, sent: 0 });
    expect(world.smtp.to(hal.email)).toEqual([]);
    expect(await world.sendLog(studio)).toEqual([]);
    // 09:05 in New York: sent.
    world.clock.advance(95 * 60 * 1000);
    expect((await world.runJob(studio)).sent).toBe(1);
    expect(world.smtp.to(hal.email)).toHaveLength(1);
  });

  it('R20.1 win-back after N days without a visit, and a first-class follow-up, with their fields', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(
      studio,
      'win_back',
      { subject: 'We miss you, {{firstName}}', body: 'It has been {{daysSinceVisit}} days.' },
      { settings: { days: 21 } },
    );
    await world.addAutomation(studio, 'first_check_in', {
      subject: 'How was {{firstName}}?',
      body: 'Thanks.',
    });
    const now = world.clock.now();
    const old = new Date(now - 60 * DAY).toISOString();
    const ivy = await world.addMember(studio, 'Ivy', { joinedAt: old });
    await world.checkIn(studio, ivy, new Date(now - 25 * DAY).toISOString());
    const jo = await world.addMember(studio, 'Jo', { joinedAt: old });
    await world.checkIn(studio, jo, new Date(now - 10 * DAY).toISOString());
    const kai = await world.addMember(studio, 'Kai', { joinedAt: old });
    await world.checkIn(studio, kai, new Date(now - 3 * 60 * 60 * 1000).toISOString());

    await world.runJob(studio);
    expect(world.smtp.to(ivy.email).map((m) => [m.subject, m.text?.split('\n')[0]])).toEqual([
      ['We miss you, Ivy', 'It has been 25 days.'],
    ]);
    expect(world.smtp.to(jo.email)).toEqual([]);
    expect(world.smtp.to(kai.email).map((m) => m.subject)).toEqual(['How was Kai?']);
    // The same lapse is written to once; a new visit and a new lapse would be a new period.
    world.clock.advance(DAY);
    await world.runJob(studio);
    expect(world.smtp.to(ivy.email)).toHaveLength(1);
  });

  it('R20.2 a message the SMTP server refuses is recorded failed with its reason, and not sent twice', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'member_created', WELCOME);
    const lee = await world.addMember(studio, 'Lee');
    world.smtp.refuseNext();
    const run = await world.runJob(studio);
    expect(run).toMatchObject({ sent: 0, failed: 1 });
    const [log] = await world.sendLog(studio);
    expect(log).toMatchObject({ user_id: lee.userId, status: 'failed' });
    expect(log?.error).toMatch(/550|mailbox unavailable/);
    expect((await world.runJob(studio)).sent).toBe(0);
    expect(world.smtp.to(lee.email)).toEqual([]);
  });

  it('R19 a studio whose plan leaves automations out sends nothing until they are back', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'member_created', WELCOME);
    const pat = await world.addMember(studio, 'Pat');
    const setPlan = (enabled: 0 | 1) =>
      world.inStudio(studio, (trx) =>
        trx
          .insertInto('tenant_features')
          .values({
            id: crypto.randomUUID(),
            tenant_id: studio.tenantId,
            feature_key: 'automations',
            enabled,
            created_at: new Date(world.clock.now()).toISOString(),
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'feature_key']).doUpdateSet({ enabled }))
          .execute(),
      );
    await setPlan(0);
    expect(await world.runJob(studio)).toMatchObject({ automations: 0, sent: 0 });
    expect(world.smtp.to(pat.email)).toEqual([]);
    await setPlan(1);
    expect((await world.runJob(studio)).sent).toBe(1);
    expect(world.smtp.to(pat.email)).toHaveLength(1);
  });
});
