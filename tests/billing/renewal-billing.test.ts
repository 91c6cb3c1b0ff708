import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncedTablesByName } from '../../src-shared/sync/synced-tables';
import { serverBackends } from '../server/support/server-harness';
import { BillingWorld, isoAfter } from './support/billing-world';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe.each(serverBackends)('renewal billing on %s', (backend) => {
  let world: BillingWorld;

  beforeAll(async () => {
    world = await BillingWorld.open(backend);
  });

  afterAll(async () => {
    await world.dispose();
  });

  it('R14.1 charges a due renewal once off-session on the studio account and advances its period; desks pull it', async () => {
    const studio = await world.newStudio(true);
    const due = world.lastMidnight();
    const sub = await world.subscribe(studio, { card: 'pm_card_visa', periodEnd: due });

    const first = await world.runJob();
    expect(first.charged).toBe(1);
    const intents = world.intentsMade(studio);
    expect(intents).toHaveLength(1);
    const intent = intents[0]?.intent;
    expect(intent).toMatchObject({ amount: 12_000, currency: 'usd', status: 'succeeded' });
    expect(intent?.payment_method).toBe(sub.paymentMethodId);
    const request = world.stripe.requests.find((r) => r.path === '/v1/payment_intents');
    expect(request).toMatchObject({ account: studio.account });
    expect(request?.params).toMatchObject({ off_session: 'true', confirm: 'true' });
    expect(request?.idempotencyKey).toBe(
      `studio-desk:renewal:${studio.tenantId}:${sub.subscriptionId}:${due}:1`,
    );

    const subscription = await world.subscription(studio, sub.subscriptionId);
    expect(subscription).toMatchObject({
      status: 'active',
      current_period_start: due,
      current_period_end: '2027-01-01T05:00:00.000Z',
      billing_retry_count: 0,
      next_billing_retry_at: null,
    });
    const charges = await world.charges(studio);
    expect(charges).toEqual([
      expect.objectContaining({
        subscription_id: sub.subscriptionId,
        member_id: sub.memberId,
        period_start: due,
        period_end: '2027-01-01T05:00:00.000Z',
        amount: 12_000,
        attempt: 1,
        status: 'succeeded',
        stripe_payment_intent_id: intent?.id,
      }),
    ]);

    // The charge and the advanced subscription reach the desk, minus Stripe's ids (R4.6).
    const pulled = await world.pulled(studio);
    const charge = pulled.find((c) => c.table === 'subscription_charges');
    expect(charge).toMatchObject({ op: 'upsert', row: { status: 'succeeded' } });
    const renewed = pulled.find(
      (c) => c.table === 'subscriptions' && c.op === 'upsert' && c.row['id'] === sub.subscriptionId,
    );
    expect(renewed).toMatchObject({ row: { current_period_end: '2027-01-01T05:00:00.000Z' } });
    expect(renewed?.op === 'upsert' ? Object.keys(renewed.row).sort() : []).toEqual(
      [...(syncedTablesByName.get('subscriptions')?.columns ?? [])].sort(),
    );
    expect(JSON.stringify(pulled)).not.toContain(sub.paymentMethodId ?? 'pm_');

    // R14.2 a second run finds nothing due: the card is charged once.
    const again = await world.runJob();
    expect(again.charged).toBe(0);
    expect(world.intentsMade(studio)).toHaveLength(1);
  });

  it('R14.2 two runners at once (two server instances) charge a renewal once', async () => {
    const studio = await world.newStudio(true);
    const subs = await Promise.all(
      [1, 2, 3].map(() =>
        world.subscribe(studio, { card: 'pm_card_visa', periodEnd: world.lastMidnight() }),
      ),
    );
    const [a, b] = await Promise.all([
      world.runJob(world.newRunner()),
      world.runJob(world.newRunner()),
    ]);
    expect(a.charged + b.charged).toBe(3);
    expect(world.intentsMade(studio)).toHaveLength(3);
    const charges = await world.charges(studio);
    expect(charges.map((c) => c.subscription_id).sort()).toEqual(
      subs.map((s) => s.subscriptionId).sort(),
    );
    expect(charges.every((c) => c.status === 'succeeded')).toBe(true);
    expect(world.logs.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  it("R14.2 a run that lost Stripe's answer is resent under the same key later: one PaymentIntent", async () => {
    const studio = await world.newStudio(true);
    const sub = await world.subscribe(studio, {
      card: 'pm_card_visa',
      periodEnd: world.lastMidnight(),
    });
    // Stripe made the intent, then the connection dropped before the answer arrived, and
    // dropped again when the SDK resent it at once.
    world.stripe.failNext(
      { method: 'POST', path: /^\/v1\/payment_intents$/ },
      { kind: 'network', when: 'after' },
      2,
    );
    const lost = await world.runJob();
    expect(lost.deferred).toBe(1);
    expect((await world.charges(studio))[0]?.status).toBe('pending');
    // Another run soon after leaves the claim to its runner.
    expect((await world.runJob()).charged).toBe(0);

    world.clock.advance(11 * 60 * 1000);
    const resent = await world.runJob();
    expect(resent.charged).toBe(1);
    expect(world.intentsMade(studio)).toHaveLength(1);
    const replays = world.stripe.requests.filter(
      (r) => r.path === '/v1/payment_intents' && r.account === studio.account,
    );
    expect(replays.map((r) => r.replayed)).toEqual([false, true, true]);
    expect(new Set(replays.map((r) => r.idempotencyKey)).size).toBe(1);
    const charges = await world.charges(studio);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({
      status: 'succeeded',
      stripe_payment_intent_id: world.intentsMade(studio)[0]?.intent.id,
    });
    expect((await world.subscription(studio, sub.subscriptionId)).status).toBe('active');
  });

  it('R14.3 a declined renewal is past_due and retried 1, 3 and 5 days after it fell due; a later approval renews it', async () => {
    const studio = await world.newStudio(true);
    const due = world.lastMidnight();
    const sub = await world.subscribe(studio, {
      card: 'pm_card_chargeCustomerFail',
      periodEnd: due,
    });
    const dueMs = Date.parse(due);

    expect((await world.runJob()).declined).toBe(1);
    expect(await world.subscription(studio, sub.subscriptionId)).toMatchObject({
      status: 'past_due',
      billing_retry_count: 1,
      next_billing_retry_at: new Date(dueMs + DAY).toISOString(),
      current_period_end: due,
    });
    expect((await world.charges(studio))[0]).toMatchObject({
      status: 'failed',
      attempt: 1,
      failure_code: 'generic_decline',
      failure_message: 'Your card was declined.',
    });

    // Not before the retry time.
    world.clock.advance(12 * HOUR);
    expect((await world.runJob()).declined).toBe(0);
    expect(world.intentsMade(studio)).toHaveLength(1);

    world.setTime(dueMs + DAY);
    expect((await world.runJob()).declined).toBe(1);
    expect(await world.subscription(studio, sub.subscriptionId)).toMatchObject({
      status: 'past_due',
      billing_retry_count: 2,
      next_billing_retry_at: new Date(dueMs + 3 * DAY).toISOString(),
    });

    // The member fixed the card: the third attempt goes through and the period moves on.
    world.stripe.offSession.approveFrom(sub.paymentMethodId ?? '');
    world.setTime(dueMs + 3 * DAY);
    expect((await world.runJob()).charged).toBe(1);
    expect(await world.subscription(studio, sub.subscriptionId)).toMatchObject({
      status: 'active',
      billing_retry_count: 0,
      next_billing_retry_at: null,
      current_period_start: due,
    });
    expect((await world.charges(studio)).map((c) => [c.attempt, c.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'succeeded'],
    ]);
    expect(world.intentsMade(studio)).toHaveLength(3);
    expect(await world.reviewItems(studio)).toEqual([]);
  });

  it('R14.4 after the last retry is declined the membership expires and the owner gets a review item', async () => {
    const studio = await world.newStudio(true);
    const due = world.lastMidnight();
    const sub = await world.subscribe(studio, {
      card: 'pm_card_chargeCustomerFail',
      periodEnd: due,
    });
    const dueMs = Date.parse(due);
    for (const day of [0, 1, 3, 5]) {
      world.setTime(dueMs + day * DAY + HOUR);
      expect((await world.runJob()).declined).toBe(1);
    }
    expect(await world.subscription(studio, sub.subscriptionId)).toMatchObject({
      status: 'expired',
      billing_retry_count: 4,
      next_billing_retry_at: null,
    });
    const items = await world.reviewItems(studio);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'subscription_payment_failed',
        status: 'open',
        member_id: sub.memberId,
        subject_id: sub.subscriptionId,
        amount: 12_000,
      }),
    ]);
    expect(JSON.parse(items[0]?.details ?? '{}')).toMatchObject({ attempts: 4 });
    // Expired: no more attempts, however long the job keeps running.
    world.advanceDays(40);
    expect((await world.runJob()).declined).toBe(0);
    expect(world.intentsMade(studio)).toHaveLength(4);
  });

  it('R14.1 charges nothing that is not due: a later period end, no saved card, a free or one-time plan, paused, canceled', async () => {
    const studio = await world.newStudio(true);
    await world.subscribe(studio, { card: 'pm_card_visa', periodEnd: isoAfter(world.clock, DAY) });
    await world.subscribe(studio, { card: null, periodEnd: world.lastMidnight() });
    await world.subscribe(studio, {
      card: 'pm_card_visa',
      periodEnd: world.lastMidnight(),
      price: 0,
    });
    await world.subscribe(studio, {
      card: 'pm_card_visa',
      periodEnd: world.lastMidnight(),
      interval: 'one_time',
    });
    await world.subscribe(studio, {
      card: 'pm_card_visa',
      periodEnd: world.lastMidnight(),
      status: 'paused',
    });
    await world.subscribe(studio, {
      card: 'pm_card_visa',
      periodEnd: world.lastMidnight(),
      status: 'canceled',
    });
    await world.runJob();
    expect(world.intentsMade(studio)).toHaveLength(0);
    expect(await world.charges(studio)).toEqual([]);
  });

  it('R14.6 skips a studio without a Stripe account, logging why', async () => {
    const studio = await world.newStudio(false);
    await world.subscribe(studio, {
      card: 'pm_card_visa',
      periodEnd: world.lastMidnight(),
    });
    const before = world.stripe.requests.filter((r) => r.path === '/v1/payment_intents').length;
    const run = await world.runJob();
    expect(run.skippedStudios).toBeGreaterThanOrEqual(1);
    expect(world.stripe.requests.filter((r) => r.path === '/v1/payment_intents')).toHaveLength(
      before,
    );
    expect(await world.charges(studio)).toEqual([]);
    expect(
      world.logs.some(
        (line) =>
          line.includes('has not connected a Stripe account') && line.includes(studio.tenantId),
      ),
    ).toBe(true);
  });
});
