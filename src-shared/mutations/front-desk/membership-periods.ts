import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { addDays, zonedWallClock } from '../../time/zoned-wall-clock';
import { floatingOf } from '../../time/zone-time';
import type { MutationContext } from '../mutation-definition';
import { readTenantSettings } from './tenant-settings';
import { tenantRow } from '../tenant-row';

type PlanRow = Database['membership_plans'];
type SubscriptionRow = Database['subscriptions'];

/** A calendar day of the studio, `2026-12-07`, that really exists. */
export const studioDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date is written YYYY-MM-DD, like 2026-12-07' })
  .refine((date) => !Number.isNaN(floatingOf(date)), { error: 'that date is not on the calendar' });

/** Statuses in which a membership is the member's: a second one of the same plan is refused. */
export const HELD_STATUSES = ['active', 'trialing', 'past_due', 'paused'] as const;

/**
 * The studio's time zone, in which membership dates are days: the studio's setting, else
 * the zone of the location named (or of its first location), else UTC.
 */
export async function studioZone(
  ctx: MutationContext,
  locationId?: string | null,
): Promise<string> {
  const settings = await readTenantSettings(ctx.db, ctx.tenantId);
  if (settings.timeZone !== null) return settings.timeZone;
  let query = ctx.db
    .selectFrom('locations')
    .select('time_zone')
    .where('tenant_id', '=', ctx.tenantId)
    .orderBy('created_at')
    .orderBy('id');
  if (locationId) query = query.where('id', '=', locationId);
  return (await query.executeTakeFirst())?.time_zone ?? 'UTC';
}

/** The studio's calendar day at an instant. */
export function studioDateAt(zone: string, instant: string): string {
  return zonedWallClock(zone).wallClockAt(Date.parse(instant)).date;
}

/** The instant the studio's day starts (its local midnight), as the schema's timestamp. */
export function startOfStudioDay(zone: string, date: string): string {
  return new Date(zonedWallClock(zone).instantOf(date, 0)).toISOString();
}

/** The same day `months` months later, on the month's last day when it is shorter (Jan 31 → Feb 28). */
function addMonths(date: string, months: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0),
  ).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

/**
 * The day a period that starts on `date` ends (exclusive), by the plan's interval, in
 * calendar days so a period runs midnight to midnight across a DST change. A one-time plan
 * has one period, a month long, and is not renewed.
 */
export function periodEndDate(date: string, interval: PlanRow['interval']): string {
  switch (interval) {
    case 'week':
      return addDays(date, 7);
    case 'month':
    case 'one_time':
      return addMonths(date, 1);
    case 'year':
      return addMonths(date, 12);
  }
}

/** The period a membership starting on `date` (a studio day) runs: UTC instants. */
export function firstPeriod(zone: string, date: string, interval: PlanRow['interval']) {
  return {
    start: startOfStudioDay(zone, date),
    end: startOfStudioDay(zone, periodEndDate(date, interval)),
  };
}

export async function findPlan(ctx: MutationContext, planId: string): Promise<PlanRow> {
  return tenantRow(ctx.db, ctx.tenantId, 'membership_plans', planId, 'membership plan');
}

export async function findSubscription(
  ctx: MutationContext,
  subscriptionId: string,
): Promise<SubscriptionRow> {
  return tenantRow(ctx.db, ctx.tenantId, 'subscriptions', subscriptionId, 'membership');
}

/** The member's membership of the plan they still hold (active, paused, past due), if any. */
export async function heldSubscriptionOf(ctx: MutationContext, memberId: string, planId: string) {
  return ctx.db
    .selectFrom('subscriptions')
    .select(['id', 'status'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('member_id', '=', memberId)
    .where('plan_id', '=', planId)
    .where('status', 'in', [...HELD_STATUSES])
    .executeTakeFirst();
}

/** Whether a pause of the membership covers the instant (started, not ended nor resumed). */
export async function pausedAt(
  ctx: Pick<MutationContext, 'db' | 'tenantId'>,
  subscriptionId: string,
  instant: string,
): Promise<boolean> {
  const pause = await ctx.db
    .selectFrom('subscription_pauses')
    .select('id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('subscription_id', '=', subscriptionId)
    .where('starts_at', '<=', instant)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', instant)]))
    .where((eb) => eb.or([eb('resumed_at', 'is', null), eb('resumed_at', '>', instant)]))
    .executeTakeFirst();
  return pause !== undefined;
}
