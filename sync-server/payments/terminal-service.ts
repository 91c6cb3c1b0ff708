import Stripe from 'stripe';
import {
  cardDetailsFrom,
  type CardDetails,
} from '../../src-shared/mutations/front-desk/card-details';
import { isoAt } from '../../src-shared/time/clock';
import { ServiceError } from '../support/service-error';
import type { AuthenticatedDevice } from '../sync/device-auth';
import {
  inPaymentsTransaction,
  paymentsUnavailableReason,
  tenantStripe,
  type PaymentsContext,
  type PaymentsTransaction,
} from './payments-context';
import { customerForMember, recordSavedCard } from './saved-cards';
import { cardDeclined, refusalFromStripe } from './stripe-refusals';

export interface IntentRequest {
  /** Minor units (cents) of the tenant's currency. */
  readonly amount: number;
  readonly checkoutId: string;
  /** Save the card for this member's membership autopay (R13.5): Stripe's save after payment. */
  readonly saveCardFor?: { readonly memberId: string } | undefined;
}

export interface IntentReply {
  readonly paymentIntentId: string;
  readonly clientSecret: string;
  readonly status: string;
}

export interface IntentStatusReply {
  readonly paymentIntentId: string;
  readonly status: string;
}

/** A capture's reply also names the card, when Stripe reported it (issue 17 item 5). */
export interface CaptureReply extends IntentStatusReply {
  readonly card?: CardDetails;
}

/** Statuses a PaymentIntent never leaves: a stale webhook or reply must not undo them. */
export const FINAL_INTENT_STATUSES = new Set(['succeeded', 'canceled']);

export async function paymentsStatus(context: PaymentsContext, device: AuthenticatedDevice) {
  const refusal = await paymentsUnavailableReason(context, device.tenantId);
  return { available: refusal === null, reason: refusal?.message ?? null };
}

/** A connection token for the desk's Terminal SDK, scoped to the tenant's account. */
export async function createConnectionToken(
  context: PaymentsContext,
  device: AuthenticatedDevice,
): Promise<{ secret: string }> {
  const { stripe, account } = await tenantStripe(context, device.tenantId);
  try {
    const token = await stripe.terminal.connectionTokens.create({}, { stripeAccount: account });
    return { secret: token.secret };
  } catch (error) {
    throw refusalFromStripe(error, 'connecting the card reader');
  }
}

function findIntent(context: PaymentsContext, tenantId: string, id: string) {
  return inPaymentsTransaction(context.tenants, tenantId, (trx) =>
    trx
      .selectFrom('card_payment_intents')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst(),
  );
}

async function requireIntent(context: PaymentsContext, tenantId: string, id: string) {
  const row = await findIntent(context, tenantId, id);
  if (!row) {
    throw new ServiceError(404, 'unknown_payment', `This studio has no card payment ${id}.`);
  }
  return row;
}

/** What the server keeps of a PaymentIntent: Stripe's object, or a webhook's copy of it. */
export interface IntentState {
  readonly id: string;
  readonly status: string;
  readonly amount_received: number;
  readonly last_payment_error?: {
    readonly code?: string | undefined;
    readonly decline_code?: string | undefined;
    readonly message?: string | undefined;
  } | null;
}

/** Writes what Stripe said about an intent; a final status is never overwritten. */
export async function writeIntentState(
  trx: PaymentsTransaction,
  context: PaymentsContext,
  tenantId: string,
  intent: IntentState,
): Promise<void> {
  const failure = intent.last_payment_error ?? null;
  await trx
    .updateTable('card_payment_intents')
    .set({
      status: intent.status,
      amount_received: intent.amount_received,
      failure_code: failure ? (failure.decline_code ?? failure.code ?? 'failed') : null,
      failure_message: failure ? (failure.message ?? 'declined') : null,
      updated_at: isoAt(context.clock),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', intent.id)
    .where('status', 'not in', [...FINAL_INTENT_STATUSES])
    .execute();
}

function recordIntentState(context: PaymentsContext, tenantId: string, intent: IntentState) {
  return inPaymentsTransaction(context.tenants, tenantId, (trx) =>
    writeIntentState(trx, context, tenantId, intent),
  );
}

/**
 * Creates (or finds again) the PaymentIntent of one checkout on the tenant's connected
 * account. The checkout id is the idempotency key twice over: our table finds an intent
 * made earlier, and Stripe's Idempotency-Key covers a reply lost before we wrote it down,
 * so a retried create never makes a second intent for the same sale.
 */
export async function createPaymentIntent(
  context: PaymentsContext,
  device: AuthenticatedDevice,
  request: IntentRequest,
): Promise<IntentReply> {
  const { tenantId, deviceId } = device;
  const { stripe, account, currency } = await tenantStripe(context, tenantId);
  const earlier = await inPaymentsTransaction(context.tenants, tenantId, (trx) =>
    trx
      .selectFrom('card_payment_intents')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('checkout_id', '=', request.checkoutId)
      .executeTakeFirst(),
  );
  const saveFor = request.saveCardFor?.memberId ?? null;
  if (earlier && (earlier.amount !== request.amount || earlier.save_card_member_id !== saveFor)) {
    throw new ServiceError(
      409,
      'checkout_changed',
      'This checkout already started a card payment for a different amount or card saving; start a new checkout.',
    );
  }
  if (earlier?.status === 'canceled') {
    throw new ServiceError(
      409,
      'checkout_closed',
      "This checkout's card payment was canceled; start a new checkout to take a card.",
    );
  }
  // Saving the card needs the member's Customer on the account before the intent is made.
  const customer =
    saveFor === null || earlier
      ? (earlier?.stripe_customer_id ?? null)
      : await customerForMember(context, tenantId, { stripe, account, currency }, saveFor);
  let intent: Stripe.PaymentIntent;
  try {
    intent = earlier
      ? await stripe.paymentIntents.retrieve(earlier.id, {}, { stripeAccount: account })
      : await stripe.paymentIntents.create(
          {
            amount: request.amount,
            currency,
            capture_method: 'manual',
            // Stripe's API 2026-10-28 (stripe 23) renamed `payment_method_types` on create.
            allowed_payment_method_types: ['card_present'],
            metadata: { tenant_id: tenantId, device_id: deviceId, checkout_id: request.checkoutId },
            // Stripe generates a reusable card from the card present (generated_card).
            ...(customer === null ? {} : { customer, setup_future_usage: 'off_session' }),
          },
          {
            stripeAccount: account,
            idempotencyKey: `studio-desk:intent:${tenantId}:${request.checkoutId}`,
          },
        );
  } catch (error) {
    throw refusalFromStripe(error, 'starting the card payment');
  }
  if (intent.client_secret === null) {
    throw new ServiceError(502, 'stripe_failed', 'Stripe sent a payment without a client secret.');
  }
  const now = isoAt(context.clock);
  await inPaymentsTransaction(context.tenants, tenantId, (trx) =>
    trx
      .insertInto('card_payment_intents')
      .values({
        tenant_id: tenantId,
        id: intent.id,
        stripe_account_id: account,
        checkout_id: request.checkoutId,
        device_id: deviceId,
        amount: intent.amount,
        currency: intent.currency,
        status: intent.status,
        amount_received: intent.amount_received,
        failure_code: null,
        failure_message: null,
        reconciliation: 'open',
        payment_id: null,
        created_at: now,
        updated_at: now,
        save_card_member_id: saveFor,
        stripe_customer_id: customer,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .execute(),
  );
  return { paymentIntentId: intent.id, clientSecret: intent.client_secret, status: intent.status };
}

function isUnexpectedState(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    error.code === 'payment_intent_unexpected_state'
  );
}

/**
 * Runs one Stripe action on this tenant's intent and records the state it leaves. Stripe
 * refuses an action on an intent already past it (captured, canceled) as an unexpected
 * state: the intent's current status then answers, and `accept` throws unless that status
 * is what the action was for, so repeating a capture or a cancel is harmless.
 */
async function settleIntent(
  context: PaymentsContext,
  device: AuthenticatedDevice,
  id: string,
  action: {
    /** What the desk is told failed, e.g. "capturing the card payment". */
    readonly doing: string;
    /** Fields Stripe is asked to expand, in the action's reply and in a retrieve after it. */
    readonly expand?: string[];
    run(stripe: Stripe, account: string): Promise<Stripe.PaymentIntent>;
    accept(current: Stripe.PaymentIntent, refusal: unknown): void;
  },
): Promise<Stripe.PaymentIntent> {
  const { stripe, account } = await tenantStripe(context, device.tenantId);
  await requireIntent(context, device.tenantId, id);
  let intent: Stripe.PaymentIntent;
  try {
    intent = await action.run(stripe, account);
  } catch (error) {
    if (!isUnexpectedState(error)) throw refusalFromStripe(error, action.doing);
    try {
      intent = await stripe.paymentIntents.retrieve(
        id,
        action.expand ? { expand: action.expand } : {},
        { stripeAccount: account },
      );
    } catch (retrieveError) {
      throw refusalFromStripe(retrieveError, 'checking the card payment');
    }
    await recordIntentState(context, device.tenantId, intent);
    action.accept(intent, error);
  }
  await recordIntentState(context, device.tenantId, intent);
  return intent;
}

/**
 * The card a captured intent charged: `latest_charge` (expanded) names it under
 * `payment_method_details.card_present`. Only the brand and last 4 digits are read, and
 * only when they read as such; anything else leaves the card unnamed rather than failing a
 * capture that took the money.
 */
function capturedCard(intent: Stripe.PaymentIntent): CardDetails | undefined {
  const charge = intent.latest_charge;
  if (charge === null || typeof charge === 'string') return undefined;
  const present = charge.payment_method_details?.card_present;
  return present ? cardDetailsFrom({ brand: present.brand, last4: present.last4 }) : undefined;
}

/**
 * Captures an intent the reader authorised; capturing one already captured is harmless.
 * The reply names the card (brand, last 4) so the sale can keep it for a later refund.
 */
export async function capturePaymentIntent(
  context: PaymentsContext,
  device: AuthenticatedDevice,
  id: string,
): Promise<CaptureReply> {
  const expand = ['latest_charge'];
  const intent = await settleIntent(context, device, id, {
    doing: 'capturing the card payment',
    expand,
    run: (stripe, account) =>
      stripe.paymentIntents.capture(id, { expand }, { stripeAccount: account }),
    accept: (intent) => {
      if (intent.status === 'succeeded') return;
      const failure = intent.last_payment_error;
      if (failure) throw cardDeclined(failure.decline_code ?? failure.code, failure.message ?? '');
      throw new ServiceError(
        409,
        'not_authorised',
        `The reader has not approved this card payment (${intent.status}); nothing was charged.`,
      );
    },
  });
  try {
    await recordSavedCard(context, device.tenantId, intent);
  } catch (error) {
    // The money is taken; the desk's capture retry (harmless) records the saved card again.
    context.log.error(
      { tenantId: device.tenantId, error: error instanceof Error ? error.name : 'unknown' },
      'recording the card saved for autopay failed',
    );
  }
  const card = capturedCard(intent);
  return { paymentIntentId: intent.id, status: intent.status, ...(card ? { card } : {}) };
}

/** Cancels an intent that will not be captured, releasing any authorisation it holds. */
export async function cancelPaymentIntent(
  context: PaymentsContext,
  device: AuthenticatedDevice,
  id: string,
): Promise<IntentStatusReply> {
  const intent = await settleIntent(context, device, id, {
    doing: 'canceling the card payment',
    run: (stripe, account) =>
      stripe.paymentIntents.cancel(
        id,
        { cancellation_reason: 'abandoned' },
        { stripeAccount: account },
      ),
    accept: (intent, refusal) => {
      if (intent.status === 'succeeded') {
        throw new ServiceError(
          409,
          'already_captured',
          'This card payment was already captured; record the sale, or refund it instead.',
        );
      }
      if (intent.status !== 'canceled') {
        throw refusalFromStripe(refusal, 'canceling the card payment');
      }
    },
  });
  return { paymentIntentId: intent.id, status: intent.status };
}
