import { sql } from 'kysely';
import { isoAt } from '../../src-shared/time/clock';
import { headAfterWrites } from '../sync/committed-head';
import {
  inPaymentsTransaction,
  newServerId,
  type PaymentsContext,
  type PaymentsTransaction,
} from './payments-context';

/** What a desk's card payment can disagree with Stripe about. */
export type CardProblem =
  /** Stripe captured a different amount than the desk recorded. */
  | 'amount_differs'
  /** The desk recorded a card payment whose intent failed or was canceled. */
  | 'intent_failed'
  /** The desk named an intent this server never created for the studio. */
  | 'unknown_intent'
  /** Two card payments name the same intent: the card paid once. */
  | 'intent_reused'
  /** Stripe refused a card refund the desk recorded. */
  | 'refund_refused';

export interface CardReview {
  readonly problem: CardProblem;
  readonly paymentId: string;
  readonly paymentIntentId: string;
  readonly amount: number;
  readonly deviceId: string | null;
  readonly orderId: string;
  readonly message: string;
}

/**
 * Raises a review item for the owner. The shared schema has one card kind, `card_declined`;
 * `details.problem` says which disagreement it is. The subject is the desk's payment row,
 * so each payment is reviewed once however often reconciliation runs.
 */
export async function raiseCardReview(
  trx: PaymentsTransaction,
  context: PaymentsContext,
  tenantId: string,
  review: CardReview,
): Promise<void> {
  const order = await trx
    .selectFrom('pos_orders')
    .select('member_id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', review.orderId)
    .executeTakeFirst();
  await trx
    .insertInto('review_items')
    .values({
      id: newServerId(context.clock),
      tenant_id: tenantId,
      kind: 'card_declined',
      status: 'open',
      member_id: order?.member_id ?? null,
      amount: review.amount,
      subject_id: review.paymentId,
      device_ids: JSON.stringify(review.deviceId === null ? [] : [review.deviceId]),
      details: JSON.stringify({
        problem: review.problem,
        paymentIntentId: review.paymentIntentId,
        orderId: review.orderId,
        message: review.message,
      }),
      created_at: isoAt(context.clock),
      resolved_at: null,
      resolved_by: null,
    })
    .execute();
}

function problemOf(
  payment: { id: string; amount: number },
  intent: {
    status: string | null;
    amount_received: number | null;
    failure_message: string | null;
    payment_id: string | null;
    reconciliation: string | null;
  },
): { problem: CardProblem; message: string } | 'matched' | 'wait' {
  if (intent.status === null) {
    return {
      problem: 'unknown_intent',
      message: 'The desk recorded a card payment this server never started.',
    };
  }
  if (intent.payment_id !== null && intent.payment_id !== payment.id) {
    return {
      problem: 'intent_reused',
      message: 'Another card payment already used this PaymentIntent; the card paid once.',
    };
  }
  if (intent.status === 'succeeded') {
    if (intent.amount_received === payment.amount) return 'matched';
    return {
      problem: 'amount_differs',
      message: `Stripe captured ${intent.amount_received ?? 0} but the desk recorded ${payment.amount}.`,
    };
  }
  if (intent.status === 'canceled' || intent.failure_message !== null) {
    return {
      problem: 'intent_failed',
      message: `The card payment did not go through (${intent.failure_message ?? intent.status}), but the desk recorded it as paid.`,
    };
  }
  // Authorised or still with the reader: a webhook or the capture reply settles it later.
  return 'wait';
}

/**
 * Compares the desk's card payments (positive `payments` rows naming an intent) with what
 * Stripe said about each intent: an agreeing one is marked matched; a disagreeing one is
 * flagged and raises one review item. Runs after a push and after a webhook, whichever
 * comes last, in the caller's tenant transaction. Returns the number of review items raised.
 */
export async function reconcileCardPayments(
  trx: PaymentsTransaction,
  context: PaymentsContext,
  tenantId: string,
): Promise<number> {
  const rows = await trx
    .selectFrom('payments as p')
    .leftJoin('card_payment_intents as i', (join) =>
      join
        .onRef('i.tenant_id', '=', 'p.tenant_id')
        .onRef('i.id', '=', 'p.stripe_payment_intent_id'),
    )
    .select([
      'p.id',
      'p.amount',
      'p.order_id',
      'p.device_id',
      'p.stripe_payment_intent_id',
      'i.status',
      'i.amount_received',
      'i.failure_message',
      'i.payment_id',
      'i.reconciliation',
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.method', '=', 'card')
    .where('p.amount', '>', 0)
    .where('p.stripe_payment_intent_id', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('i.id', 'is', null),
        eb('i.reconciliation', '=', 'open'),
        eb('i.payment_id', '<>', eb.ref('p.id')),
      ]),
    )
    .where(
      sql<boolean>`not exists (select 1 from review_items r
        where r.tenant_id = p.tenant_id and r.subject_id = p.id::text)`,
    )
    .orderBy('p.id')
    .execute();
  let raised = 0;
  for (const row of rows) {
    const intentId = row.stripe_payment_intent_id ?? '';
    const verdict = problemOf(row, row);
    if (verdict === 'wait') continue;
    const settle = (reconciliation: 'matched' | 'flagged') =>
      trx
        .updateTable('card_payment_intents')
        .set({ reconciliation, payment_id: row.id, updated_at: isoAt(context.clock) })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', intentId)
        .where('payment_id', 'is', null)
        .execute();
    if (verdict === 'matched') {
      await settle('matched');
      continue;
    }
    await settle('flagged');
    await raiseCardReview(trx, context, tenantId, {
      ...verdict,
      paymentId: row.id,
      paymentIntentId: intentId,
      amount: row.amount,
      deviceId: row.device_id,
      orderId: row.order_id,
    });
    raised++;
  }
  return raised;
}

/** Reconciles what a push brought against Stripe; pokes desks when a review item appeared. */
export async function reconcileTenantCardPayments(
  context: PaymentsContext,
  tenantId: string,
): Promise<void> {
  const position = await inPaymentsTransaction(context.tenants, tenantId, async (trx, server) =>
    (await reconcileCardPayments(trx, context, tenantId)) > 0
      ? headAfterWrites(server, tenantId)
      : null,
  );
  if (position !== null) context.hub.publish(tenantId, position);
}
