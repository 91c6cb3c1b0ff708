import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverBackends } from '../server/support/server-harness';
import { BillingWorld, isoAfter } from './support/billing-world';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe.each(serverBackends)('renewal billing with the membership desk on %s', (backend) => {
  let world: BillingWorld;

  beforeAll(async () => {
    world = await BillingWorld.open(backend);
  });

  afterAll(async () => {
    await world.dispose();
  });

  it('R14.1 skips a membership paused now, and bills it again once the pause ended', async () => {
    const studio = await world.newStudio(true);
    const sub = await world.subscribe(studio, {
      card: 'pm_card_visa',
      periodEnd: world.lastMidnight(),
    });
    await world.pause(studio, sub.subscriptionId, {
      startsAt: isoAfter(world.clock, -2 * HOUR),
      endsAt: isoAfter(world.clock, 2 * DAY),
    });
    expect((await world.runJob()).charged).toBe(0);
    expect(world.intentsMade(studio)).toHaveLength(0);
    world.advanceDays(2);
    expect((await world.runJob()).charged).toBe(1);
    expect(world.intentsMade(studio)).toHaveLength(1);
  });

  it('R14.1 a cancellation at period end ends the membership instead of renewing it', async () => {
    const studio = await world.newStudio(true);
    const due = world.lastMidnight();
    const sub = await world.subscribe(studio, { card: 'pm_card_visa', periodEnd: due });
    await world.scheduleChange(studio, sub.subscriptionId, { kind: 'cancel', effectiveAt: due });
    const run = await world.runJob();
    expect(run.canceled).toBe(1);
    expect(world.intentsMade(studio)).toHaveLength(0);
    expect((await world.subscription(studio, sub.subscriptionId)).status).toBe('canceled');
    expect(await world.charges(studio)).toEqual([]);
  });

  it('R14.1 a plan change at period end bills the new plan and moves the membership to it', async () => {
    const studio = await world.newStudio(true);
    const due = world.lastMidnight();
    const sub = await world.subscribe(studio, { card: 'pm_card_visa', periodEnd: due });
    const yearly = await world.newPlan(studio, { price: 99_000, interval: 'year' });
    await world.scheduleChange(studio, sub.subscriptionId, {
      kind: 'change_plan',
      effectiveAt: due,
      newPlanId: yearly,
    });
    expect((await world.runJob()).charged).toBe(1);
    expect(world.intentsMade(studio)[0]?.intent.amount).toBe(99_000);
    const renewed = await world.subscription(studio, sub.subscriptionId);
    expect(renewed.plan_id).toBe(yearly);
    expect(Date.parse(renewed.current_period_end) - Date.parse(due)).toBe(365 * DAY);
  });

  it('R14.2 the database refuses a second charge row for one attempt', async () => {
    const studio = await world.newStudio(true);
    await world.subscribe(studio, {
      card: 'pm_card_visa',
      periodEnd: world.lastMidnight(),
    });
    await world.runJob();
    const [charge] = await world.charges(studio);
    if (charge === undefined) throw new Error('no charge was recorded');
    await expect(world.insertCharge(studio, { ...charge, id: world.newId() })).rejects.toThrow(
      /ux_subscription_charges_attempt|duplicate key/,
    );
  });

  it('R14.2 four runners racing over six due renewals charge each once', async () => {
    const studio = await world.newStudio(true);
    for (let i = 0; i < 6; i++) {
      await world.subscribe(studio, {
        card: 'pm_card_visa',
        periodEnd: world.lastMidnight(),
      });
    }
    const runs = await Promise.all([1, 2, 3, 4].map(() => world.runJob(world.newRunner())));
    expect(world.logs.filter((line) => line.startsWith('error'))).toEqual([]);
    expect(runs.reduce((sum, run) => sum + run.charged, 0)).toBe(6);
    expect(world.intentsMade(studio)).toHaveLength(6);
    expect(
      new Set(world.intentsMade(studio).map((c) => c.intent.metadata['subscription_id'])).size,
    ).toBe(6);
  });

  // Last: the clock jumps months ahead, so the other studios' renewals fall due too.
  it('R14.1 a week renewed across the spring DST change ends at local midnight, 167 hours on', async () => {
    const studio = await world.newStudio(true);
    // Monday 8 March 2027, midnight in New York (EST); clocks go forward on 14 March.
    const due = '2027-03-08T05:00:00.000Z';
    world.setTime(Date.parse(due) + HOUR);
    const sub = await world.subscribe(studio, {
      card: 'pm_card_visa',
      periodEnd: due,
      interval: 'week',
    });
    await world.runJob();
    expect(world.intentsMade(studio)).toHaveLength(1);
    const renewed = await world.subscription(studio, sub.subscriptionId);
    expect(renewed.current_period_end).toBe('2027-03-15T04:00:00.000Z');
    expect(Date.parse(renewed.current_period_end) - Date.parse(due)).toBe(167 * HOUR);
  });
});

describe('renewal billing in a running server', () => {
  let world: BillingWorld;

  beforeAll(async () => {
    world = await BillingWorld.open('postgres');
  });

  afterAll(async () => {
    await world.dispose();
  });

  it('R14.5 runs on its interval when started, and stops with the server', async () => {
    const studio = await world.newStudio(true);
    await world.subscribe(studio, {
      card: 'pm_card_visa',
      periodEnd: world.lastMidnight(),
    });
    const app = await world.startBillingServer(1000);
    try {
      for (
        let waited = 0;
        world.intentsMade(studio).length === 0 && waited < 10_000;
        waited += 100
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(world.intentsMade(studio)).toHaveLength(1);
    } finally {
      await app.close();
    }
    // Stopped: a renewal due now waits for the next run of something else.
    await world.subscribe(studio, {
      card: 'pm_card_visa',
      periodEnd: world.lastMidnight(),
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(world.intentsMade(studio)).toHaveLength(1);
  });
});
