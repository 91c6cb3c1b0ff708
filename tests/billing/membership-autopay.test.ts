import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachTenantSavedCards } from '../../sync-server/payments/saved-card-follow-up';
import { AutopaySales, PLAN_PRICE } from './support/autopay-sales';
import { BillingWorld } from './support/billing-world';

const DAY = 24 * 60 * 60 * 1000;

/**
 * R13.5: a membership sold at the desk with "Save this card for autopay" ticked on the card
 * tender. The PaymentIntent is made with the member's Customer and setup_future_usage; the
 * card Stripe generates from the card present goes to the subscription the sale started,
 * whether the sale reaches the server after the capture or before it; the renewal job then
 * charges that card once at the period end. Against the Stripe fake, on Postgres.
 */
describe('a membership sold with its card saved for autopay', () => {
  let world: BillingWorld;

  beforeAll(async () => {
    world = await BillingWorld.open('postgres');
  });

  afterAll(async () => {
    await world.dispose();
  });

  it('R13.5 gives the subscription the generated card, and the renewal charges it once', async () => {
    const studio = await world.newStudio(true);
    const sales = await AutopaySales.open(world, studio);
    const intentId = await sales.takeCard(true);

    // Stripe was asked as its Terminal docs say: the member's Customer, saved off-session.
    const intent = world.stripe.intent(intentId);
    expect(intent).toMatchObject({
      setup_future_usage: 'off_session',
      capture_method: 'manual',
      allowed_payment_method_types: ['card_present'],
    });
    const customers = world.stripe.requests.filter((r) => r.path === '/v1/customers');
    expect(customers.map((r) => r.account)).toEqual([studio.account]);
    const generated = (await sales.intentRow(intentId)).generated_card_id;
    expect(generated).toMatch(/^pm_/);
    expect(world.stripe.offSession.method(generated ?? '')).toMatchObject({
      customer: intent?.customer,
      card: { brand: 'visa', last4: '4242' },
    });

    const subscriptionId = await sales.pushSale(intentId);
    await sales.attached(intentId);
    const subscription = await world.subscription(studio, subscriptionId);
    expect(subscription).toMatchObject({
      status: 'active',
      stripe_customer_id: intent?.customer,
      stripe_payment_method_id: generated,
    });
    expect(await sales.autopayRows()).toMatchObject([
      { subscription_id: subscriptionId, card_brand: 'visa', card_last4: '4242' },
    ]);
    // Desks receive the brand and last 4, never the Stripe ids (R4.6).
    const pulled = await world.pulled(studio);
    const shown = pulled.filter((c) => c.table === 'subscription_autopay');
    expect(shown).toMatchObject([
      { op: 'upsert', row: { subscription_id: subscriptionId, card_last4: '4242' } },
    ]);
    expect(JSON.stringify(pulled)).not.toContain(generated ?? '-');
    expect(JSON.stringify(pulled)).not.toContain(intent?.customer ?? '-');

    // Nothing is due before the period ends.
    expect((await world.runJob()).charged).toBe(0);
    world.setTime(Date.parse(subscription.current_period_end) + DAY);
    expect((await world.runJob()).charged).toBe(1);
    expect((await world.runJob()).charged).toBe(0);
    const renewals = world.intentsMade(studio);
    expect(renewals).toHaveLength(1);
    expect(renewals[0]?.intent).toMatchObject({
      amount: PLAN_PRICE,
      status: 'succeeded',
      payment_method: generated,
    });
    const renewed = await world.subscription(studio, subscriptionId);
    expect(renewed.current_period_start).toBe(subscription.current_period_end);
    expect((await world.charges(studio)).map((c) => c.status)).toEqual(['succeeded']);
  });

  it('R13.5 turning autopay off forgets the card: no renewal charge, and no later push puts it back', async () => {
    const studio = await world.newStudio(true);
    const sales = await AutopaySales.open(world, studio);
    const intentId = await sales.takeCard(true);
    const subscriptionId = await sales.pushSale(intentId);
    await sales.attached(intentId);
    expect(await sales.push('membership.turnOffAutopay', { subscriptionId })).toMatchObject({
      outcome: 'applied',
    });
    const subscription = await world.subscription(studio, subscriptionId);
    expect(subscription).toMatchObject({
      stripe_customer_id: null,
      stripe_payment_method_id: null,
    });
    expect(await sales.autopayRows()).toEqual([]);
    const pulled = await world.pulled(studio);
    expect(pulled.filter((c) => c.table === 'subscription_autopay').at(-1)).toMatchObject({
      op: 'delete',
      key: { subscription_id: subscriptionId },
    });
    // A later push's follow-up gives the saved card to nobody again.
    await sales.push('membership.turnOffAutopay', { subscriptionId });
    await attachTenantSavedCards(world.newRunner(), studio.tenantId);
    expect((await world.subscription(studio, subscriptionId)).stripe_payment_method_id).toBeNull();
    world.setTime(Date.parse(subscription.current_period_end) + DAY);
    await world.runJob();
    expect(world.intentsMade(studio)).toHaveLength(0);
  });

  it('R13.5 a sale without the tick saves no card and is never charged by the job', async () => {
    const studio = await world.newStudio(true);
    const sales = await AutopaySales.open(world, studio);
    const before = world.stripe.requests.filter((r) => r.path === '/v1/customers').length;
    const intentId = await sales.takeCard(false);
    expect(world.stripe.intent(intentId)).toMatchObject({
      customer: null,
      setup_future_usage: null,
    });
    const subscriptionId = await sales.pushSale(intentId);
    await attachTenantSavedCards(world.newRunner(), studio.tenantId);
    const subscription = await world.subscription(studio, subscriptionId);
    expect(subscription).toMatchObject({
      stripe_customer_id: null,
      stripe_payment_method_id: null,
    });
    expect(await sales.autopayRows()).toEqual([]);
    expect(world.stripe.requests.filter((r) => r.path === '/v1/customers')).toHaveLength(before);
    world.setTime(Date.parse(subscription.current_period_end) + DAY);
    await world.runJob();
    expect(world.intentsMade(studio)).toHaveLength(0);
  });

  it('R13.5 a sale pushed before the capture gets the card when the capture comes', async () => {
    const studio = await world.newStudio(true);
    const sales = await AutopaySales.open(world, studio);
    const intentId = await sales.startIntent(true);
    world.stripe.presentCard(intentId, 'approve');
    const subscriptionId = await sales.pushSale(intentId);
    // The push's follow-up finds no card yet: the capture has not happened.
    await attachTenantSavedCards(world.newRunner(), studio.tenantId);
    expect((await world.subscription(studio, subscriptionId)).stripe_payment_method_id).toBeNull();
    await sales.capture(intentId);
    const generated = (await sales.intentRow(intentId)).generated_card_id;
    expect(await world.subscription(studio, subscriptionId)).toMatchObject({
      stripe_payment_method_id: generated,
    });
    expect(await sales.autopayRows()).toHaveLength(1);
  });

  it('R13.5 a capture whose reply the server never saw is asked of Stripe when the sale arrives', async () => {
    const studio = await world.newStudio(true);
    const sales = await AutopaySales.open(world, studio);
    const intentId = await sales.startIntent(true);
    world.stripe.presentCard(intentId, 'approve');
    // Captured at Stripe, its reply lost on the way: the server's record still waits.
    await world.sdk().paymentIntents.capture(intentId, {}, { stripeAccount: studio.account ?? '' });
    const subscriptionId = await sales.pushSale(intentId);
    await sales.attached(intentId);
    const row = await sales.intentRow(intentId);
    expect(row.status).toBe('succeeded');
    expect(row.generated_card_id).toMatch(/^pm_/);
    expect(await world.subscription(studio, subscriptionId)).toMatchObject({
      stripe_payment_method_id: row.generated_card_id,
    });
  });

  it('R13.5 reuses the member’s Customer for a second saved card', async () => {
    const studio = await world.newStudio(true);
    const sales = await AutopaySales.open(world, studio);
    const first = await sales.startIntent(true);
    const second = await sales.startIntent(true);
    expect(world.stripe.intent(first)?.customer).toMatch(/^cus_/);
    expect(world.stripe.intent(second)?.customer).toBe(world.stripe.intent(first)?.customer);
    const made = world.stripe.requests.filter(
      (r) => r.path === '/v1/customers' && r.account === studio.account && !r.replayed,
    );
    expect(made).toHaveLength(1);
  });

  it('R7.2 refuses bad input to a saving intent, starting nothing', async () => {
    const studio = await world.newStudio(true);
    const sales = await AutopaySales.open(world, studio);
    const intents = world.stripe.allIntents().length;
    const customers = world.stripe.requests.filter((r) => r.path === '/v1/customers').length;
    const ask = (saveCardFor: unknown, checkoutId: string = randomUUID()) =>
      sales.request('POST', '/v1/payments/intents', {
        amount: PLAN_PRICE,
        checkoutId,
        saveCardFor,
      });
    expect((await ask({ memberId: 'not-a-uuid' })).status).toBe(400);
    expect((await ask({ memberId: sales.memberId, extra: 1 })).status).toBe(400);
    expect((await ask('yes')).status).toBe(400);
    const stranger = await ask({ memberId: randomUUID() });
    expect(stranger.status).toBe(404);
    expect(stranger.json).toMatchObject({ error: 'unknown_member' });
    expect(world.stripe.allIntents()).toHaveLength(intents);
    expect(world.stripe.requests.filter((r) => r.path === '/v1/customers')).toHaveLength(customers);
    // One checkout cannot turn card saving on after its intent was made without it.
    const checkoutId = randomUUID();
    expect((await ask(undefined, checkoutId)).status).toBe(200);
    const changed = await ask({ memberId: sales.memberId }, checkoutId);
    expect(changed.status).toBe(409);
    expect(changed.json).toMatchObject({ error: 'checkout_changed' });
  });
});
