import { sql, type Kysely } from 'kysely';
import { MANAGER_ROLES } from '../../mutations/front-desk/front-desk-roles';
import type { Database } from '../../schema/catalog';
import { addDays, zonedWallClock } from '../../time/zoned-wall-clock';
import { defineQuery } from '../query-definition';
import { classesAt } from './attendance-query';
import { packUsage, planUsage, RUNNING_STATUSES } from './members-usage';
import {
  amount,
  rangeInZone,
  reportRangeSchema,
  reportZone,
  type ReportRange,
} from './report-range';
import { checkLocation } from './studio-day-buckets';

/** A member away at least this many studio days before the range, then back, is returning. */
export const RETURNING_GAP_DAYS = 30;
/** A member active in this many studio days before the range, and not in it, has lapsed. */
export const LAPSED_LOOKBACK_DAYS = 60;

/**
 * Members over a range of studio days (issue 19). Check-ins are as in the attendance
 * report (confirmed bookings checked in; with a location chosen, at its classes).
 *
 * - New: students whose membership of the studio was created in the range (any location).
 * - Returning: checked in during the range, had checked in before it, but not in the
 *   {@link RETURNING_GAP_DAYS} studio days before its first day: back after a gap of at
 *   least that long.
 * - Lapsed: active in the {@link LAPSED_LOOKBACK_DAYS} studio days before the range (a
 *   check-in, or a membership whose period overlapped them), but no check-in in the range
 *   and no membership running in it (active, trialing, past due or paused with its period
 *   reaching into the range): gone quiet, or their plan ended.
 * - Pack and plan usage: see {@link packUsage} and {@link planUsage}.
 */
export const reportMembers = defineQuery({
  name: 'report.members',
  description:
    'Owner and manager members over studio days (inclusive, studio zone): new, returning (after 30+ days away), lapsed (active in the 60 days before, not in the range), pack credits bought and used, plan subscriptions and visits.',
  args: reportRangeSchema,
  // Who comes and who stopped coming is the owner's and managers' business.
  roles: MANAGER_ROLES,
  async run({ db, tenantId }, args) {
    const range = rangeInZone(await reportZone(db, tenantId), args, Date.now());
    await checkLocation(db, tenantId, range, 'report.members');
    const clock = zonedWallClock(range.timeZone);
    const daysBefore = (days: number) =>
      new Date(clock.instantOf(addDays(range.from, -days), 0)).toISOString();
    const [created, visits, packs, plans] = await Promise.all([
      newMembers(db, tenantId, range),
      memberVisits(db, tenantId, range, {
        gapStart: daysBefore(RETURNING_GAP_DAYS),
        lookbackStart: daysBefore(LAPSED_LOOKBACK_DAYS),
      }),
      packUsage(db, tenantId, range),
      planUsage(db, tenantId, range),
    ]);
    return {
      timeZone: range.timeZone,
      from: range.from,
      to: range.to,
      locationId: range.locationId,
      returningGapDays: RETURNING_GAP_DAYS,
      lapsedLookbackDays: LAPSED_LOOKBACK_DAYS,
      newMembers: created,
      checkedIn: amount(visits.visitors),
      returning: amount(visits.returning),
      lapsed: amount(visits.lapsed),
      packs,
      plans,
    };
  },
});

/** Students (members with the student role) whose membership began in the range. */
async function newMembers(db: Kysely<Database>, tenantId: string, range: ReportRange) {
  const row = await db
    .selectFrom('tenant_members as m')
    .where('m.tenant_id', '=', tenantId)
    .where('m.created_at', '>=', range.startsAt)
    .where('m.created_at', '<', range.endsAt)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('tenant_roles as r')
          .select('r.member_id')
          .whereRef('r.tenant_id', '=', 'm.tenant_id')
          .whereRef('r.member_id', '=', 'm.id')
          .where('r.role', '=', 'student'),
      ),
    )
    .select((eb) => eb.fn.countAll().as('members'))
    .executeTakeFirstOrThrow();
  return amount(row.members);
}

/**
 * Check-ins, returning and lapsed members in one statement. Every member's check-ins up to
 * the range's end are read once, in member and time order from an index (migration
 * 20261206110000), so grouping them by member needs no sort: per member, whether they came
 * in the range, before the gap, between the gap and the range, and in the look-back. The
 * groups are then counted three ways.
 */
async function memberVisits(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
  lines: { readonly gapStart: string; readonly lookbackStart: string },
) {
  const at = sql.ref<string>('b.checked_in_at');
  /** 1 when the member checked in at least once in [from, to); a bound left out is open. */
  const came = (from: string | null, to: string | null) => {
    const bounds = [
      ...(from === null ? [] : [sql`${at} >= ${from}`]),
      ...(to === null ? [] : [sql`${at} < ${to}`]),
    ];
    return sql<number>`max(case when ${sql.join(bounds, sql` and `)} then 1 else 0 end)`;
  };
  let history = db
    .selectFrom('bookings as b')
    .where('b.tenant_id', '=', tenantId)
    .where('b.status', '=', 'confirmed')
    .where('b.checked_in_at', '<', range.endsAt);
  if (range.locationId !== null) {
    history = history.where('b.class_id', 'in', classesAt(db, tenantId, range.locationId));
  }
  const perMember = history
    .select([
      'b.member_id',
      came(range.startsAt, null).as('inRange'),
      came(null, lines.gapStart).as('beforeGap'),
      came(lines.gapStart, range.startsAt).as('inGap'),
      came(lines.lookbackStart, range.startsAt).as('inLookback'),
    ])
    .groupBy('b.member_id');
  // Correlated with the member of the outer query (tenant_members as m).
  const subscribed = () =>
    db
      .selectFrom('subscriptions as s')
      .select('s.id')
      .where('s.tenant_id', '=', tenantId)
      .where('s.member_id', '=', sql.ref<string>('m.id'));
  return db
    .with(
      (cte) => cte('h').materialized(),
      () => perMember,
    )
    .selectNoFrom((eb) => [
      eb.selectFrom('h').select(eb.fn.countAll().as('n')).where('h.inRange', '=', 1).as('visitors'),
      eb
        .selectFrom('h')
        .select(eb.fn.countAll().as('n'))
        .where('h.inRange', '=', 1)
        .where('h.beforeGap', '=', 1)
        .where('h.inGap', '=', 0)
        .as('returning'),
      eb
        .selectFrom('tenant_members as m')
        .leftJoin('h', 'h.member_id', 'm.id')
        .select(eb.fn.countAll().as('n'))
        .where('m.tenant_id', '=', tenantId)
        .where((w) =>
          w.or([
            w('h.inLookback', '=', 1),
            w.exists(
              subscribed()
                .where('s.current_period_start', '<', range.startsAt)
                .where('s.current_period_end', '>', lines.lookbackStart),
            ),
          ]),
        )
        .where((w) => w.or([w('h.inRange', 'is', null), w('h.inRange', '=', 0)]))
        .where((w) =>
          w.not(
            w.exists(
              subscribed()
                .where('s.status', 'in', RUNNING_STATUSES)
                .where('s.current_period_end', '>', range.startsAt),
            ),
          ),
        )
        .as('lapsed'),
    ])
    .executeTakeFirstOrThrow();
}
