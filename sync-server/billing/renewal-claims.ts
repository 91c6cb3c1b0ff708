import { sql } from 'kysely';
import type { IsoTimestamp } from '../../src-shared/schema/column-spec';
import type { Clock } from '../../src-shared/time/clock';
import type { Database } from '../../src-shared/schema/catalog';
import type { TenantTransaction } from '../db/tenant-transaction';
import { newServerId } from '../payments/payments-context';
import { membershipZone, periodEndAfter, type RenewalInterval } from './renewal-periods';

/** A renewal attempt this runner claimed: its charge row is committed as `pending`. */
export interface RenewalClaim {
  readonly chargeId: string;
  readonly subscriptionId: string;
  readonly memberId: string;
  /** The plan billed for the new period: a scheduled plan change's, else the current one. */
  readonly planId: string;
  readonly periodStart: IsoTimestamp;
  readonly periodEnd: IsoTimestamp;
  readonly amount: number;
  readonly currency: string;
  readonly attempt: number;
  readonly customerId: string;
  readonly paymentMethodId: string;
  readonly idempotencyKey: string;
}

/** What a claim run found besides the claims: subscriptions it settled without a charge. */
export interface ClaimRun {
  readonly claims: readonly RenewalClaim[];
  /** Subscriptions a cancellation at period end ended instead of renewing. */
  readonly canceled: readonly string[];
}

/** At most this many renewals per tenant and run; the next run takes the rest. */
const BATCH = 25;

/**
 * A claim whose runner died before recording Stripe's answer is taken over after this long.
 * The takeover resends the same request under the same idempotency key, so Stripe answers
 * with the PaymentIntent it already made (or makes the one it never made): one charge.
 */
export const STALE_CLAIM_MS = 10 * 60 * 1000;

/** One PaymentIntent per subscription, period and attempt, whoever sends it (R14.2). */
export function renewalIdempotencyKey(
  tenantId: string,
  subscriptionId: string,
  periodStart: IsoTimestamp,
  attempt: number,
): string {
  return `studio-desk:renewal:${tenantId}:${subscriptionId}:${periodStart}:${attempt}`;
}

/**
 * Claims the tenant's due renewals (R14.1) in one transaction, which commits before Stripe
 * is called. Due: status `active`, or `past_due` with its retry time reached; the paid
 * period ended; a saved card; a plan with a price that renews; not paused now.
 *
 * Two runners cannot both charge one renewal: the subscription rows are taken `FOR UPDATE
 * SKIP LOCKED` (a concurrent runner passes over them), and the attempt's charge row is
 * inserted under a unique key (a runner that comes after the commit inserts nothing and
 * leaves it alone, unless the claim went stale).
 */
export async function claimDueRenewals(
  trx: TenantTransaction,
  shared: TenantTransaction<Database>,
  tenantId: string,
  clock: Clock,
): Promise<ClaimRun> {
  const now = new Date(clock.now()).toISOString();
  const staleBefore = new Date(clock.now() - STALE_CLAIM_MS).toISOString();
  const due = await trx
    .selectFrom('subscriptions as s')
    .innerJoin('membership_plans as p', (join) =>
      join.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.plan_id'),
    )
    .innerJoin('tenants as t', 't.id', 's.tenant_id')
    .select([
      's.id',
      's.member_id',
      's.plan_id',
      's.current_period_end',
      's.billing_retry_count',
      's.stripe_customer_id',
      's.stripe_payment_method_id',
      'p.price',
      'p.interval',
      't.currency',
    ])
    .where('s.tenant_id', '=', tenantId)
    .where('s.current_period_end', '<=', now)
    .where((eb) =>
      eb.or([
        eb('s.status', '=', 'active'),
        eb.and([eb('s.status', '=', 'past_due'), eb('s.next_billing_retry_at', '<=', now)]),
      ]),
    )
    .where('s.stripe_customer_id', 'is not', null)
    .where('s.stripe_payment_method_id', 'is not', null)
    .where('p.price', '>', 0)
    .where('p.interval', '!=', 'one_time')
    .where((outer) =>
      outer.not(
        outer.exists(
          outer
            .selectFrom('subscription_pauses as z')
            .select(sql`1`.as('one'))
            .whereRef('z.tenant_id', '=', 's.tenant_id')
            .whereRef('z.subscription_id', '=', 's.id')
            .where('z.starts_at', '<=', now)
            .where((eb) => eb.or([eb('z.ends_at', 'is', null), eb('z.ends_at', '>', now)]))
            .where((eb) => eb.or([eb('z.resumed_at', 'is', null), eb('z.resumed_at', '>', now)])),
        ),
      ),
    )
    // An attempt claimed already is left to its runner (unless its claim went stale): not
    // even locked, so this runner never waits on a charge row that runner is recording.
    .where((outer) =>
      outer.not(
        outer.exists(
          outer
            .selectFrom('subscription_charges as c')
            .select(sql`1`.as('one'))
            .whereRef('c.tenant_id', '=', 's.tenant_id')
            .whereRef('c.subscription_id', '=', 's.id')
            .whereRef('c.period_start', '=', 's.current_period_end')
            .where('c.attempt', '=', sql<number>`coalesce(s.billing_retry_count, 0) + 1`)
            .where((eb) =>
              eb.or([eb('c.status', '!=', 'pending'), eb('c.updated_at', '>=', staleBefore)]),
            ),
        ),
      ),
    )
    .orderBy('s.current_period_end')
    .orderBy('s.id')
    .limit(BATCH)
    .forUpdate('s')
    .skipLocked()
    .execute();

  const claims: RenewalClaim[] = [];
  const canceled: string[] = [];
  for (const row of due) {
    const change = await scheduledChange(trx, tenantId, row.id, row.current_period_end);
    if (change?.kind === 'cancel') {
      await trx
        .updateTable('subscriptions')
        .set({ status: 'canceled', next_billing_retry_at: null })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', row.id)
        .execute();
      canceled.push(row.id);
      continue;
    }
    const plan = change?.plan ?? { id: row.plan_id, price: row.price, interval: row.interval };
    if (plan.price <= 0 || plan.interval === 'one_time') continue;
    const attempt = (row.billing_retry_count ?? 0) + 1;
    const periodStart = row.current_period_end;
    const claim = await claimAttempt(trx, tenantId, clock, {
      subscriptionId: row.id,
      memberId: row.member_id,
      planId: plan.id,
      periodStart,
      periodEnd: periodEndAfter(
        await membershipZone(shared, tenantId, row.id),
        periodStart,
        plan.interval,
      ),
      amount: plan.price,
      currency: row.currency.toLowerCase(),
      attempt,
      // Both checked non-null in the query above.
      customerId: row.stripe_customer_id ?? '',
      paymentMethodId: row.stripe_payment_method_id ?? '',
      idempotencyKey: renewalIdempotencyKey(tenantId, row.id, periodStart, attempt),
    });
    if (claim !== null) claims.push(claim);
  }
  return { claims, canceled };
}

/**
 * The change another helper's desk scheduled for this period's end, if any is left: the
 * newest not withdrawn whose time has come. A plan change names the plan of the new period.
 */
async function scheduledChange(
  trx: TenantTransaction,
  tenantId: string,
  subscriptionId: string,
  periodEnd: IsoTimestamp,
): Promise<
  | { kind: 'cancel' }
  | {
      kind: 'change_plan';
      plan: { id: string; price: number; interval: RenewalInterval | 'one_time' };
    }
  | undefined
> {
  const change = await trx
    .selectFrom('subscription_scheduled_changes as c')
    .leftJoin('membership_plans as p', (join) =>
      join.onRef('p.tenant_id', '=', 'c.tenant_id').onRef('p.id', '=', 'c.new_plan_id'),
    )
    .select(['c.kind', 'p.id as plan_id', 'p.price', 'p.interval'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.subscription_id', '=', subscriptionId)
    .where('c.withdrawn_at', 'is', null)
    .where('c.effective_at', '<=', periodEnd)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .executeTakeFirst();
  if (change === undefined) return undefined;
  if (change.kind === 'cancel') return { kind: 'cancel' };
  if (change.plan_id === null || change.price === null || change.interval === null) {
    return undefined;
  }
  return {
    kind: 'change_plan',
    plan: { id: change.plan_id, price: change.price, interval: change.interval },
  };
}

type AttemptFields = Omit<RenewalClaim, 'chargeId'>;

/** Inserts the attempt's pending charge row, or takes over a stale one; null if held. */
async function claimAttempt(
  trx: TenantTransaction,
  tenantId: string,
  clock: Clock,
  fields: AttemptFields,
): Promise<RenewalClaim | null> {
  const now = new Date(clock.now()).toISOString();
  const inserted = await trx
    .insertInto('subscription_charges')
    .values({
      id: newServerId(clock),
      tenant_id: tenantId,
      subscription_id: fields.subscriptionId,
      member_id: fields.memberId,
      plan_id: fields.planId,
      period_start: fields.periodStart,
      period_end: fields.periodEnd,
      amount: fields.amount,
      currency: fields.currency,
      attempt: fields.attempt,
      status: 'pending',
      stripe_payment_intent_id: null,
      failure_code: null,
      failure_message: null,
      idempotency_key: fields.idempotencyKey,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'subscription_id', 'period_start', 'attempt']).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  if (inserted !== undefined) return { chargeId: inserted.id, ...fields };
  // Someone claimed this attempt. Resend it only when their claim went stale; the resend
  // carries the first claim's own parameters, so Stripe sees the very same request.
  const staleBefore = new Date(clock.now() - STALE_CLAIM_MS).toISOString();
  const taken = await trx
    .updateTable('subscription_charges')
    .set({ updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('subscription_id', '=', fields.subscriptionId)
    .where('period_start', '=', fields.periodStart)
    .where('attempt', '=', fields.attempt)
    .where('status', '=', 'pending')
    .where('updated_at', '<', staleBefore)
    .returning(['id', 'plan_id', 'period_end', 'amount', 'currency'])
    .executeTakeFirst();
  if (taken === undefined) return null;
  return {
    ...fields,
    chargeId: taken.id,
    planId: taken.plan_id,
    periodEnd: taken.period_end,
    amount: taken.amount,
    currency: taken.currency,
  };
}
