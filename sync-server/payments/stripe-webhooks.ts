import { z } from 'zod';
import { isoAt } from '../../src-shared/time/clock';
import { ServiceError } from '../support/service-error';
import { headAfterWrites } from '../sync/committed-head';
import { settleRefundsOfIntent } from './card-refunds';
import { reconcileCardPayments } from './card-reconciliation';
import { inPaymentsTransaction, type PaymentsContext } from './payments-context';
import { writeIntentState } from './terminal-service';

export interface WebhookOutcome {
  readonly received: true;
  /** The event was handled before: nothing changed this time. */
  readonly duplicate?: true;
  /** Why a genuine event was acknowledged without acting on it. */
  readonly ignored?: string;
}

/** Only the fields acted on; Stripe sends many more, which are not read. */
const intentObject = z.object({
  object: z.literal('payment_intent'),
  id: z.string().regex(/^pi_\w+$/),
  status: z.string().min(1),
  amount_received: z.number().int().min(0),
  last_payment_error: z
    .object({
      code: z.string().optional(),
      decline_code: z.string().optional(),
      message: z.string().optional(),
    })
    .nullable()
    .optional(),
});

const chargeObject = z.object({
  object: z.literal('charge'),
  id: z.string(),
  payment_intent: z.union([z.string(), z.object({ id: z.string() })]).nullable(),
});

const INTENT_EVENTS = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
] as const;

const eventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.enum(INTENT_EVENTS),
    id: z.string().regex(/^evt_\w+$/),
    account: z.string().optional(),
    data: z.object({ object: intentObject }),
  }),
  z.object({
    type: z.literal('charge.refunded'),
    id: z.string().regex(/^evt_\w+$/),
    account: z.string().optional(),
    data: z.object({ object: chargeObject }),
  }),
]);

const HANDLED = new Set<string>([...INTENT_EVENTS, 'charge.refunded']);

function verifiedEvent(context: PaymentsContext, rawBody: Buffer, signature: string | undefined) {
  const { stripe, options } = context;
  if (stripe === undefined || options === undefined) {
    throw new ServiceError(503, 'payments_not_configured', 'Card payments are not set up here.');
  }
  if (signature === undefined || signature === '') {
    throw new ServiceError(400, 'invalid_signature', 'A Stripe-Signature header is required.');
  }
  try {
    return stripe.webhooks.constructEvent(
      rawBody,
      signature,
      options.webhookSecret,
      options.webhookToleranceSeconds ?? 300,
      undefined,
      context.clock.now(),
    );
  } catch {
    throw new ServiceError(
      400,
      'invalid_signature',
      'The Stripe-Signature header does not match this body; the event was not processed.',
    );
  }
}

/**
 * A Stripe webhook (Connect): verified against the raw body, then handled exactly once per
 * tenant. The event id is written in the same transaction as its effects, so a redelivery
 * (Stripe retries until it gets a 2xx) finds it and changes nothing.
 */
export async function handleStripeWebhook(
  context: PaymentsContext,
  rawBody: Buffer,
  signature: string | undefined,
): Promise<WebhookOutcome> {
  const event = verifiedEvent(context, rawBody, signature);
  if (!HANDLED.has(event.type)) return { received: true, ignored: `${event.type} is not used` };
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    throw new ServiceError(400, 'invalid_event', `The ${event.type} event is malformed.`);
  }
  const handled = parsed.data;
  if (handled.account === undefined) {
    return { received: true, ignored: 'not from a connected account' };
  }
  const tenantId = await context.tenants.tenantOfStripeAccount(handled.account);
  if (tenantId === undefined) return { received: true, ignored: 'no studio has this account' };

  const position = await inPaymentsTransaction(context.tenants, tenantId, async (trx, server) => {
    const fresh = await trx
      .insertInto('stripe_webhook_events')
      .values({
        tenant_id: tenantId,
        id: handled.id,
        type: handled.type,
        received_at: isoAt(context.clock),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (fresh === undefined) return null;
    if (handled.type === 'charge.refunded') {
      const intent = handled.data.object.payment_intent;
      const intentId = typeof intent === 'string' ? intent : intent?.id;
      if (intentId !== undefined) await settleRefundsOfIntent(trx, context, tenantId, intentId);
    } else {
      await writeIntentState(trx, context, tenantId, handled.data.object);
    }
    await reconcileCardPayments(trx, context, tenantId);
    return headAfterWrites(server, tenantId);
  });
  if (position === null) return { received: true, duplicate: true };
  context.hub.publish(tenantId, position);
  return { received: true };
}
