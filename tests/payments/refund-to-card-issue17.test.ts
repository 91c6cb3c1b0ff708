import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantDatabase } from '../../sync-server/db/tenant-database';
import { processPendingCardRefunds } from '../../sync-server/payments/card-refunds';
import { createStripeClient } from '../../sync-server/payments/payments-config';
import type { PaymentsContext } from '../../sync-server/payments/payments-context';
import { silentLog } from '../../sync-server/support/service-error';
import { PokeHub } from '../../sync-server/sync/poke-hub';
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

// Issue 17 item 5: a refund goes back to the card that paid, through Stripe, exactly once.
describe('issue 17 item 5: refunds back to the card that paid, at the server', () => {
  let world: PaymentsWorld;
  let studio: PaymentsStudio;

  beforeAll(async () => {
    world = await createPaymentsWorld();
    studio = await world.newStudio(newAccountId());
  });
  afterAll(() => world.dispose());

  const payments = (): PaymentsContext => ({
    tenants: tenantDatabase(world.database.db),
    clock: world.clock,
    log: silentLog,
    hub: new PokeHub(),
    stripe: createStripeClient(world.payments),
    options: world.payments,
  });
  const refundRows = (intentId: string) =>
    world.database.db
      .selectFrom('payments')
      .select(['id', 'status', 'amount', 'device_id'])
      .where('stripe_payment_intent_id', '=', intentId)
      .where('amount', '<', 0)
      .orderBy('id')
      .execute();

  it('sends POST /v1/refunds once, on the connected account, though the push is retried', async () => {
    const intentId = await takeCardPayment(world, studio, 3000);
    await pushAll(studio, [giftCardSoldByCard(3000, intentId)]);
    const orderId = await orderOfIntent(world, intentId);

    // The desk's push of the refund is sent again, as after a reply lost on the way back.
    const mutations = [
      studio.outbox.next('pos.refund', {
        orderId,
        tenders: [{ method: 'card', amount: 3000, paymentIntentId: intentId }],
        reason: 'changed their mind',
      }),
    ];
    const first = await studio.request('POST', '/v1/push', { mutations });
    expect(first.status, first.body).toBe(200);
    const retried = await studio.request('POST', '/v1/push', { mutations });
    expect(retried.status, retried.body).toBe(200);

    const [refund] = await eventually(async () => {
      const rows = await refundRows(intentId);
      return rows[0]?.status === 'succeeded' ? rows : undefined;
    });
    expect(await refundRows(intentId)).toHaveLength(1);
    const posts = world.stripe.requests.filter(
      (r) =>
        r.method === 'POST' && r.path === '/v1/refunds' && r.params.payment_intent === intentId,
    );
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      account: studio.account,
      params: { payment_intent: intentId, amount: '3000' },
    });
    expect(world.stripe.ledger.refunds.filter((r) => r.payment_intent === intentId)).toEqual([
      expect.objectContaining({
        amount: 3000,
        metadata: expect.objectContaining({ payment_id: refund?.id }) as unknown,
      }),
    ]);
  });

  it('holds back a second desk’s refund beyond what the card has left: not sent, reviewed', async () => {
    const intentId = await takeCardPayment(world, studio, 2000);
    await pushAll(studio, [giftCardSoldByCard(2000, intentId)]);
    const orderId = await orderOfIntent(world, intentId);
    const refund = (reason: string) => ({
      name: 'pos.refund',
      args: {
        orderId,
        tenders: [{ method: 'card', amount: 2000, paymentIntentId: intentId }],
        reason,
      },
    });
    const reviewsBefore = (await cardReviews(world, studio.studio.tenantId)).length;
    // Both refunds were made offline on copies that still showed 2,000 on the card.
    await pushAll(studio, [refund('first desk'), refund('second desk')]);

    // Row ids of one push share a millisecond, so they are told apart by status, not order.
    const rows = await eventually(async () => {
      const found = await refundRows(intentId);
      return found.some((r) => r.status === 'succeeded') ? found : undefined;
    });
    expect(rows.map((r) => r.status).sort()).toEqual(['failed', 'succeeded']);
    const heldBack = rows.find((r) => r.status === 'failed');
    expect(world.stripe.ledger.refunds.filter((r) => r.payment_intent === intentId)).toHaveLength(
      1,
    );
    const reviews = await cardReviews(world, studio.studio.tenantId);
    expect(reviews).toHaveLength(reviewsBefore + 1);
    expect(reviews.at(-1)).toMatchObject({ subject_id: heldBack?.id, amount: 2000 });
  });

  it('holds back a pushed card refund naming a card that did not pay the sale', async () => {
    const other = await takeCardPayment(world, studio, 900);
    await pushAll(studio, [giftCardSoldByCard(900, other)]);
    await pushAll(studio, [
      {
        name: 'giftCard.sell',
        args: { amount: 800, tenders: [{ method: 'external', amount: 800, reference: 'voucher' }] },
      },
    ]);
    const voucher = await world.database.db
      .selectFrom('payments')
      .select('order_id')
      .where('tenant_id', '=', studio.studio.tenantId)
      .where('reference', '=', 'voucher')
      .executeTakeFirstOrThrow();
    const reviewsBefore = (await cardReviews(world, studio.studio.tenantId)).length;
    const refundsBefore = world.stripe.requests.filter((r) => r.path === '/v1/refunds').length;
    await pushAll(studio, [
      {
        name: 'pos.refund',
        args: {
          orderId: voucher.order_id,
          tenders: [{ method: 'card', amount: 800, paymentIntentId: other }],
          reason: 'wrong tender',
        },
      },
    ]);
    const [held] = await refundRows(other);
    expect(held?.status).toBe('failed');
    const reviews = await cardReviews(world, studio.studio.tenantId);
    expect(reviews).toHaveLength(reviewsBefore + 1);
    expect(reviews.at(-1)).toMatchObject({ subject_id: held?.id, amount: 800 });
    // Asked to send what is pending now, the refund job finds nothing to send.
    expect(await processPendingCardRefunds(payments(), studio.studio.tenantId)).toMatchObject({
      sent: 0,
      refused: 0,
    });
    expect(world.stripe.requests.filter((r) => r.path === '/v1/refunds')).toHaveLength(
      refundsBefore,
    );
  });
});
