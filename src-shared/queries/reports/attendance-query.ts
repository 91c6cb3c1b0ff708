import type { Kysely } from 'kysely';
import { MANAGER_ROLES } from '../../mutations/front-desk/front-desk-roles';
import type { Database } from '../../schema/catalog';
import { memberNames } from '../front-desk/member-names';
import { defineQuery } from '../query-definition';
import {
  amount,
  rangeInZone,
  reportRangeSchema,
  reportZone,
  type ReportRange,
} from './report-range';
import { checkLocation, daysOf, studioBuckets } from './studio-day-buckets';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * The range's check-ins, from a selection of bookings: checked in, still confirmed, their
 * check-in instant in the range; with a location chosen, at that location's classes.
 *
 * Bookings alone, with no join per check-in: without a location they are read from an
 * index on (tenant, check-in time) that carries the columns the reports group by (migration
 * 20261206110000), and the caller looks a class up once per group. No class is needed to
 * keep a check-in: every booking names an existing class (a foreign key on the server, whose
 * rows the desk copies parent first). With a location, its classes' ids lead, each read
 * through the (tenant, class) index: one location's share of the studio.
 */
export function checkInsInRange(
  db: Kysely<Database>,
  tenantId: string,
  range: Pick<ReportRange, 'startsAt' | 'endsAt' | 'locationId'>,
) {
  const query = db
    .selectFrom('bookings as b')
    .where('b.tenant_id', '=', tenantId)
    .where('b.status', '=', 'confirmed')
    .where('b.checked_in_at', '>=', range.startsAt)
    .where('b.checked_in_at', '<', range.endsAt);
  return range.locationId === null
    ? query
    : query.where('b.class_id', 'in', classesAt(db, tenantId, range.locationId));
}

/** The ids of a location's classes, for `class_id in (…)`. */
export function classesAt(db: Kysely<Database>, tenantId: string, locationId: string) {
  return db
    .selectFrom('classes as c')
    .select('c.id')
    .where('c.tenant_id', '=', tenantId)
    .where('c.location_id', '=', locationId);
}

/**
 * Attendance (issue 19): check-ins of a range of studio days by class title, by instructor,
 * by hour of the day and by weekday. A check-in belongs to the studio day and hour (studio
 * zone) of the instant the member was checked in, not of the class's start.
 */
export const reportAttendance = defineQuery({
  name: 'report.attendance',
  description:
    'Owner and manager attendance over studio days (inclusive, studio zone): check-ins by class, instructor, hour of day, weekday and day.',
  args: reportRangeSchema,
  // How the studio's classes fill is the owner's and managers' business.
  roles: MANAGER_ROLES,
  async run({ db, tenantId }, args) {
    const range = rangeInZone(await reportZone(db, tenantId), args, Date.now());
    await checkLocation(db, tenantId, range, 'report.attendance');
    const buckets = studioBuckets(range);
    const hour = buckets.hourOf('b.checked_in_at');
    const part = buckets.partOf('b.checked_in_at');
    // One pass over the range's check-ins, counted by class and hour; each class then once.
    const groups = checkInsInRange(db, tenantId, range)
      .select((eb) => [
        'b.class_id',
        hour.as('hour'),
        part.as('part'),
        eb.fn.countAll().as('checkIns'),
      ])
      .groupBy(['b.class_id', hour, part])
      .as('g');
    const [times, members] = await Promise.all([
      db
        .selectFrom(groups)
        .innerJoin('classes as c', (j) =>
          j.on('c.tenant_id', '=', tenantId).onRef('c.id', '=', 'g.class_id'),
        )
        .select(['c.title', 'c.instructor_id', 'g.hour', 'g.part', 'g.checkIns'])
        .execute(),
      checkInsInRange(db, tenantId, range)
        .select((eb) => eb.fn.count('b.member_id').distinct().as('members'))
        .executeTakeFirstOrThrow(),
    ]);
    const byTitle = new Map<string, number>();
    const byInstructor = new Map<string | null, number>();
    for (const row of times) {
      const count = amount(row.checkIns);
      byTitle.set(row.title, (byTitle.get(row.title) ?? 0) + count);
      byInstructor.set(row.instructor_id, (byInstructor.get(row.instructor_id) ?? 0) + count);
    }
    const names = await memberNames(db, tenantId, [...byInstructor.keys()]);
    const byHour = Array.from({ length: 24 }, (_, h) => ({ hour: h, checkIns: 0 }));
    const byWeekday = WEEKDAYS.map((name, i) => ({ weekday: i + 1, name, checkIns: 0 }));
    const byDay = new Map(daysOf(range).map((date) => [date, 0]));
    for (const row of times) {
      const moment = buckets.name(row.hour, row.part);
      const count = amount(row.checkIns);
      const atHour = byHour[moment.hour];
      const onWeekday = byWeekday[moment.weekday - 1];
      if (atHour) atHour.checkIns += count;
      if (onWeekday) onWeekday.checkIns += count;
      byDay.set(moment.date, (byDay.get(moment.date) ?? 0) + count);
    }
    return {
      timeZone: range.timeZone,
      from: range.from,
      to: range.to,
      locationId: range.locationId,
      checkIns: byHour.reduce((sum, h) => sum + h.checkIns, 0),
      members: amount(members.members),
      byClass: [...byTitle]
        .map(([title, checkIns]) => ({ title, checkIns }))
        .sort((a, b) => b.checkIns - a.checkIns || a.title.localeCompare(b.title)),
      // In instructor id order first (no instructor first), as the database grouped them,
      // so equal counts under equal names keep one order.
      byInstructor: [...byInstructor]
        .sort(([a], [b]) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1))
        .map(([instructorId, checkIns]) => ({
          instructorId,
          name: instructorId === null ? 'No instructor' : (names.get(instructorId) ?? ''),
          checkIns,
        }))
        .sort((a, b) => b.checkIns - a.checkIns || a.name.localeCompare(b.name)),
      byHour,
      byWeekday,
      byDay: [...byDay].map(([date, checkIns]) => ({ date, checkIns })),
    };
  },
});
