import Stripe from 'stripe';
import { isoAt } from '../../src-shared/time/clock';
import type { BillingTenantSource } from '../db/billing-tenants';
import { newServerId, type PaymentsContext } from '../payments/payments-context';
import { headAfterWrites } from '../sync/committed-head';
import { claimDueRenewals, type RenewalClaim } from './renewal-claims';
import { MAX_RENEWAL_ATTEMPTS, nextRetryAt } from './renewal-periods';

/** What one run of the renewal billing job did, summed over the studios it visited. */
export interface RenewalRun {
  /** Renewals Stripe charged: their periods advanced. */
  readonly charged: number;
  /** Renewals Stripe declined: past_due with a retry planned, or expired after the last. */
  readonly declined: number;
  /** Subscriptions that expired because their last retry was declined (review item raised). */
  readonly expired: number;
  /** Subscriptions a cancellation at period end ended instead. */
  readonly canceled: number;
  /** Claims left pending because Stripe could not be reached; the next run resends them. */
  readonly deferred: number;
  /** Studios skipped, each with the reason logged (no Stripe account, Stripe not set up). */
  readonly skippedStudios: number;
}

type Outcome =
  | { readonly kind: 'charged'; readonly intentId: string }
  | {
      readonly kind: 'declined';
      readonly intentId: string | null;
      readonly code: string;
      readonly message: string;
    }
  | { readonly kind: 'deferred' };

const EMPTY: RenewalRun = {
  charged: 0,
  declined: 0,
  expired: 0,
  canceled: 0,
  deferred: 0,
  skippedStudios: 0,
};

function add(a: RenewalRun, b: RenewalRun): RenewalRun {
  return {
    charged: a.charged + b.charged,
    declined: a.declined + b.declined,
    expired: a.expired + b.expired,
    canceled: a.canceled + b.canceled,
    deferred: a.deferred + b.deferred,
    skippedStudios: a.skippedStudios + b.skippedStudios,
  };
}

/**
 * Bills every studio's due renewals once (PROTOCOL.md R14): `serverctl bill-renewals` runs
 * it once, a running server on an interval. Safe to run twice, or on two servers at once:
 * each attempt is claimed in the database before Stripe is called, and sent under an
 * idempotency key of its own.
 */
export async function billRenewals(
  context: PaymentsContext,
  listTenants: BillingTenantSource,
): Promise<RenewalRun> {
  let run = EMPTY;
  for (const tenant of await listTenants()) {
    try {
      const done = tenant.hasStripeAccount
        ? await billTenantRenewals(context, tenant.tenantId)
        : await skipStudioWithoutAccount(context, tenant.tenantId);
      run = add(run, done);
    } catch (error) {
      // One studio's trouble (its database rows, a bug) must not stop the others' renewals.
      context.log.error(
        { tenantId: tenant.tenantId, error: error instanceof Error ? error.message : 'unknown' },
        'renewal billing failed for this studio; the next run tries again',
      );
    }
  }
  return run;
}

/** A studio without a connected account cannot be charged: say so when it has renewals due. */
async function skipStudioWithoutAccount(
  context: PaymentsContext,
  tenantId: string,
): Promise<RenewalRun> {
  const now = isoAt(context.clock);
  const due = await context.tenants.inTenant(tenantId, (trx) =>
    trx
      .selectFrom('subscriptions')
      .select((eb) => eb.fn.countAll<number>().as('due'))
      .where('tenant_id', '=', tenantId)
      .where('status', 'in', ['active', 'past_due'])
      .where('current_period_end', '<=', now)
      .where('stripe_payment_method_id', 'is not', null)
      .executeTakeFirstOrThrow(),
  );
  if (due.due === 0) return EMPTY;
  context.log.warn(
    { tenantId, due: due.due },
    'renewals skipped: this studio has not connected a Stripe account, so saved cards cannot be charged',
  );
  return { ...EMPTY, skippedStudios: 1 };
}

/** Claims, charges and records one studio's due renewals. */
export async function billTenantRenewals(
  context: PaymentsContext,
  tenantId: string,
): Promise<RenewalRun> {
  const stripe = context.stripe;
  if (stripe === undefined) {
    context.log.warn({ tenantId }, 'renewals skipped: Stripe is not configured on this server');
    return { ...EMPTY, skippedStudios: 1 };
  }
  const claimed = await context.tenants.inTenant(tenantId, async (trx, shared) => {
    const account = await trx
      .selectFrom('tenants')
      .select('stripe_account_id')
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    if (account.stripe_account_id === null) return null;
    const run = await claimDueRenewals(trx, shared, tenantId, context.clock);
    const position = run.canceled.length > 0 ? await headAfterWrites(trx, tenantId) : null;
    return { account: account.stripe_account_id, position, ...run };
  });
  if (claimed === null) return skipStudioWithoutAccount(context, tenantId);
  if (claimed.position !== null) context.hub.publish(tenantId, claimed.position);

  let run: RenewalRun = { ...EMPTY, canceled: claimed.canceled.length };
  for (const claim of claimed.claims) {
    const outcome = await chargeRenewal(stripe, claimed.account, tenantId, claim, context);
    if (outcome.kind === 'deferred') {
      run = { ...run, deferred: run.deferred + 1 };
      continue;
    }
    const expired = await recordOutcome(context, tenantId, claim, outcome);
    run =
      outcome.kind === 'charged'
        ? { ...run, charged: run.charged + 1 }
        : { ...run, declined: run.declined + 1, expired: run.expired + (expired ? 1 : 0) };
  }
  return run;
}

/** Whether Stripe judged the charge itself (a decline, a detached card), not unreachable. */
function isRefusal(error: unknown): error is Stripe.errors.StripeError {
  return (
    error instanceof Stripe.errors.StripeCardError ||
    error instanceof Stripe.errors.StripeInvalidRequestError
  );
}

/**
 * One off-session PaymentIntent on the studio's connected account, confirmed at once with
 * the member's saved card. Every parameter comes from the claim, so a resend of a stale
 * claim is the same request and Stripe replays its first answer.
 */
async function chargeRenewal(
  stripe: Stripe,
  account: string,
  tenantId: string,
  claim: RenewalClaim,
  context: PaymentsContext,
): Promise<Outcome> {
  try {
    const intent = await stripe.paymentIntents.create(
      {
        amount: claim.amount,
        currency: claim.currency,
        customer: claim.customerId,
        payment_method: claim.paymentMethodId,
        off_session: true,
        confirm: true,
        description: 'Membership renewal',
        metadata: {
          tenant_id: tenantId,
          subscription_id: claim.subscriptionId,
          subscription_charge_id: claim.chargeId,
          period_start: claim.periodStart,
        },
      },
      { stripeAccount: account, idempotencyKey: claim.idempotencyKey },
    );
    if (intent.status === 'succeeded') return { kind: 'charged', intentId: intent.id };
    if (intent.status === 'processing') {
      // Not settled yet: the claim stays pending and a later run reads Stripe's answer again.
      return { kind: 'deferred' };
    }
    return {
      kind: 'declined',
      intentId: intent.id,
      code: intent.last_payment_error?.code ?? intent.status,
      message: intent.last_payment_error?.message ?? `The payment needs ${intent.status}.`,
    };
  } catch (error) {
    if (!isRefusal(error)) {
      context.log.warn(
        {
          tenantId,
          chargeId: claim.chargeId,
          error: error instanceof Error ? error.name : 'unknown',
        },
        'renewal deferred: Stripe could not be reached',
      );
      return { kind: 'deferred' };
    }
    const intent = error.payment_intent;
    return {
      kind: 'declined',
      intentId: intent?.id ?? null,
      code: error.decline_code ?? error.code ?? error.type,
      message: error.message,
    };
  }
}

/**
 * Writes Stripe's answer in one tenant transaction: the charge row, and the subscription.
 * Charged: the new period starts where the paid one ended, active, retries cleared.
 * Declined: past_due with the next retry (R14.3), or, after the last, expired with a
 * `subscription_payment_failed` review item (R14.4). Returns whether it expired. The
 * subscription changes only while it still stands at the claimed period, so a late answer
 * never moves it twice. Desks pull both rows (R4.1): capture logs every row written here.
 */
async function recordOutcome(
  context: PaymentsContext,
  tenantId: string,
  claim: RenewalClaim,
  outcome: Exclude<Outcome, { kind: 'deferred' }>,
): Promise<boolean> {
  const { expired, position } = await context.tenants.inTenant(tenantId, async (trx) => {
    const now = isoAt(context.clock);
    const charged = outcome.kind === 'charged';
    // Lock order: the subscription, then its charge row, as a claim takes them. Updating the
    // charge first could deadlock with a runner that holds the subscription and waits to
    // learn whether this charge row stands (its insert of the same attempt).
    await trx
      .selectFrom('subscriptions')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', claim.subscriptionId)
      .forUpdate()
      .execute();
    const settled = await trx
      .updateTable('subscription_charges')
      .set({
        status: charged ? 'succeeded' : 'failed',
        stripe_payment_intent_id: outcome.intentId,
        failure_code: charged ? null : outcome.code,
        failure_message: charged ? null : outcome.message,
        updated_at: now,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', claim.chargeId)
      .where('status', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    // Another runner recorded this attempt already (a stale takeover raced the first).
    if (settled === undefined) return { expired: false, position: null };
    const atClaimedPeriod = trx
      .updateTable('subscriptions')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', claim.subscriptionId)
      .where('current_period_end', '=', claim.periodStart);
    if (charged) {
      await atClaimedPeriod
        .set((eb) => ({
          plan_id: claim.planId,
          current_period_start: claim.periodStart,
          current_period_end: claim.periodEnd,
          // A renewal paid while paused or canceled meanwhile keeps that status.
          status: eb
            .case()
            .when('status', 'in', ['active', 'past_due'])
            .then('active' as const)
            .else(eb.ref('status'))
            .end(),
          billing_retry_count: 0,
          next_billing_retry_at: null,
        }))
        .execute();
      return { expired: false, position: await headAfterWrites(trx, tenantId) };
    }
    const retryAt = nextRetryAt(claim.periodStart, claim.attempt);
    const lastAttempt = retryAt === null || claim.attempt >= MAX_RENEWAL_ATTEMPTS;
    const changed = await atClaimedPeriod
      .set({
        status: lastAttempt ? 'expired' : 'past_due',
        billing_retry_count: claim.attempt,
        next_billing_retry_at: lastAttempt ? null : retryAt,
      })
      .where('status', 'in', ['active', 'past_due'])
      .returning('id')
      .executeTakeFirst();
    if (lastAttempt && changed !== undefined) {
      await trx
        .insertInto('review_items')
        .values({
          id: newServerId(context.clock),
          tenant_id: tenantId,
          kind: 'subscription_payment_failed',
          status: 'open',
          member_id: claim.memberId,
          amount: claim.amount,
          subject_id: claim.subscriptionId,
          // No desk made this: the server's renewal billing did.
          device_ids: JSON.stringify([]),
          details: JSON.stringify({
            subscriptionId: claim.subscriptionId,
            planId: claim.planId,
            periodStart: claim.periodStart,
            attempts: claim.attempt,
            paymentIntentId: outcome.intentId,
            failureCode: outcome.code,
            message: `The membership renewal was declined ${claim.attempt} times (last: ${outcome.message}). The membership expired; settle the renewal with the member another way.`,
          }),
          created_at: now,
          resolved_at: null,
          resolved_by: null,
        })
        .execute();
    }
    return {
      expired: lastAttempt && changed !== undefined,
      position: await headAfterWrites(trx, tenantId),
    };
  });
  // After the commit: the studio's desks pull the charge and the subscription (R5.1).
  if (position !== null) context.hub.publish(tenantId, position);
  return expired;
}
