import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { PaymentsStudio, PaymentsWorld } from './payments-world';

/** A card payment taken the way a desk takes one: create, the reader approves, capture. */
export async function takeCardPayment(
  world: PaymentsWorld,
  studio: PaymentsStudio,
  amount: number,
): Promise<string> {
  const created = await studio.request('POST', '/v1/payments/intents', {
    amount,
    checkoutId: randomUUID(),
  });
  const { paymentIntentId } = created.json as { paymentIntentId: string };
  world.stripe.presentCard(paymentIntentId, 'approve');
  const captured = await studio.request(
    'POST',
    `/v1/payments/intents/${paymentIntentId}/capture`,
    {},
  );
  expect(captured.json).toMatchObject({ status: 'succeeded' });
  return paymentIntentId;
}

/** Pushes mutations as the studio's desk would; every one must apply. */
export async function pushAll(
  studio: PaymentsStudio,
  calls: readonly { readonly name: string; readonly args: unknown }[],
): Promise<void> {
  const mutations = calls.map((c) => studio.outbox.next(c.name, c.args));
  const reply = await studio.request('POST', '/v1/push', { mutations });
  expect(reply.status, reply.body).toBe(200);
  const results = (reply.json as { results: { outcome: string; reason?: string }[] }).results;
  for (const result of results)
    expect(result, JSON.stringify(result)).toMatchObject({ outcome: 'applied' });
}

/** A gift card sold and paid by card, as the desk records it after a captured intent. */
export function giftCardSoldByCard(amount: number, paymentIntentId: string, paid = amount) {
  return {
    name: 'giftCard.sell',
    args: { amount, tenders: [{ method: 'card', amount: paid, paymentIntentId }] },
  };
}

export async function orderOfIntent(
  world: PaymentsWorld,
  paymentIntentId: string,
): Promise<string> {
  const row = await world.database.db
    .selectFrom('payments')
    .select('order_id')
    .where('stripe_payment_intent_id', '=', paymentIntentId)
    .where('amount', '>', 0)
    .executeTakeFirstOrThrow();
  return row.order_id;
}

export async function cardReviews(world: PaymentsWorld, tenantId: string) {
  const rows = await world.database.db
    .selectFrom('review_items')
    .select(['kind', 'subject_id', 'amount', 'details'])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'card_declined')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}
