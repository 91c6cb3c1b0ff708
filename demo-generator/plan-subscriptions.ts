import type { Database } from '../src-shared/schema/catalog';
import type { DemoContext, IdSource } from './demo-context';
import { INTRO_PLAN_INDEX, MEMBERSHIP_PLANS } from './demo-offers';
import { DEMO_RATES } from './demo-scale';
import { DAY_MS, HOUR_MS } from './demo-time';
import type { SeededRandom } from './seeded-random';

type MemberStatus = Database['tenant_members']['status'];
type SubscriptionStatus = Database['subscriptions']['status'];
type PlanInterval = Database['membership_plans']['interval'];

export interface SubscriptionPlan {
  readonly id: string;
  readonly planIndex: number;
  readonly status: SubscriptionStatus;
  readonly createdMs: number;
  readonly periodStartMs: number;
  readonly periodEndMs: number;
  /** Classes before this instant may be booked on the subscription. */
  readonly coverageEndMs: number;
  /** Bought at the desk or online with a POS order (only within the history window). */
  readonly hasOrder: boolean;
}

/** `from` advanced by `count` intervals, in calendar terms (UTC fields). */
export function addInterval(fromMs: number, interval: PlanInterval, count: number): number {
  if (interval === 'week') return fromMs + count * 7 * DAY_MS;
  if (interval === 'one_time') return fromMs + count * 30 * DAY_MS;
  const d = new Date(fromMs);
  const months = interval === 'year' ? 12 * count : count;
  return Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() + months,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** The billing period [start, end) that contains `atMs`. */
function periodAround(createdMs: number, interval: PlanInterval, atMs: number): [number, number] {
  let k = 0;
  while (addInterval(createdMs, interval, k + 1) <= atMs) k++;
  return [addInterval(createdMs, interval, k), addInterval(createdMs, interval, k + 1)];
}

/**
 * The subscription of a member who pays by membership: its plan, its current (or last)
 * billing period, and until when it pays for classes, consistent with the member's status.
 */
export function planSubscription(
  ctx: DemoContext,
  random: SeededRandom,
  member: {
    readonly joinedMs: number;
    readonly status: MemberStatus;
    readonly activeUntilMs: number;
  },
  ids: IdSource,
): SubscriptionPlan {
  const { joinedMs, status, activeUntilMs } = member;
  const createdMs = Math.min(joinedMs + random.int(0, 48) * HOUR_MS, ctx.nowMs - HOUR_MS);
  const isNew = ctx.nowMs - createdMs < 7 * DAY_MS;
  const planIndex = isNew
    ? INTRO_PLAN_INDEX
    : random.weighted(MEMBERSHIP_PLANS.map((p, i) => [i, p.popularity] as const));
  const interval = MEMBERSHIP_PLANS[planIndex]?.interval ?? 'month';
  const hasOrder =
    createdMs >= ctx.historyStartMs && random.chance(DEMO_RATES.subscriptionsSoldAtDesk);
  const make = (
    subStatus: SubscriptionStatus,
    [periodStartMs, periodEndMs]: [number, number],
    coverageEndMs: number,
  ): SubscriptionPlan => ({
    id: ids.next(createdMs),
    planIndex,
    status: subStatus,
    createdMs,
    periodStartMs,
    periodEndMs,
    coverageEndMs,
    hasOrder,
  });
  if (status !== 'active') {
    const period = periodAround(createdMs, interval, Math.max(createdMs, activeUntilMs));
    const ended = period[1] <= ctx.nowMs;
    const subStatus = ended && random.chance(0.4) ? 'expired' : 'canceled';
    return make(subStatus, period, period[1]);
  }
  if (isNew) return make('trialing', periodAround(createdMs, interval, ctx.nowMs), Infinity);
  const current = periodAround(createdMs, interval, ctx.nowMs);
  const roll = random.weighted([
    ['active', 86],
    ['past_due', 6],
    ['paused', 5],
    ['canceled', 3],
  ] as const);
  if (roll === 'past_due' && current[0] > createdMs) {
    // The renewal at the end of the last period failed; the desk still lets them in.
    return make('past_due', periodAround(createdMs, interval, current[0] - 1), Infinity);
  }
  if (roll === 'paused') return make('paused', current, current[0]);
  if (roll === 'canceled') return make('canceled', current, current[1]);
  return make('active', current, Infinity);
}
