import { sql, type Kysely } from 'kysely';
import { MANAGER_ROLES } from '../../mutations/front-desk/front-desk-roles';
import type { Database } from '../../schema/catalog';
import { addDays, zonedWallClock } from '../../time/zoned-wall-clock';
import { defineQuery } from '../query-definition';
import { checkInsInRange } from './attendance-query';
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
    const [created, returning, lapsed, packs, plans, visitors] = await Promise.all([
      newMembers(db, tenantId, range),
      returningMembers(db, tenantId, range, daysBefore(RETURNING_GAP_DAYS)),
      lapsedMembers(db, tenantId, range, daysBefore(LAPSED_LOOKBACK_DAYS)),
      packUsage(db, tenantId, range),
      planUsage(db, tenantId, range),
      checkInsInRange(db, tenantId, range)
        .select((eb) => eb.fn.count('b.member_id').distinct().as('members'))
        .executeTakeFirstOrThrow(),
    ]);
    return {
      timeZone: range.timeZone,
      from: range.from,
      to: range.to,
      locationId: range.locationId,
      returningGapDays: RETURNING_GAP_DAYS,
      lapsedLookbackDays: LAPSED_LOOKBACK_DAYS,
      newMembers: created,
      checkedIn: amount(visitors.members),
      returning,
      lapsed,
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

/** Check-ins up to the range's end, one row per member: in the range at all, last before it. */
async function returningMembers(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
  gapStart: string,
) {
  let history = db
    .selectFrom('bookings as b')
    .innerJoin('classes as c', (j) =>
      j.onRef('c.tenant_id', '=', 'b.tenant_id').onRef('c.id', '=', 'b.class_id'),
    )
    .where('b.tenant_id', '=', tenantId)
    .where('b.status', '=', 'confirmed')
    .where('b.checked_in_at', 'is not', null)
    .where('b.checked_in_at', '<', range.endsAt);
  if (range.locationId !== null) history = history.where('c.location_id', '=', range.locationId);
  const perMember = history
    .select((eb) => [
      'b.member_id',
      eb.fn
        .max(eb.case().when('b.checked_in_at', '>=', range.startsAt).then(1).else(0).end())
        .as('inRange'),
      eb.fn
        .max(
          eb
            .case()
            .when('b.checked_in_at', '<', range.startsAt)
            .then(eb.ref('b.checked_in_at'))
            .end(),
        )
        .as('lastBefore'),
    ])
    .groupBy('b.member_id')
    .as('h');
  const row = await db
    .selectFrom(perMember)
    .where('h.inRange', '=', 1)
    .where('h.lastBefore', '<', gapStart)
    .select((eb) => eb.fn.countAll().as('members'))
    .executeTakeFirstOrThrow();
  return amount(row.members);
}

async function lapsedMembers(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
  lookbackStart: string,
) {
  const checkIns = (from: string, to: string) => {
    let query = db
      .selectFrom('bookings as b')
      .innerJoin('classes as c', (j) =>
        j.onRef('c.tenant_id', '=', 'b.tenant_id').onRef('c.id', '=', 'b.class_id'),
      )
      .select('b.id')
      // Correlated with the member of the outer query (tenant_members as m).
      .where('b.tenant_id', '=', sql.ref<string>('m.tenant_id'))
      .where('b.member_id', '=', sql.ref<string>('m.id'))
      .where('b.status', '=', 'confirmed')
      .where('b.checked_in_at', '>=', from)
      .where('b.checked_in_at', '<', to);
    if (range.locationId !== null) query = query.where('c.location_id', '=', range.locationId);
    return query;
  };
  const row = await db
    .selectFrom('tenant_members as m')
    .where('m.tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb.exists(checkIns(lookbackStart, range.startsAt)),
        eb.exists(
          eb
            .selectFrom('subscriptions as s')
            .select('s.id')
            .whereRef('s.tenant_id', '=', 'm.tenant_id')
            .whereRef('s.member_id', '=', 'm.id')
            .where('s.current_period_start', '<', range.startsAt)
            .where('s.current_period_end', '>', lookbackStart),
        ),
      ]),
    )
    .where((eb) => eb.not(eb.exists(checkIns(range.startsAt, range.endsAt))))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('subscriptions as s')
            .select('s.id')
            .whereRef('s.tenant_id', '=', 'm.tenant_id')
            .whereRef('s.member_id', '=', 'm.id')
            .where('s.status', 'in', RUNNING_STATUSES)
            .where('s.current_period_end', '>', range.startsAt),
        ),
      ),
    )
    .select((eb) => eb.fn.countAll().as('members'))
    .executeTakeFirstOrThrow();
  return amount(row.members);
}
