import type { Database } from '../../schema/catalog';
import { addDays } from '../../time/zoned-wall-clock';
import type { MutationContext } from '../mutation-definition';
import { deskOnly, found } from './desk-rules';
import { firstPeriod, heldSubscriptionOf, studioDateAt, studioZone } from './membership-periods';

/** How far ahead a membership may be sold to start: a year and a day. */
const LATEST_START_DAYS = 366;

export interface MembershipStart {
  readonly subscriptionId: string;
  readonly orderItemId: string;
  readonly memberId: string;
  readonly plan: Database['membership_plans'];
  /** The studio's day the first period starts. */
  readonly startDate: string;
  readonly locationId: string | null;
}

/**
 * Starts the membership a sale line sold: an active subscription whose first period runs
 * from the start day's midnight in the studio's zone for one interval of the plan, and the
 * row tying it to the order item (a refund ends it). The desk refuses a start in the past
 * or over a year ahead, and a second membership of a plan the member still holds; the
 * server keeps what was paid for.
 */
export async function startMembership(ctx: MutationContext, start: MembershipStart): Promise<void> {
  const { plan, memberId, startDate } = start;
  const zone = await studioZone(ctx, start.locationId);
  const today = studioDateAt(zone, ctx.at);
  deskOnly(
    ctx,
    startDate >= today,
    `${plan.name} cannot start on ${startDate}, before today (${today}).`,
    'invalid',
  );
  deskOnly(
    ctx,
    startDate <= addDays(today, LATEST_START_DAYS),
    `${plan.name} can start at most a year ahead, not on ${startDate}.`,
    'invalid',
  );
  const held = await heldSubscriptionOf(ctx, memberId, plan.id);
  deskOnly(
    ctx,
    held === undefined,
    `The member already has ${plan.name} (${held?.status ?? ''}): change or resume that membership instead.`,
  );
  const member = found(
    await ctx.db
      .selectFrom('tenant_members')
      .select('user_id')
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', memberId)
      .executeTakeFirst(),
    `member ${memberId}`,
  );
  const period = firstPeriod(zone, startDate, plan.interval);
  await ctx.db
    .insertInto('subscriptions')
    .values({
      id: start.subscriptionId,
      tenant_id: ctx.tenantId,
      user_id: member.user_id,
      member_id: memberId,
      plan_id: plan.id,
      status: 'active',
      current_period_start: period.start,
      current_period_end: period.end,
      stripe_subscription_id: null,
      created_at: ctx.at,
    })
    .execute();
  await ctx.db
    .insertInto('subscription_sales')
    .values({
      tenant_id: ctx.tenantId,
      order_item_id: start.orderItemId,
      subscription_id: start.subscriptionId,
      created_at: ctx.at,
    })
    .execute();
}
