import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTenantFeature } from '../../sync-server/admin/tenant-features-admin';
import {
  createPaymentsWorld,
  newAccountId,
  type PaymentsStudio,
  type PaymentsWorld,
} from '../payments/support/payments-world';

const OFF_REASON = "Card payments are not part of this studio's plan";

/** R19.4: a plan without card payments starts none, and finishes those already started. */
describe('card payments and the studio plan', () => {
  let world: PaymentsWorld;
  let studio: PaymentsStudio;
  let other: PaymentsStudio;

  const setCards = (enabled: boolean) =>
    setTenantFeature({ db: world.database.db }, studio.studio.tenantId, 'card_payments', enabled);
  const newIntent = (who = studio) =>
    who.request('POST', '/v1/payments/intents', { amount: 2500, checkoutId: randomUUID() });

  beforeAll(async () => {
    world = await createPaymentsWorld();
    studio = await world.newStudio(newAccountId());
    other = await world.newStudio(newAccountId());
  });
  afterAll(() => world.dispose());

  it('R19.4 switched off: unavailable with the reason, no token or intent, Stripe never asked', async () => {
    const started = await newIntent();
    expect(started.status).toBe(200);
    const intentId = (started.json as { paymentIntentId: string }).paymentIntentId;
    await setCards(false);
    const asked = world.stripe.requests.length;

    const status = await studio.request('GET', '/v1/payments/status');
    expect(status.status).toBe(200);
    expect(status.json).toEqual({
      available: false,
      reason: expect.stringContaining(OFF_REASON) as unknown,
    });
    for (const refused of [
      await studio.request('POST', '/v1/payments/connection-token', {}),
      await newIntent(),
    ]) {
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual({
        error: 'not_in_plan',
        message: expect.stringContaining(OFF_REASON) as unknown,
      });
    }
    expect(world.stripe.requests.length).toBe(asked);

    // A payment already started is still finished (here: cancelled), and other studios
    // keep their cards.
    const cancelled = await studio.request('POST', `/v1/payments/intents/${intentId}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect((await newIntent(other)).status).toBe(200);
  });

  it('R19.4 switched back on: cards work again', async () => {
    await setCards(true);
    const status = await studio.request('GET', '/v1/payments/status');
    expect(status.json).toEqual({ available: true, reason: null });
    expect((await studio.request('POST', '/v1/payments/connection-token', {})).status).toBe(200);
    expect((await newIntent()).status).toBe(200);
  });
});
