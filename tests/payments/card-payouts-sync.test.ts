import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantDatabase } from '../../sync-server/db/tenant-database';
import { syncTenantCardPayouts } from '../../sync-server/payments/card-payouts-sync';
import { createStripeClient } from '../../sync-server/payments/payments-config';
import type { PaymentsContext } from '../../sync-server/payments/payments-context';
import { silentLog } from '../../sync-server/support/service-error';
import { PokeHub } from '../../sync-server/sync/poke-hub';
import { eventually } from '../sync/sync-harness';
import { giftCardSoldByCard, orderOfIntent, pushAll, takeCardPayment } from './support/card-sales';
import { terminalFee } from './support/stripe-fake-balance';
import {
  createPaymentsWorld,
  newAccountId,
  type PaymentsStudio,
  type PaymentsWorld,
} from './support/payments-world';

describe('card payout sync (issue 19): Stripe payouts and balance lines into synced tables', () => {
  let world: PaymentsWorld;
  let payments: PaymentsContext;
  const pokes: number[] = [];

  beforeAll(async () => {
    world = await createPaymentsWorld();
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

  const payoutRows = (tenantId: string) =>
    world.database.db
      .selectFrom('card_payouts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute();
  const lineRows = (tenantId: string) =>
    world.database.db
      .selectFrom('card_balance_lines')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute();
  const head = async (tenantId: string) => {
    const found = await sql<{ position: string }>`select position from sync_positions
      where tenant_id = ${tenantId}`.execute(world.database.db);
    // bigint comes back as text (LESSONS.md): parsed deliberately.
    return Number(found.rows[0]?.position ?? 0);
  };
  const deskPaymentOf = async (intentId: string) =>
    (
      await world.database.db
        .selectFrom('payments')
        .select('id')
        .where('stripe_payment_intent_id', '=', intentId)
        .where('amount', '>', 0)
        .executeTakeFirstOrThrow()
    ).id;

  async function studioWithSales(amounts: readonly number[]) {
    const studio = await world.newStudio(newAccountId());
    const intents: string[] = [];
    for (const amount of amounts) {
      const intent = await takeCardPayment(world, studio, amount);
      await pushAll(studio, [giftCardSoldByCard(amount, intent)]);
      intents.push(intent);
    }
    return { studio, intents, account: studio.account ?? '' };
  }

  it('matches each charge to its PaymentIntent, desk payment and payout; a payout of no desk sale matches none', async () => {
    const { studio, intents, account } = await studioWithSales([2500, 4000]);
    world.clock.advance(60_000);
    const payout = world.stripe.balance.payOut(account);
    world.clock.advance(60_000);
    const outside = world.stripe.balance.chargeElsewhere(account, 12_000);
    const lonely = world.stripe.balance.payOut(account);
    const unsubscribe = payments.hub.subscribe(studio.studio.tenantId, (p) => pokes.push(p));
    const before = await head(studio.studio.tenantId);

    const run = await syncTenantCardPayouts(payments, studio.studio.tenantId);
    unsubscribe();

    expect(run).toEqual({ payouts: 2, lines: 5, matched: 2 });
    const expectedNet = 2500 - terminalFee(2500) + 4000 - terminalFee(4000);
    expect(payout.amount).toBe(expectedNet);
    const payouts = await payoutRows(studio.studio.tenantId);
    expect(payouts).toHaveLength(2);
    expect(payouts.find((p) => p.id === payout.id)).toMatchObject({
      amount: expectedNet,
      currency: 'usd',
      status: 'paid',
      arrival_date: new Date(payout.arrival_date * 1000).toISOString(),
    });
    expect(payouts.find((p) => p.id === lonely.id)).toMatchObject({
      amount: 12_000 - terminalFee(12_000),
    });
    const lines = await lineRows(studio.studio.tenantId);
    const charges = lines.filter((l) => l.type === 'charge');
    expect(charges).toHaveLength(3);
    for (const [index, intent] of intents.entries()) {
      const line = charges.find((l) => l.payment_intent_id === intent);
      expect(line).toMatchObject({
        payout_id: payout.id,
        payment_id: await deskPaymentOf(intent),
        amount: [2500, 4000][index],
        fee: terminalFee([2500, 4000][index] ?? 0),
        currency: 'usd',
      });
      expect(line?.source_id).toMatch(/^ch_/);
    }
    expect(charges.find((l) => l.id === outside.id)).toMatchObject({
      payout_id: lonely.id,
      payment_id: null,
    });
    expect(
      lines
        .filter((l) => l.type === 'payout')
        .map((l) => l.payout_id)
        .sort(),
    ).toEqual([payout.id, lonely.id].sort());
    // Desks hear of the new rows through the change log, like any row the server writes.
    const after = await head(studio.studio.tenantId);
    expect(after).toBeGreaterThan(before);
    expect(pokes.at(-1)).toBe(after);
  });

  it('run again, changes nothing and pokes no desk; a payout Stripe settles later is updated', async () => {
    const { studio, account } = await studioWithSales([1800]);
    const payout = world.stripe.balance.payOut(account, { status: 'in_transit' });
    await syncTenantCardPayouts(payments, studio.studio.tenantId);
    const rows = {
      payouts: await payoutRows(studio.studio.tenantId),
      lines: await lineRows(studio.studio.tenantId),
    };
    const position = await head(studio.studio.tenantId);

    const again = await syncTenantCardPayouts(payments, studio.studio.tenantId);
    expect(again).toEqual({ payouts: 0, lines: 0, matched: 0 });
    expect(await payoutRows(studio.studio.tenantId)).toEqual(rows.payouts);
    expect(await lineRows(studio.studio.tenantId)).toEqual(rows.lines);
    expect(await head(studio.studio.tenantId)).toBe(position);

    world.stripe.balance.setPayoutStatus(payout.id, 'paid');
    world.clock.advance(3_600_000);
    expect(await syncTenantCardPayouts(payments, studio.studio.tenantId)).toEqual({
      payouts: 1,
      lines: 0,
      matched: 0,
    });
    expect(await payoutRows(studio.studio.tenantId)).toEqual([
      { ...rows.payouts[0], status: 'paid', updated_at: new Date(world.clock.now()).toISOString() },
    ]);
  });

  it('matches a charge whose desk payment is pushed after the run that copied it', async () => {
    const studio = await world.newStudio(newAccountId());
    const intent = await takeCardPayment(world, studio, 3300);
    await syncTenantCardPayouts(payments, studio.studio.tenantId);
    expect((await lineRows(studio.studio.tenantId))[0]).toMatchObject({
      payment_intent_id: intent,
      payment_id: null,
    });
    await pushAll(studio, [giftCardSoldByCard(3300, intent)]);
    expect(await syncTenantCardPayouts(payments, studio.studio.tenantId)).toEqual({
      payouts: 0,
      lines: 0,
      matched: 1,
    });
    expect((await lineRows(studio.studio.tenantId))[0]?.payment_id).toBe(
      await deskPaymentOf(intent),
    );
  });

  it('matches a part refund given at the desk to the refund line Stripe made of it', async () => {
    const { studio, intents, account } = await studioWithSales([4000]);
    const intent = intents[0] ?? '';
    const orderId = await orderOfIntent(world, intent);
    await pushAll(studio, [
      {
        name: 'pos.refund',
        args: {
          orderId,
          tenders: [{ method: 'card', amount: 1000, paymentIntentId: intent }],
          reason: 'one class cancelled',
        },
      },
    ]);
    // The push's follow-up sends the refund to Stripe and records its id.
    const refund = await eventually(async () => {
      const row = await world
        .tables()
        .selectFrom('card_refunds')
        .select(['payment_id', 'stripe_refund_id', 'status'])
        .where('payment_intent_id', '=', intent)
        .executeTakeFirst();
      return row?.status === 'succeeded' ? row : undefined;
    });
    const payout = world.stripe.balance.payOut(account);
    expect(payout.amount).toBe(4000 - terminalFee(4000) - 1000);

    await syncTenantCardPayouts(payments, studio.studio.tenantId);
    const lines = await lineRows(studio.studio.tenantId);
    expect(lines.find((l) => l.type === 'refund')).toMatchObject({
      amount: -1000,
      fee: 0,
      source_id: refund.stripe_refund_id,
      payment_intent_id: intent,
      payment_id: refund.payment_id,
      payout_id: payout.id,
    });
    // The sale's charge keeps the sale's payment, not the refund's.
    expect(lines.find((l) => l.type === 'charge')?.payment_id).toBe(await deskPaymentOf(intent));
  });

  it('two runs at once (two servers) write the same rows once', async () => {
    const { studio, account } = await studioWithSales([1000, 2000, 3000]);
    world.stripe.balance.payOut(account);
    const runs = await Promise.all([
      syncTenantCardPayouts(payments, studio.studio.tenantId),
      syncTenantCardPayouts(payments, studio.studio.tenantId),
    ]);
    // Between them each row was written once; whichever came second found it there.
    expect(runs[0].payouts + runs[1].payouts).toBe(1);
    expect(runs[0].lines + runs[1].lines).toBe(4);
    expect(runs[0].matched + runs[1].matched).toBe(3);
    const lines = await lineRows(studio.studio.tenantId);
    expect(lines.map((l) => l.id).sort()).toEqual(
      world.stripe.balance
        .transactions(account)
        .map((t) => t.id)
        .sort(),
    );
    expect(lines.filter((l) => l.payment_id !== null)).toHaveLength(3);
    expect(lines.every((l) => l.payout_id !== null)).toBe(true);
  });

  it('reads every page of a long list (100 per page) and of a payout’s contents', async () => {
    const studio = await world.newStudio(newAccountId());
    const account = studio.account ?? '';
    for (let i = 0; i < 130; i++) world.stripe.balance.chargeElsewhere(account, 100 + i);
    const payout = world.stripe.balance.payOut(account);
    const sent = world.stripe.requests.length;
    const run = await syncTenantCardPayouts(payments, studio.studio.tenantId);
    expect(run).toEqual({ payouts: 1, lines: 131, matched: 0 });
    const lines = await lineRows(studio.studio.tenantId);
    expect(lines.filter((l) => l.payout_id === payout.id)).toHaveLength(131);
    const pages = world.stripe.requests
      .slice(sent)
      .filter((r) => r.path === '/v1/balance_transactions');
    // Two pages of the account's list, then two of the payout's.
    expect(
      pages.map((r) => [r.params['payout'] ?? null, r.params['starting_after'] ?? null]),
    ).toEqual([
      [null, null],
      [null, expect.stringMatching(/^txn_/)],
      [payout.id, null],
      [payout.id, expect.stringMatching(/^txn_/)],
    ]);
    expect(pages.every((r) => r.account === account)).toBe(true);
  });

  it('a Stripe error leaves nothing half-written; the next run writes it all', async () => {
    const { studio, account } = await studioWithSales([5000]);
    world.stripe.balance.payOut(account);
    world.stripe.failNext(
      { method: 'GET', path: /^\/v1\/balance_transactions$/ },
      {
        kind: 'stripe',
        status: 500,
        error: { type: 'api_error', message: 'Something went wrong.' },
      },
      5,
    );
    await expect(syncTenantCardPayouts(payments, studio.studio.tenantId)).rejects.toThrow(
      /Something went wrong/,
    );
    world.stripe.clearFailures();
    expect(await payoutRows(studio.studio.tenantId)).toEqual([]);
    expect(await lineRows(studio.studio.tenantId)).toEqual([]);

    expect(await syncTenantCardPayouts(payments, studio.studio.tenantId)).toEqual({
      payouts: 1,
      lines: 2,
      matched: 1,
    });
  });

  it('refuses a studio with no connected account, writing nothing', async () => {
    const studio: PaymentsStudio = await world.newStudio(null);
    await expect(syncTenantCardPayouts(payments, studio.studio.tenantId)).rejects.toMatchObject({
      code: 'payments_not_set_up',
    });
    expect(await payoutRows(studio.studio.tenantId)).toEqual([]);
  });
});
