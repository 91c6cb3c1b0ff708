import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';
import { findPlan, pausedAt } from './membership-periods';

type SubscriptionRow = Database['subscriptions'];
type ClassRow = Database['classes'];

/** Bookings that use up a visit of the period: places taken, even if missed or cancelled late. */
const VISIT_STATUSES = ['confirmed', 'late_cancelled', 'no_show'] as const;

/** Visits a membership has used in its current period, by class start. */
export async function visitsUsed(
  ctx: Pick<MutationContext, 'db' | 'tenantId'>,
  subscription: Pick<SubscriptionRow, 'id' | 'current_period_start' | 'current_period_end'>,
): Promise<number> {
  const row = await ctx.db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number | string>().as('used'))
    .where('tenant_id', '=', ctx.tenantId)
    .where('subscription_id', '=', subscription.id)
    .where('payment_method', '=', 'subscription')
    .where('status', 'in', [...VISIT_STATUSES])
    .where('start_time', '>=', subscription.current_period_start)
    .where('start_time', '<', subscription.current_period_end)
    .executeTakeFirst();
  return Number(row?.used ?? 0);
}

/**
 * A class paid by membership (PROTOCOL.md R13): the membership must not be paused when the
 * class starts, and a plan with a class limit must have a visit left in the current period.
 * Both go through `ctx.require`: the desk refuses; the server keeps what two offline desks
 * did (both used the last visit) and raises `membership_lapsed` for the owner, with the
 * class's drop-in price as what the extra visit is worth.
 */
export async function requireMembershipVisit(
  ctx: MutationContext,
  subscription: SubscriptionRow,
  klass: ClassRow,
  memberId: string,
): Promise<void> {
  const paused = await pausedAt(ctx, subscription.id, klass.start_time);
  await ctx.require(!paused, {
    kind: 'membership_lapsed',
    message: `The membership is paused when ${klass.title} starts (${klass.start_time}): resume it, or sell a drop-in or a pack.`,
    memberId,
    amount: klass.drop_in_price,
    subjectId: subscription.id,
  });
  const inPeriod =
    klass.start_time >= subscription.current_period_start &&
    klass.start_time < subscription.current_period_end;
  if (!inPeriod) return;
  const plan = await findPlan(ctx, subscription.plan_id);
  if (plan.class_limit === null) return;
  const used = await visitsUsed(ctx, subscription);
  await ctx.require(used < plan.class_limit, {
    kind: 'membership_lapsed',
    message: `${plan.name} allows ${plan.class_limit} classes a period and ${used} are used until ${subscription.current_period_end}: sell a drop-in or a pack for ${klass.title}.`,
    memberId,
    amount: klass.drop_in_price,
    subjectId: subscription.id,
  });
}

/**
 * Whether the membership can pay for the class on this copy: not paused when it starts and,
 * for a class in the current period, a visit left. The desk's check-in passes over one that
 * cannot (to a pack credit) instead of refusing.
 */
export async function membershipCanPay(
  ctx: MutationContext,
  subscriptionId: string,
  klass: ClassRow,
): Promise<boolean> {
  const subscription = await ctx.db
    .selectFrom('subscriptions')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', subscriptionId)
    .executeTakeFirst();
  if (!subscription || (await pausedAt(ctx, subscription.id, klass.start_time))) return false;
  const inPeriod =
    klass.start_time >= subscription.current_period_start &&
    klass.start_time < subscription.current_period_end;
  if (!inPeriod) return true;
  const plan = await findPlan(ctx, subscription.plan_id);
  return plan.class_limit === null || (await visitsUsed(ctx, subscription)) < plan.class_limit;
}
