import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../server/support/server-harness';
import {
  createPaymentsWorld,
  newAccountId,
  type PaymentsStudio,
  type PaymentsWorld,
} from './support/payments-world';

interface IntentBody {
  readonly paymentIntentId: string;
  readonly clientSecret: string;
  readonly status: string;
}

function intentOf(json: unknown): IntentBody {
  const body = json as Partial<IntentBody>;
  if (typeof body.paymentIntentId !== 'string' || typeof body.clientSecret !== 'string') {
    throw new Error(`not an intent reply: ${JSON.stringify(json)}`);
  }
  return {
    paymentIntentId: body.paymentIntentId,
    clientSecret: body.clientSecret,
    status: String(body.status),
  };
}

describe('card payment endpoints against the Stripe fake, through the stripe SDK', () => {
  let world: PaymentsWorld;
  let studio: PaymentsStudio;

  beforeAll(async () => {
    world = await createPaymentsWorld();
    studio = await world.newStudio(newAccountId());
  });
  afterAll(() => world.dispose());

  const create = (amount: number, checkoutId = randomUUID(), who = studio) =>
    who.request('POST', '/v1/payments/intents', { amount, checkoutId });

  it('creates a connection token on the connected account', async () => {
    const reply = await studio.request('POST', '/v1/payments/connection-token', {});
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ secret: expect.stringMatching(/^pst_test_/) as unknown });
    const sent = world.stripe.requests.at(-1);
    expect(sent).toMatchObject({ path: '/v1/terminal/connection_tokens', account: studio.account });
  });

  it('creates a manual-capture card_present intent on the connected account, keyed by checkout', async () => {
    const checkoutId = randomUUID();
    const reply = await create(2500, checkoutId);
    expect(reply.status).toBe(200);
    const intent = intentOf(reply.json);
    expect(intent.clientSecret).toMatch(new RegExp(`^${intent.paymentIntentId}_secret_`));
    const sent = world.stripe.requests.find(
      (r) =>
        r.path === '/v1/payment_intents' &&
        r.method === 'POST' &&
        r.params['metadata'] !== undefined &&
        JSON.stringify(r.params).includes(checkoutId),
    );
    expect(sent).toMatchObject({
      account: studio.account,
      idempotencyKey: `studio-desk:intent:${studio.studio.tenantId}:${checkoutId}`,
      params: {
        amount: '2500',
        currency: 'usd',
        capture_method: 'manual',
        allowed_payment_method_types: ['card_present'],
        metadata: {
          tenant_id: studio.studio.tenantId,
          device_id: studio.desk.deviceId,
          checkout_id: checkoutId,
        },
      },
    });
    const row = await world
      .tables()
      .selectFrom('card_payment_intents')
      .selectAll()
      .where('id', '=', intent.paymentIntentId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      tenant_id: studio.studio.tenantId,
      checkout_id: checkoutId,
      amount: 2500,
      status: 'requires_payment_method',
    });
  });

  it('answers a retried create with the same intent, even when the first reply was lost', async () => {
    const checkoutId = randomUUID();
    // Stripe made the intent but the connection dropped before its reply: the SDK retries
    // with the same Idempotency-Key and Stripe replays the first reply.
    world.stripe.failNext(
      { method: 'POST', path: /^\/v1\/payment_intents$/ },
      { kind: 'network', when: 'after' },
    );
    const first = intentOf((await create(1800, checkoutId)).json);
    const second = intentOf((await create(1800, checkoutId)).json);
    expect(second.paymentIntentId).toBe(first.paymentIntentId);
    const made = world.stripe.allIntents().filter((i) => i.metadata['checkout_id'] === checkoutId);
    expect(made).toHaveLength(1);
    const creates = world.stripe.requests.filter(
      (r) => r.path === '/v1/payment_intents' && r.idempotencyKey?.endsWith(checkoutId),
    );
    expect(creates.map((r) => r.replayed)).toEqual([false, true]);

    const changed = await create(1900, checkoutId);
    expect(changed.status).toBe(409);
    expect(changed.json).toMatchObject({ error: 'checkout_changed' });
  });

  it('captures an authorised intent on the connected account; capturing again is harmless', async () => {
    const intent = intentOf((await create(3200)).json);
    world.stripe.presentCard(intent.paymentIntentId, 'approve');
    const captured = await studio.request(
      'POST',
      `/v1/payments/intents/${intent.paymentIntentId}/capture`,
      {},
    );
    expect(captured.status).toBe(200);
    // The card is named by its brand and last 4 (issue 17 item 5), from the charge Stripe
    // expands into the capture's reply; never more of its number.
    const visa = { brand: 'visa', last4: '4242' };
    expect(captured.json).toEqual({
      paymentIntentId: intent.paymentIntentId,
      status: 'succeeded',
      card: visa,
    });
    expect(world.stripe.requests.at(-1)).toMatchObject({
      path: `/v1/payment_intents/${intent.paymentIntentId}/capture`,
      account: studio.account,
      params: { expand: ['latest_charge'] },
    });
    const again = await studio.request(
      'POST',
      `/v1/payments/intents/${intent.paymentIntentId}/capture`,
      {},
    );
    // Captured already: the retrieve that answers it expands the charge too.
    expect(again.json).toEqual({
      paymentIntentId: intent.paymentIntentId,
      status: 'succeeded',
      card: visa,
    });
    expect(world.stripe.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/v1/payment_intents/${intent.paymentIntentId}`,
      params: { expand: ['latest_charge'] },
    });
    expect(world.stripe.intent(intent.paymentIntentId)?.amount_received).toBe(3200);

    const cancel = await studio.request(
      'POST',
      `/v1/payments/intents/${intent.paymentIntentId}/cancel`,
      {},
    );
    expect(cancel.status).toBe(409);
    expect(cancel.json).toMatchObject({ error: 'already_captured' });
  });

  it('cancels an intent that will not be captured, on the connected account', async () => {
    const intent = intentOf((await create(900)).json);
    world.stripe.presentCard(intent.paymentIntentId, 'approve');
    const reply = await studio.request(
      'POST',
      `/v1/payments/intents/${intent.paymentIntentId}/cancel`,
      {},
    );
    expect(reply.json).toEqual({ paymentIntentId: intent.paymentIntentId, status: 'canceled' });
    expect(world.stripe.requests.at(-1)).toMatchObject({
      account: studio.account,
      params: { cancellation_reason: 'abandoned' },
    });
    expect(world.stripe.intent(intent.paymentIntentId)?.status).toBe('canceled');
  });

  it('refuses a declined card clearly and records no payment', async () => {
    const intent = intentOf((await create(4100)).json);
    world.stripe.presentCard(intent.paymentIntentId, { decline: 'insufficient_funds' });
    const reply = await studio.request(
      'POST',
      `/v1/payments/intents/${intent.paymentIntentId}/capture`,
      {},
    );
    expect(reply.status).toBe(402);
    expect(reply.json).toMatchObject({
      error: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'The card was declined (insufficient funds); nothing was charged.',
    });
    const payments = await world.database.db
      .selectFrom('payments')
      .select('id')
      .where('tenant_id', '=', studio.studio.tenantId)
      .execute();
    expect(payments).toEqual([]);
    const row = await world
      .tables()
      .selectFrom('card_payment_intents')
      .selectAll()
      .where('id', '=', intent.paymentIntentId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'requires_payment_method',
      failure_code: 'insufficient_funds',
      amount_received: 0,
    });

    // A card_error Stripe answers directly is the same refusal.
    const other = intentOf((await create(700)).json);
    world.stripe.presentCard(other.paymentIntentId, 'approve');
    world.stripe.failNext(
      { path: /\/capture$/ },
      {
        kind: 'stripe',
        status: 402,
        error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'expired_card',
          message: 'Your card has expired.',
        },
      },
    );
    const expired = await studio.request(
      'POST',
      `/v1/payments/intents/${other.paymentIntentId}/capture`,
      {},
    );
    expect(expired.status).toBe(402);
    expect(expired.json).toMatchObject({
      error: 'card_declined',
      message: 'The card was declined (the card has expired); nothing was charged.',
    });
  });

  it('turns an unreachable Stripe into a 502 that says nothing was charged, recording nothing', async () => {
    const checkoutId = randomUUID();
    world.stripe.failNext(
      { path: /^\/v1\/payment_intents$/ },
      { kind: 'network', when: 'before' },
      10,
    );
    const reply = await create(1500, checkoutId);
    expect(reply.status).toBe(502);
    expect(reply.json).toMatchObject({
      error: 'stripe_unreachable',
      message: expect.stringContaining('nothing was charged') as unknown,
    });
    const rows = await world
      .tables()
      .selectFrom('card_payment_intents')
      .select('id')
      .where('checkout_id', '=', checkoutId)
      .execute();
    expect(rows).toEqual([]);
    world.stripe.failNext({ path: /connection_tokens/ }, { kind: 'network', when: 'before' }, 10);
    const token = await studio.request('POST', '/v1/payments/connection-token', {});
    expect(token.status).toBe(502);
    world.stripe.clearFailures();
  });

  it('keeps each studio to its own intents and refuses a studio without a Stripe account (409)', async () => {
    const other = await world.newStudio(newAccountId());
    const mine = intentOf((await create(1100)).json);
    world.stripe.presentCard(mine.paymentIntentId, 'approve');
    const stolen = await other.request(
      'POST',
      `/v1/payments/intents/${mine.paymentIntentId}/capture`,
      {},
    );
    expect(stolen.status).toBe(404);
    expect(world.stripe.intent(mine.paymentIntentId)?.status).toBe('requires_capture');

    const unset = await world.newStudio(null);
    const status = await unset.request('GET', '/v1/payments/status');
    expect(status.json).toEqual({
      available: false,
      reason: expect.stringContaining('has not connected a Stripe account') as unknown,
    });
    for (const [path, body] of [
      ['/v1/payments/connection-token', {}],
      ['/v1/payments/intents', { amount: 500, checkoutId: randomUUID() }],
    ] as const) {
      const refused = await unset.request('POST', path, body);
      expect(refused.status).toBe(409);
      expect(refused.json).toMatchObject({ error: 'payments_not_set_up' });
    }
    expect((await studio.request('GET', '/v1/payments/status')).json).toEqual({
      available: true,
      reason: null,
    });
  });

  it('refuses bad input and unauthenticated calls, changing nothing', async () => {
    const before = world.stripe.requests.length;
    for (const body of [
      { amount: 0, checkoutId: randomUUID() },
      { amount: '500', checkoutId: randomUUID() },
      { amount: 500, checkoutId: 'not-a-uuid' },
      { amount: 500, checkoutId: randomUUID(), currency: 'eur' },
      { amount: 500.5, checkoutId: randomUUID() },
    ]) {
      const reply = await studio.request('POST', '/v1/payments/intents', body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
    }
    expect(
      (await studio.request('POST', '/v1/payments/intents/not_an_intent/capture', {})).status,
    ).toBe(400);
    expect(
      (await studio.request('POST', '/v1/payments/intents/pi_Unknown/capture', {})).status,
    ).toBe(404);
    const anonymous = await world.app.inject({
      method: 'POST',
      url: '/v1/payments/intents',
      payload: { amount: 500, checkoutId: randomUUID() },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(world.stripe.requests.length).toBe(before);
  });

  it('refuses every payment route when the server runs without Stripe (503)', async () => {
    const bare = await startServer(world.database, world.clock);
    try {
      const reply = await bare.inject({
        method: 'POST',
        url: '/v1/payments/intents',
        headers: { authorization: `Bearer ${studio.desk.token}` },
        payload: { amount: 500, checkoutId: randomUUID() },
      });
      expect(reply.statusCode).toBe(503);
      expect(reply.json()).toMatchObject({ error: 'payments_not_configured' });
    } finally {
      await bare.close();
    }
  });
});
