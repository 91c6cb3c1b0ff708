import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantDatabase } from '../../sync-server/db/tenant-database';
import { PokeHub } from '../../sync-server/sync/poke-hub';
import { silentLog } from '../../sync-server/support/service-error';
import { processPendingCardRefunds } from '../../sync-server/payments/card-refunds';
import { createStripeClient } from '../../sync-server/payments/payments-config';
import type { PaymentsContext } from '../../sync-server/payments/payments-context';
import { eventually } from '../sync/sync-harness';
import {
  cardReviews,
  giftCardSoldByCard,
  orderOfIntent,
  pushAll,
  takeCardPayment,
} from './support/card-sales';
import {
  createPaymentsWorld,
  newAccountId,
  type PaymentsStudio,
  type PaymentsWorld,
} from './support/payments-world';

describe('Stripe webhooks, reconciliation and card refunds', () => {
  let world: PaymentsWorld;
  let studio: PaymentsStudio;
  let payments: PaymentsContext;

  beforeAll(async () => {
    world = await createPaymentsWorld();
    studio = await world.newStudio(newAccountId());
    payments = {
      tenants: tenantDatabase(world.database.db),
      clock: world.clock,
      log: silentLog,
      hub: new PokeHub(),
      stripe: createStripeClient(world.payments),
      options: world.payments,
    };
  });
  afterAll(() => world.dispose());

  const intentRow = (id: string) =>
    world
      .tables()
      .selectFrom('card_payment_intents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const handledEvents = (id: string) =>
    world.tables().selectFrom('stripe_webhook_events').select('id').where('id', '=', id).execute();

  it('refuses a webhook whose signature does not match its raw body, recording nothing', async () => {
    await takeCardPayment(world, studio, 1200);
    const event = world.stripe.pendingWebhooks().find((e) => e.type === 'payment_intent.succeeded');
    if (!event) throw new Error('the fake emitted no payment_intent.succeeded');
    const forged = await world.stripe.deliver(world.webhookUrl, event, 'whsec_NotTheSecret');
    expect(forged.status).toBe(400);
    expect(JSON.parse(forged.response)).toMatchObject({ error: 'invalid_signature' });

    const { body, signature } = world.stripe.signed(event);
    const tampered = await fetch(world.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: body.replace('"amount_received": 1200', '"amount_received": 1'),
    });
    expect(tampered.status).toBe(400);
    // Re-serialised JSON is not the bytes Stripe signed: verification must see the raw body.
    const reserialised = await fetch(world.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: JSON.stringify(JSON.parse(body)),
    });
    expect(reserialised.status).toBe(400);
    const unsigned = await fetch(world.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(400);
    expect(await handledEvents(event.id)).toEqual([]);
  });

  it('processes a genuine event once, however often Stripe delivers it', async () => {
    const intentId = await takeCardPayment(world, studio, 2100);
    const delivered = await world.stripe.deliverWebhooks(world.webhookUrl);
    expect(delivered.map((d) => d.status)).toEqual(delivered.map(() => 200));
    const succeeded = delivered.find(
      (d) => d.type === 'payment_intent.succeeded' && d.body.includes(intentId),
    );
    if (!succeeded) throw new Error('no succeeded event for the intent');
    expect(JSON.parse(succeeded.response)).toEqual({ received: true });
    const ignored = delivered.find((d) => d.type === 'payment_intent.amount_capturable_updated');
    expect(JSON.parse(ignored?.response ?? '{}')).toMatchObject({
      received: true,
      ignored: expect.any(String) as unknown,
    });

    const event = JSON.parse(succeeded.body) as Parameters<typeof world.stripe.deliver>[1];
    const again = await world.stripe.deliver(world.webhookUrl, event);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.response)).toEqual({ received: true, duplicate: true });
    expect(await handledEvents(event.id)).toHaveLength(1);
    expect(await intentRow(intentId)).toMatchObject({ status: 'succeeded', amount_received: 2100 });
  });

  it('reconciles a desk-pushed sale with its captured card payment', async () => {
    const intentId = await takeCardPayment(world, studio, 2500);
    await pushAll(studio, [giftCardSoldByCard(2500, intentId)]);
    await world.stripe.deliverWebhooks(world.webhookUrl);
    const row = await eventually(async () => {
      const found = await intentRow(intentId);
      return found.reconciliation === 'open' ? undefined : found;
    });
    const payment = await world.database.db
      .selectFrom('payments')
      .select(['id', 'status'])
      .where('stripe_payment_intent_id', '=', intentId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ reconciliation: 'matched', payment_id: payment.id });
    expect(await cardReviews(world, studio.studio.tenantId)).toEqual([]);
  });

  it('raises one review item for each card payment that disagrees with Stripe', async () => {
    const own = await world.newStudio(newAccountId());
    const short = await takeCardPayment(world, own, 3000);
    const declined = (
      (
        await own.request('POST', '/v1/payments/intents', {
          amount: 1500,
          checkoutId: randomUUID(),
        })
      ).json as {
        paymentIntentId: string;
      }
    ).paymentIntentId;
    world.stripe.presentCard(declined, { decline: 'generic_decline' });
    await own.request('POST', `/v1/payments/intents/${declined}/cancel`, {});
    await world.stripe.deliverWebhooks(world.webhookUrl);
    await pushAll(own, [
      giftCardSoldByCard(2500, short),
      giftCardSoldByCard(1500, declined),
      giftCardSoldByCard(900, 'pi_NeverCreatedHere'),
    ]);
    const reviews = await eventually(async () => {
      const found = await cardReviews(world, own.studio.tenantId);
      return found.length >= 3 ? found : undefined;
    });
    expect(
      reviews.map((r) => [r.details['problem'], r.details['paymentIntentId'], r.amount]).sort(),
    ).toEqual(
      [
        ['amount_differs', short, 2500],
        ['intent_failed', declined, 1500],
        ['unknown_intent', 'pi_NeverCreatedHere', 900],
      ].sort(),
    );
    expect(await intentRow(short)).toMatchObject({ reconciliation: 'flagged' });
    // Reconciling again (another push, another webhook) raises nothing new.
    await pushAll(own, [giftCardSoldByCard(400, await takeCardPayment(world, own, 400))]);
    await world.stripe.deliverWebhooks(world.webhookUrl);
    await eventually(async () =>
      (await intentRow(short)).reconciliation === 'flagged' ? true : undefined,
    );
    expect(await cardReviews(world, own.studio.tenantId)).toHaveLength(3);
  });

  it('sends a pending card refund to Stripe once, after the push that recorded it', async () => {
    const intentId = await takeCardPayment(world, studio, 4000);
    await pushAll(studio, [giftCardSoldByCard(4000, intentId)]);
    const orderId = await orderOfIntent(world, intentId);
    // The refund's reply is lost once: the SDK's retry carries the same idempotency key.
    world.stripe.failNext({ path: /^\/v1\/refunds$/ }, { kind: 'network', when: 'after' });
    await pushAll(studio, [
      {
        name: 'pos.refund',
        args: {
          orderId,
          tenders: [{ method: 'card', amount: 4000, paymentIntentId: intentId }],
          reason: 'changed their mind',
        },
      },
    ]);
    const refunded = await eventually(async () => {
      const row = await world.database.db
        .selectFrom('payments')
        .select(['id', 'status', 'amount'])
        .where('stripe_payment_intent_id', '=', intentId)
        .where('amount', '<', 0)
        .executeTakeFirst();
      return row?.status === 'succeeded' ? row : undefined;
    });
    expect(refunded.amount).toBe(-4000);
    const sent = world.stripe.ledger.refunds.filter((r) => r.payment_intent === intentId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      amount: 4000,
      metadata: { payment_id: refunded.id, order_id: orderId },
    });
    const requests = world.stripe.requests.filter((r) => r.path === '/v1/refunds');
    expect(new Set(requests.map((r) => r.idempotencyKey))).toEqual(
      new Set([`studio-desk:refund:${studio.studio.tenantId}:${refunded.id}`]),
    );

    expect(await processPendingCardRefunds(payments, studio.studio.tenantId)).toEqual({
      sent: 0,
      refused: 0,
      deferred: 0,
    });
    const delivered = await world.stripe.deliverWebhooks(world.webhookUrl);
    expect(delivered.find((d) => d.type === 'charge.refunded')?.status).toBe(200);
    expect(world.stripe.ledger.refunds.filter((r) => r.payment_intent === intentId)).toHaveLength(
      1,
    );
    const claim = await world
      .tables()
      .selectFrom('card_refunds')
      .selectAll()
      .where('payment_id', '=', refunded.id)
      .executeTakeFirstOrThrow();
    expect(claim).toMatchObject({
      status: 'succeeded',
      stripe_refund_id: sent[0]?.id,
      amount: 4000,
    });
  });

  it('marks a card refund Stripe refuses as failed and raises a review item', async () => {
    const own = await world.newStudio(newAccountId());
    // A refund naming a card that did not pay the sale never reaches Stripe (issue 17 item
    // 5, tests/payments/refund-to-card-issue17.test.ts): here the card paid and Stripe says no.
    const intentId = await takeCardPayment(world, own, 800);
    await pushAll(own, [giftCardSoldByCard(800, intentId)]);
    const orderId = await orderOfIntent(world, intentId);
    world.stripe.failNext(
      { path: /^\/v1\/refunds$/ },
      {
        kind: 'stripe',
        status: 400,
        error: {
          type: 'invalid_request_error',
          code: 'charge_disputed',
          message: 'Charge has been disputed.',
        },
      },
    );
    await pushAll(own, [
      {
        name: 'pos.refund',
        args: {
          orderId,
          tenders: [{ method: 'card', amount: 800, paymentIntentId: intentId }],
          reason: 'wrong tender',
        },
      },
    ]);
    const reviews = await eventually(async () => {
      const found = await cardReviews(world, own.studio.tenantId);
      return found.some((r) => r.details['problem'] === 'refund_refused') ? found : undefined;
    });
    expect(reviews.find((r) => r.details['problem'] === 'refund_refused')).toMatchObject({
      amount: -800,
    });
    const payment = await world.database.db
      .selectFrom('payments')
      .select('status')
      .where('stripe_payment_intent_id', '=', intentId)
      .where('amount', '<', 0)
      .executeTakeFirstOrThrow();
    expect(payment.status).toBe('failed');
    expect(world.stripe.ledger.refunds.filter((r) => r.payment_intent === intentId)).toEqual([]);
  });
});
