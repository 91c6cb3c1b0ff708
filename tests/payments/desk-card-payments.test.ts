import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CARD_OFFLINE_REASON,
  createDeskPayments,
  DeskPaymentsError,
} from '../../src-main/hardware/card-reader/card-payments';
import { createFakePaymentTerminal } from '../../src-renderer/hardware/card-reader/fake-payment-terminal';
import type { PaymentTerminal } from '../../src-renderer/hardware/card-reader/payment-terminal';
import { createStripePaymentTerminal } from '../../src-renderer/hardware/card-reader/stripe-payment-terminal';
import { createEnrolledDesk } from '../desk/desk-harness';
import { paymentsBridgeFor } from './support/desk-payments-bridge';
import { terminalSdkDouble, type SdkDouble } from './support/terminal-sdk-double';
import { openCardDesk, replyLosingFetch, urlOf, type CardDesk } from './support/payments-desk';
import {
  createPaymentsWorld,
  newAccountId,
  type PaymentsStudio,
  type PaymentsWorld,
} from './support/payments-world';

/** Waits (bounded) until `ready` holds: the moment a reader is prompting, say. */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!ready()) throw new Error('the condition did not hold within 5 s');
}

describe('desk payments without the internet', () => {
  it('says the card tender is unavailable and why, and tries nothing', async () => {
    const enrolled = await createEnrolledDesk();
    try {
      let fetched = 0;
      const counting: typeof fetch = (input, init) => {
        fetched++;
        return fetch(input, init);
      };
      const payments = createDeskPayments(enrolled.desk, {
        fetchImpl: counting,
        isOnline: () => false,
      });
      expect(await payments.status()).toEqual({ available: false, reason: CARD_OFFLINE_REASON });
      expect(CARD_OFFLINE_REASON).toBe(
        'The card reader needs the internet; take cash, gift card or external instead.',
      );
      for (const attempt of [
        () => payments.connectionToken(),
        () => payments.createIntent({ amount: 1000, checkoutId: randomUUID() }),
        () => payments.capture({ paymentIntentId: 'pi_Anything' }),
        () => payments.cancel({ paymentIntentId: 'pi_Anything' }),
      ]) {
        await expect(attempt()).rejects.toMatchObject({
          code: 'offline',
          message: CARD_OFFLINE_REASON,
        });
      }
      expect(fetched).toBe(0);

      // The sync engine still thinks it is online, but the server cannot be reached.
      const unreachable = createDeskPayments(enrolled.desk, {
        isOnline: () => true,
        timeoutMs: 2000,
      });
      expect(await unreachable.status()).toEqual({ available: false, reason: CARD_OFFLINE_REASON });
      await expect(
        unreachable.createIntent({ amount: 1000, checkoutId: randomUUID() }),
      ).rejects.toBeInstanceOf(DeskPaymentsError);

      // The fake reader, offline: the collect fails with the reason and records nothing.
      const terminal = createFakePaymentTerminal(paymentsBridgeFor(payments));
      await expect(terminal.connectReader('tmr_SimulatedFrontDesk')).rejects.toMatchObject({
        code: 'offline',
      });
      const bad = createDeskPayments(enrolled.desk, { isOnline: () => false });
      await expect(bad.createIntent({ amount: -5, checkoutId: 'nope' })).rejects.toMatchObject({
        code: 'invalid',
      });
    } finally {
      await enrolled.dispose();
    }
  });
});

describe('the fake terminal through the desk, the sync server and the Stripe fake', () => {
  let world: PaymentsWorld;
  let studio: PaymentsStudio;
  let card: CardDesk;
  const messages: string[] = [];
  const onMessage = (message: string) => messages.push(message);

  beforeAll(async () => {
    world = await createPaymentsWorld();
    studio = await world.newStudio(newAccountId());
    card = await openCardDesk(world, studio.studio.tenantId);
    await card.terminal.connectReader((await card.terminal.discoverReaders())[0]?.id ?? '');
  });
  afterAll(async () => {
    await card.dispose();
    await world.dispose();
  });

  it('reports the card tender available and connects the reader with a connection token', async () => {
    expect(await card.payments.status()).toEqual({ available: true, reason: null });
    expect(card.terminal.connectedReader()).toMatchObject({ status: 'online' });
    expect(
      world.stripe.requests.some(
        (r) => r.path === '/v1/terminal/connection_tokens' && r.account === studio.account,
      ),
    ).toBe(true);
  });

  it('succeeds only with a captured PaymentIntent', async () => {
    card.terminal.setBehaviour({ kind: 'approve' });
    const outcome = await card.terminal.collect(
      { amount: 2500, checkoutId: randomUUID() },
      onMessage,
    );
    // The card is named as Stripe's capture named it (issue 17 item 5): brand and last 4.
    expect(outcome).toEqual({
      status: 'succeeded',
      paymentIntentId: expect.stringMatching(/^pi_/) as unknown,
      card: { brand: 'visa', last4: '4242' },
    });
    if (outcome.status !== 'succeeded') throw new Error('unreachable');
    expect(world.stripe.intent(outcome.paymentIntentId)).toMatchObject({
      status: 'succeeded',
      amount_received: 2500,
    });
    expect(messages).toContain('Insert, tap or swipe the card');
  });

  it('reports a decline with the message, capturing nothing', async () => {
    card.terminal.setBehaviour({ kind: 'decline', message: 'Declined: insufficient funds' });
    const calls = card.bridge.calls.length;
    const outcome = await card.terminal.collect(
      { amount: 1300, checkoutId: randomUUID() },
      onMessage,
    );
    expect(outcome).toEqual({ status: 'declined', message: 'Declined: insufficient funds' });
    expect(card.bridge.calls.slice(calls)).toEqual(['payments.createIntent']);
    const intent = world.stripe.allIntents().at(-1);
    expect(intent).toMatchObject({
      amount: 1300,
      status: 'requires_payment_method',
      amount_received: 0,
    });
  });

  it('hears a decline at capture as a decline, with the network reason', async () => {
    const created = await card.payments.createIntent({ amount: 1700, checkoutId: randomUUID() });
    world.stripe.presentCard(created.paymentIntentId, { decline: 'insufficient_funds' });
    const refused = await card.payments.capture({ paymentIntentId: created.paymentIntentId }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ code: 'card_declined' });
    expect((refused as Error).message).toMatch(/insufficient funds/i);
    expect(world.stripe.intent(created.paymentIntentId)).toMatchObject({ amount_received: 0 });
  });

  it('settles as canceled when the customer or staff cancel, capturing nothing', async () => {
    card.terminal.setBehaviour({ kind: 'cancel' });
    expect(
      await card.terminal.collect({ amount: 700, checkoutId: randomUUID() }, onMessage),
    ).toMatchObject({
      status: 'canceled',
    });
    card.terminal.setBehaviour({ kind: 'wait' });
    const pending = card.terminal.collect({ amount: 800, checkoutId: randomUUID() }, onMessage);
    // Cancel once the reader is prompting, as staff would.
    await until(() => messages.at(-1) === 'Insert, tap or swipe the card');
    await card.terminal.cancel();
    expect(await pending).toEqual({
      status: 'canceled',
      message: 'Canceled at the desk; nothing was charged.',
    });
    // Canceled while the intent is still being made: the reader is never asked.
    card.terminal.setBehaviour({ kind: 'approve' });
    const early = card.terminal.collect({ amount: 750, checkoutId: randomUUID() }, onMessage);
    await card.terminal.cancel();
    expect(await early).toMatchObject({ status: 'canceled' });
    expect(world.stripe.allIntents().find((i) => i.amount === 750)?.status).toBe(
      'requires_payment_method',
    );
    expect(
      world.stripe
        .allIntents()
        .filter((i) => i.amount === 700 || i.amount === 800)
        .map((i) => i.status),
    ).toEqual(['requires_payment_method', 'requires_payment_method']);
  });

  it('fails on a reader disconnect and needs the reader connected again', async () => {
    card.terminal.setBehaviour({ kind: 'disconnect' });
    const outcome = await card.terminal.collect(
      { amount: 600, checkoutId: randomUUID() },
      onMessage,
    );
    expect(outcome).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('disconnected') as unknown,
    });
    expect(card.terminal.connectedReader()).toBeNull();
    expect(
      await card.terminal.collect({ amount: 600, checkoutId: randomUUID() }, onMessage),
    ).toMatchObject({
      status: 'failed',
      message: 'Connect a card reader in settings first.',
    });
    await card.terminal.connectReader('tmr_SimulatedFrontDesk');
  });

  it('confirms a capture whose reply was lost by asking again, never by assuming', async () => {
    let lost = 0;
    const losing = replyLosingFetch((url) => url.endsWith('/capture') && lost++ === 0);
    const flaky = await openCardDesk(world, studio.studio.tenantId, { fetchImpl: losing });
    try {
      await flaky.terminal.connectReader('tmr_SimulatedFrontDesk');
      const outcome = await flaky.terminal.collect(
        { amount: 1900, checkoutId: randomUUID() },
        onMessage,
      );
      expect(outcome).toMatchObject({ status: 'succeeded' });
      expect(flaky.bridge.calls.filter((c) => c === 'payments.capture')).toHaveLength(2);
    } finally {
      await flaky.dispose();
    }
  });

  it('fails, releases the authorisation and records nothing when the capture cannot be confirmed', async () => {
    let online = true;
    const cutting: typeof fetch = async (input, init) => {
      // The connection drops just as the capture is sent, and stays down.
      if (urlOf(input).endsWith('/capture')) online = false;
      if (!online) throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    const cut = await openCardDesk(world, studio.studio.tenantId, { fetchImpl: cutting });
    try {
      await cut.terminal.connectReader('tmr_SimulatedFrontDesk');
      const outcome = await cut.terminal.collect(
        { amount: 2200, checkoutId: randomUUID() },
        onMessage,
      );
      expect(outcome).toMatchObject({
        status: 'failed',
        message: expect.stringContaining('not recorded') as unknown,
      });
      const intent = world.stripe.allIntents().find((i) => i.amount === 2200);
      // Authorised at Stripe but never captured: nothing was charged, and no sale says paid.
      expect(intent).toMatchObject({ status: 'requires_capture', amount_received: 0 });
      const recorded = await cut.desk.db
        .selectFrom('payments')
        .select('id')
        .where('method', '=', 'card')
        .execute();
      expect(recorded).toEqual([]);
    } finally {
      await cut.dispose();
    }
  });
});

describe('the Stripe Terminal implementation, with a double of Stripe’s JS SDK', () => {
  let world: PaymentsWorld;
  let card: CardDesk;
  let sdk: SdkDouble;
  let terminal: PaymentTerminal;
  const messages: string[] = [];

  beforeAll(async () => {
    world = await createPaymentsWorld();
    const studio = await world.newStudio(newAccountId());
    card = await openCardDesk(world, studio.studio.tenantId);
    sdk = terminalSdkDouble(world.stripe);
    terminal = createStripePaymentTerminal(card.bridge, { load: async () => sdk.factory });
  });
  afterAll(async () => {
    await card.dispose();
    await world.dispose();
  });

  it('discovers and connects a reader, fetching the connection token through the desk', async () => {
    const readers = await terminal.discoverReaders();
    expect(readers).toEqual([
      { id: 'tmr_WisePosFrontDesk', label: 'Front desk reader', status: 'online' },
    ]);
    await terminal.connectReader('tmr_WisePosFrontDesk');
    expect(sdk.tokens).toEqual([expect.stringMatching(/^pst_test_/) as unknown]);
  });

  it('collects, processes and captures; declines and cancels capture nothing', async () => {
    sdk.next = 'approve';
    const paid = await terminal.collect({ amount: 3100, checkoutId: randomUUID() }, (m) =>
      messages.push(m),
    );
    expect(paid).toMatchObject({ status: 'succeeded' });
    if (paid.status !== 'succeeded') throw new Error('unreachable');
    expect(world.stripe.intent(paid.paymentIntentId)).toMatchObject({
      status: 'succeeded',
      amount_received: 3100,
    });
    expect(messages).toContain('Insert, tap or swipe the card on the reader');

    sdk.next = 'decline';
    expect(
      await terminal.collect({ amount: 1200, checkoutId: randomUUID() }, () => undefined),
    ).toEqual({
      status: 'declined',
      message: 'Your card has insufficient funds.',
    });

    sdk.next = 'hold';
    const pending = terminal.collect({ amount: 1400, checkoutId: randomUUID() }, () => undefined);
    await until(() => sdk.collecting);
    await terminal.cancel();
    expect(await pending).toMatchObject({ status: 'canceled' });

    const pendingLost = terminal.collect(
      { amount: 1500, checkoutId: randomUUID() },
      () => undefined,
    );
    await until(() => sdk.collecting);
    sdk.disconnect();
    expect(await pendingLost).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('disconnected') as unknown,
    });
    expect(terminal.connectedReader()).toBeNull();
    const uncaptured = world.stripe
      .allIntents()
      .filter((i) => [1200, 1400, 1500].includes(i.amount));
    expect(uncaptured.map((i) => i.amount_received)).toEqual([0, 0, 0]);
  });
});
