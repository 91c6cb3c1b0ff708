import { sql } from 'kysely';
import Stripe from 'stripe';
import { isoAt } from '../../src-shared/time/clock';
import { headAfterWrites } from '../sync/committed-head';
import { raiseCardReview } from './card-reconciliation';
import {
  inPaymentsTransaction,
  type PaymentsContext,
  type PaymentsTransaction,
} from './payments-context';

export interface RefundRun {
  /** Refunds Stripe accepted in this run (succeeded or pending at Stripe). */
  readonly sent: number;
  /** Refunds Stripe refused: the payment is marked failed and a review item raised. */
  readonly refused: number;
  /** Refunds left for the next run because Stripe could not be reached. */
  readonly deferred: number;
}

/** At most this many refunds per run, so one run stays short; the next run takes the rest. */
const BATCH = 25;

type RefundStatus = 'pending' | 'succeeded' | 'failed';

function statusOfRefund(refund: Stripe.Refund): RefundStatus {
  if (refund.status === 'succeeded') return 'succeeded';
  if (refund.status === 'failed' || refund.status === 'canceled') return 'failed';
  return 'pending';
}

/** Whether Stripe judged the refund itself (as opposed to not being reachable). */
function isRefusal(error: unknown): error is Stripe.errors.StripeError {
  return (
    error instanceof Stripe.errors.StripeCardError ||
    error instanceof Stripe.errors.StripeInvalidRequestError
  );
}

/**
 * Sends the card refunds desks recorded as pending (`pos.refund`/`pos.void` give card money
 * back as a negative `payments` row with status `pending`) to Stripe, once each.
 *
 * Each refund is claimed first (a `card_refunds` row, committed before Stripe is called) and
 * sent with an idempotency key made of the tenant and the payment row, so a run that dies
 * after Stripe answered, or two runs at once, still make one refund. The payment row then
 * follows Stripe: `succeeded`, `failed` (with a review item), or `pending` until the
 * `charge.refunded` webhook. Desks see the change on their next pull.
 */
export async function processPendingCardRefunds(
  context: PaymentsContext,
  tenantId: string,
): Promise<RefundRun> {
  const stripe = context.stripe;
  if (stripe === undefined) return { sent: 0, refused: 0, deferred: 0 };
  const claimed = await inPaymentsTransaction(context.tenants, tenantId, async (trx) => {
    const tenant = await trx
      .selectFrom('tenants')
      .select('stripe_account_id')
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    if (tenant.stripe_account_id === null) return null;
    const now = isoAt(context.clock);
    await trx
      .insertInto('card_refunds')
      .columns([
        'tenant_id',
        'payment_id',
        'payment_intent_id',
        'amount',
        'status',
        'created_at',
        'updated_at',
      ])
      .expression((eb) =>
        eb
          .selectFrom('payments as p')
          .select([
            'p.tenant_id',
            'p.id',
            sql<string>`p.stripe_payment_intent_id`.as('payment_intent_id'),
            sql<number>`-p.amount`.as('amount'),
            sql<string>`'pending'`.as('status'),
            sql<string>`${now}`.as('created_at'),
            sql<string>`${now}`.as('updated_at'),
          ])
          .where('p.tenant_id', '=', tenantId)
          .where('p.method', '=', 'card')
          .where('p.status', '=', 'pending')
          .where('p.amount', '<', 0)
          .where('p.stripe_payment_intent_id', 'is not', null),
      )
      .onConflict((oc) => oc.columns(['tenant_id', 'payment_id']).doNothing())
      .execute();
    const due = await trx
      .selectFrom('card_refunds as c')
      .innerJoin('payments as p', (join) =>
        join.onRef('p.tenant_id', '=', 'c.tenant_id').onRef('p.id', '=', 'c.payment_id'),
      )
      .select(['c.payment_id', 'c.payment_intent_id', 'c.amount', 'p.order_id', 'p.device_id'])
      .where('c.tenant_id', '=', tenantId)
      .where('c.status', '=', 'pending')
      .where('c.stripe_refund_id', 'is', null)
      .orderBy('c.payment_id')
      .limit(BATCH)
      .execute();
    return { account: tenant.stripe_account_id, due };
  });
  if (claimed === null) return { sent: 0, refused: 0, deferred: 0 };

  let sent = 0;
  let refused = 0;
  let deferred = 0;
  for (const refund of claimed.due) {
    let outcome: { status: RefundStatus; refundId: string | null; message: string | null };
    try {
      const created = await stripe.refunds.create(
        {
          payment_intent: refund.payment_intent_id,
          amount: refund.amount,
          metadata: {
            tenant_id: tenantId,
            payment_id: refund.payment_id,
            order_id: refund.order_id,
          },
        },
        {
          stripeAccount: claimed.account,
          idempotencyKey: `studio-desk:refund:${tenantId}:${refund.payment_id}`,
        },
      );
      outcome = { status: statusOfRefund(created), refundId: created.id, message: null };
      sent++;
    } catch (error) {
      if (!isRefusal(error)) {
        // Unreachable or failing: the claim stays unsent and the next run tries again.
        context.log.warn(
          { paymentId: refund.payment_id, error: error instanceof Error ? error.name : 'unknown' },
          'card refund deferred: Stripe could not be reached',
        );
        deferred++;
        continue;
      }
      outcome = { status: 'failed', refundId: null, message: error.message };
      refused++;
    }
    const position = await inPaymentsTransaction(context.tenants, tenantId, async (trx, server) => {
      const now = isoAt(context.clock);
      await trx
        .updateTable('card_refunds')
        .set({
          status: outcome.status,
          stripe_refund_id: outcome.refundId,
          failure_message: outcome.message,
          updated_at: now,
        })
        .where('tenant_id', '=', tenantId)
        .where('payment_id', '=', refund.payment_id)
        .execute();
      if (outcome.status !== 'pending') {
        await trx
          .updateTable('payments')
          .set({ status: outcome.status })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', refund.payment_id)
          .where('status', '=', 'pending')
          .execute();
      }
      if (outcome.status === 'failed') {
        await raiseCardReview(trx, context, tenantId, {
          problem: 'refund_refused',
          paymentId: refund.payment_id,
          paymentIntentId: refund.payment_intent_id,
          amount: -refund.amount,
          deviceId: refund.device_id,
          orderId: refund.order_id,
          message: `Stripe refused the card refund: ${outcome.message ?? 'no reason given'}. Give the money back another way.`,
        });
      }
      return headAfterWrites(server, tenantId);
    });
    // After the commit: the tenant's desks pull the payment's new status (R5.1).
    context.hub.publish(tenantId, position);
  }
  return { sent, refused, deferred };
}

/**
 * `charge.refunded`: Stripe settled refunds of this intent. Pending refunds of it are now
 * done, and so are their payment rows.
 */
export async function settleRefundsOfIntent(
  trx: PaymentsTransaction,
  context: PaymentsContext,
  tenantId: string,
  paymentIntentId: string,
): Promise<number> {
  const settled = await trx
    .updateTable('card_refunds')
    .set({ status: 'succeeded', updated_at: isoAt(context.clock) })
    .where('tenant_id', '=', tenantId)
    .where('payment_intent_id', '=', paymentIntentId)
    .where('status', '=', 'pending')
    .where('stripe_refund_id', 'is not', null)
    .returning('payment_id')
    .execute();
  if (settled.length > 0) {
    await trx
      .updateTable('payments')
      .set({ status: 'succeeded' })
      .where('tenant_id', '=', tenantId)
      .where(
        'id',
        'in',
        settled.map((r) => r.payment_id),
      )
      .where('status', '=', 'pending')
      .execute();
  }
  return settled.length;
}
