import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverBackends } from '../server/support/server-harness';
import { AutomationWorld } from './support/automation-world';

const DAY = 24 * 60 * 60 * 1000;

describe.each(serverBackends)('automation triggers on %s', (backend) => {
  let world: AutomationWorld;

  beforeAll(async () => {
    world = await AutomationWorld.open(backend);
  });

  afterAll(async () => {
    await world.dispose();
  });

  it('R20.1 a pack running low: once per pack, with the credits left and the pack name', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(
      studio,
      'pack_low_credits',
      { subject: '{{creditsLeft}} left on your {{packName}}', body: 'Top up, {{firstName}}.' },
      { settings: { credits: 2 } },
    );
    const low = await world.addMember(studio, 'Low');
    const full = await world.addMember(studio, 'Full');
    const empty = await world.addMember(studio, 'Empty');
    await world.addPack(studio, low, 2);
    await world.addPack(studio, full, 6);
    await world.addPack(studio, empty, 0);
    await world.runJob(studio);
    await world.runJob(studio);
    expect(world.smtp.to(low.email).map((m) => [m.subject, m.text?.split('\n')[0]])).toEqual([
      ['2 left on your Ten Class Pack', 'Top up, Low.'],
    ]);
    expect(world.smtp.to(full.email)).toEqual([]);
    expect(world.smtp.to(empty.email)).toEqual([]);
  });

  it('R20.1 a membership that will not renew, days before it ends; a past-due renewal once per period', async () => {
    const studio = await world.newStudio();
    const staff = await world.addMember(studio, 'Staffer');
    await world.addAutomation(
      studio,
      'membership_expiring',
      { subject: 'Your {{planName}} ends {{endsOn}}', body: 'Renew at the desk.' },
      { settings: { daysBefore: 5 } },
    );
    await world.addAutomation(studio, 'payment_failed', {
      subject: 'We could not renew your {{planName}}',
      body: 'Update your card, {{firstName}}.',
    });
    const now = world.clock.now();
    const ending = await world.addMember(studio, 'Ending');
    await world.addMembership(studio, ending, {
      periodEnd: new Date(now + 3 * DAY).toISOString(),
      status: 'active',
      cancelAtEnd: true,
      staffId: staff.memberId,
    });
    const renewing = await world.addMember(studio, 'Renewing');
    await world.addMembership(studio, renewing, {
      periodEnd: new Date(now + 3 * DAY).toISOString(),
      status: 'active',
      staffId: staff.memberId,
    });
    const late = await world.addMember(studio, 'Later');
    await world.addMembership(studio, late, {
      periodEnd: new Date(now + 20 * DAY).toISOString(),
      status: 'active',
      cancelAtEnd: true,
      staffId: staff.memberId,
    });
    const pastDue = await world.addMember(studio, 'Pastdue');
    await world.addMembership(studio, pastDue, {
      periodEnd: new Date(now - DAY).toISOString(),
      status: 'past_due',
      staffId: staff.memberId,
    });
    await world.runJob(studio);
    await world.runJob(studio);
    const [expiring] = world.smtp.to(ending.email);
    expect(world.smtp.to(ending.email)).toHaveLength(1);
    // 3 days after Tue 1 Dec 10:00 in New York.
    expect(expiring?.subject).toBe('Your Unlimited Monthly ends Fri, Dec 4, 10:00 AM');
    expect(world.smtp.to(renewing.email)).toEqual([]);
    expect(world.smtp.to(late.email)).toEqual([]);
    expect(world.smtp.to(pastDue.email).map((m) => m.subject)).toEqual([
      'We could not renew your Unlimited Monthly',
    ]);
  });

  it('R20.1 a class the studio cancelled reaches everyone booked in it, once, with its time', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'class_cancelled', {
      subject: '{{className}} on {{classTime}} is cancelled',
      body: 'Sorry, {{firstName}}: your credit is back.',
    });
    const a = await world.addMember(studio, 'Anna');
    const b = await world.addMember(studio, 'Ben');
    const other = await world.addMember(studio, 'Other');
    await world.cancelledClass(studio, 'Sunrise Flow', '2026-12-03T12:00:00.000Z', [a, b]);
    await world.cancelledClass(
      studio,
      'Yesterday',
      new Date(world.clock.now() - DAY).toISOString(),
      [other],
    );
    await world.runJob(studio);
    await world.runJob(studio);
    for (const member of [a, b]) {
      expect(world.smtp.to(member.email).map((m) => m.subject)).toEqual([
        'Sunrise Flow on Thu, Dec 3, 7:00 AM is cancelled',
      ]);
    }
    expect(world.smtp.to(other.email)).toEqual([]);
  });

  it('R20.1 birthday on the day in the studio zone, once a year; a stored automation with bad settings is skipped', async () => {
    const studio = await world.newStudio();
    await world.addAutomation(studio, 'birthday', {
      subject: 'Happy birthday, {{firstName}}',
      body: 'Cake.',
    });
    await world.addAutomation(
      studio,
      'win_back',
      { subject: 'Never sent', body: '' },
      { settings: { days: 'soon' } },
    );
    // Tue 1 Dec 10:00 in New York.
    const today = await world.addMember(studio, 'Today', { birthDate: '1990-12-01' });
    const tomorrow = await world.addMember(studio, 'Tomorrow', { birthDate: '1990-12-02' });
    const run = await world.runJob(studio);
    expect(run.automations).toBe(1);
    await world.runJob(studio);
    expect(world.smtp.to(today.email).map((m) => m.subject)).toEqual(['Happy birthday, Today']);
    expect(world.smtp.to(tomorrow.email)).toEqual([]);
    const logs = await world.sendLog(studio);
    expect(logs.map((l) => l.period_key)).toEqual(['birthday:2026']);
  });
});
