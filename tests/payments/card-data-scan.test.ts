import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { eventually } from '../sync/sync-harness';
import {
  deskFileText,
  findCardNumbers,
  passesLuhn,
  serverDatabaseText,
} from './support/card-number-scan';
import { openCardDesk, recordingFetch, type CardDesk } from './support/payments-desk';
import {
  createPaymentsWorld,
  newAccountId,
  type PaymentsStudio,
  type PaymentsWorld,
} from './support/payments-world';

const PLANTED = '4242 4242 4242 4242';

describe('the card-number scanner', () => {
  it('finds card numbers written plainly or grouped, and only those', () => {
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
    const text = [
      `ref ${PLANTED};`,
      '"4242-4242-4242-4242"',
      'x4242424242424242x',
      'amex 378282246310005',
      'not luhn 4242424242424241',
      'uuid 01937c4e-1234-7000-8123-456789012345',
      'ms 1764234000000 and 1764234000001',
      `hash ${'ab'.repeat(8)}4242424242424242${'cd'.repeat(8)}`,
      'phone 555-0100, date 2026-11-27, migration 20261127090300',
      'a fraction 0.58351399999992',
    ].join('\n');
    expect(findCardNumbers(text)).toEqual([
      PLANTED,
      '4242-4242-4242-4242',
      '4242424242424242',
      '378282246310005',
    ]);
  });
});

describe('no card data is stored, logged or synced anywhere', () => {
  let world: PaymentsWorld;
  let studio: PaymentsStudio;
  let card: CardDesk;
  const traffic: string[] = [];

  beforeAll(async () => {
    world = await createPaymentsWorld();
    studio = await world.newStudio(newAccountId());
    card = await openCardDesk(world, studio.studio.tenantId, {
      fetchImpl: recordingFetch(traffic),
    });
    await card.terminal.connectReader('tmr_SimulatedFrontDesk');
  });
  afterAll(async () => {
    await card.dispose();
    await world.dispose();
  });

  /** Every place card data could leak to, by name, as text. */
  async function everything(): Promise<Record<string, string>> {
    return {
      deskDatabaseFiles: deskFileText(card.desk.dataDir),
      serverDatabase: await serverDatabaseText(world.database.db),
      serverLog: world.logs.join('\n'),
      syncTraffic: traffic.join('\n'),
      stripeTraffic: world.stripe.requests.map((r) => `${r.path}\n${r.rawBody}`).join('\n'),
      webhookTraffic: world.stripe.deliveries.map((d) => `${d.body}\n${d.response}`).join('\n'),
    };
  }

  async function findings() {
    return Object.fromEntries(
      Object.entries(await everything()).map(([where, text]) => [where, findCardNumbers(text)]),
    );
  }

  it('after card sales, a card refund, webhooks and syncs, finds no card number', async () => {
    const owner = studio.studio.ownerId;
    const intents: string[] = [];
    for (const amount of [2500, 4200, 1800]) {
      const outcome = await card.terminal.collect(
        { amount, checkoutId: randomUUID() },
        () => undefined,
      );
      if (outcome.status !== 'succeeded')
        throw new Error(`collect failed: ${JSON.stringify(outcome)}`);
      intents.push(outcome.paymentIntentId);
      await runDeskMutation(card.desk, owner, 'giftCard.sell', {
        amount,
        tenders: [{ method: 'card', amount, paymentIntentId: outcome.paymentIntentId }],
      });
    }
    await card.sync();
    const refunded = intents[1] ?? '';
    const payment = await card.desk.db
      .selectFrom('payments')
      .select('order_id')
      .where('stripe_payment_intent_id', '=', refunded)
      .executeTakeFirstOrThrow();
    await runDeskMutation(card.desk, owner, 'pos.refund', {
      orderId: payment.order_id,
      tenders: [{ method: 'card', amount: 4200, paymentIntentId: refunded }],
      reason: 'gift card not wanted',
    });
    await card.sync();
    await eventually(async () => (world.stripe.ledger.refunds.length === 1 ? true : undefined));
    await world.stripe.deliverWebhooks(world.webhookUrl);
    await card.sync();
    const settled = await card.desk.db
      .selectFrom('payments')
      .select('status')
      .where('stripe_payment_intent_id', '=', refunded)
      .where('amount', '<', 0)
      .executeTakeFirstOrThrow();
    expect(settled.status).toBe('succeeded');
    const reconciled = await world
      .tables()
      .selectFrom('card_payment_intents')
      .select('reconciliation')
      .where('id', 'in', intents)
      .execute();
    expect(reconciled.map((r) => r.reconciliation)).toEqual(['matched', 'matched', 'matched']);

    const sources = await everything();
    // The scan looked at real content: every source holds the payments it should.
    for (const text of Object.values(sources)) expect(text.length).toBeGreaterThan(100);
    expect(sources.deskDatabaseFiles).toContain(refunded);
    expect(sources.serverDatabase).toContain(refunded);
    expect(sources.syncTraffic).toContain(refunded);
    expect(await findings()).toEqual({
      deskDatabaseFiles: [],
      serverDatabase: [],
      serverLog: [],
      syncTraffic: [],
      stripeTraffic: [],
      webhookTraffic: [],
    });
  });

  it('finds a card number planted where staff might type one, in every place it spreads to', async () => {
    await runDeskMutation(card.desk, studio.studio.ownerId, 'giftCard.sell', {
      amount: 1000,
      tenders: [{ method: 'external', amount: 1000, reference: PLANTED }],
    });
    await card.sync();
    world.logs.push(JSON.stringify({ level: 'info', msg: `staff typed ${PLANTED}` }));
    const found = await findings();
    expect(found['deskDatabaseFiles']).toContain(PLANTED);
    expect(found['serverDatabase']).toContain(PLANTED);
    expect(found['serverLog']).toContain(PLANTED);
    expect(found['syncTraffic']).toContain(PLANTED);
  });
});
