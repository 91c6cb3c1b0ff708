import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import { dayStartAsUtc, zonedWallClock } from '../../time/zoned-wall-clock';

const DAY_MS = 86_400_000;

/** Statuses whose current period was paid: a trial or a renewal past due was not. */
const PAID_STATUSES = ['active', 'paused'] as const;

/** Whole calendar days from one studio day to another. */
const daysBetween = (from: string, to: string) =>
  Math.round((dayStartAsUtc(to) - dayStartAsUtc(from)) / DAY_MS);

/**
 * Memberships paid ahead at an instant: each active or paused membership whose current
 * period covers the instant owes the rest of that period. Its value is the plan's price
 * pro rata by studio days: price × days left / days in the period, rounded half up, where
 * the instant's own studio day counts as used and the period end is exclusive.
 */
export async function membershipsPaidAhead(
  db: Kysely<Database>,
  tenantId: string,
  zone: string,
  at: string,
): Promise<{ count: number; paidAheadTotal: number; daysLeft: number }> {
  const rows = await db
    .selectFrom('subscriptions as s')
    .innerJoin('membership_plans as p', (j) =>
      j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.plan_id'),
    )
    .select(['s.current_period_start', 's.current_period_end', 'p.price'])
    .where('s.tenant_id', '=', tenantId)
    .where('s.status', 'in', PAID_STATUSES)
    .where('s.current_period_start', '<=', at)
    .where('s.current_period_end', '>', at)
    .execute();
  const clock = zonedWallClock(zone);
  const dayOf = new Map<string, string>();
  const studioDay = (instant: string) => {
    let day = dayOf.get(instant);
    if (day === undefined) {
      day = clock.wallClockAt(Date.parse(instant)).date;
      dayOf.set(instant, day);
    }
    return day;
  };
  const today = studioDay(at);
  let paidAheadTotal = 0;
  let daysLeft = 0;
  for (const row of rows) {
    const start = studioDay(row.current_period_start);
    const end = studioDay(row.current_period_end);
    const length = daysBetween(start, end);
    const left = Math.max(0, daysBetween(today, end) - 1);
    if (length <= 0) continue;
    paidAheadTotal += Math.floor((2 * row.price * left + length) / (2 * length));
    daysLeft += left;
  }
  return { count: rows.length, paidAheadTotal, daysLeft };
}
