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
 */
export function checkInsInRange(db: Kysely<Database>, tenantId: string, range: ReportRange) {
  let query = db
    .selectFrom('bookings as b')
    .innerJoin('classes as c', (j) =>
      j.onRef('c.tenant_id', '=', 'b.tenant_id').onRef('c.id', '=', 'b.class_id'),
    )
    .where('b.tenant_id', '=', tenantId)
    .where('b.status', '=', 'confirmed')
    .where('b.checked_in_at', '>=', range.startsAt)
    .where('b.checked_in_at', '<', range.endsAt);
  if (range.locationId !== null) query = query.where('c.location_id', '=', range.locationId);
  return query;
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
    const [classes, instructors, times, members] = await Promise.all([
      checkInsInRange(db, tenantId, range)
        .select((eb) => ['c.title', eb.fn.countAll().as('checkIns')])
        .groupBy('c.title')
        .execute(),
      checkInsInRange(db, tenantId, range)
        .select((eb) => ['c.instructor_id', eb.fn.countAll().as('checkIns')])
        .groupBy('c.instructor_id')
        .execute(),
      checkInsInRange(db, tenantId, range)
        .select((eb) => [hour.as('hour'), part.as('part'), eb.fn.countAll().as('checkIns')])
        .groupBy([hour, part])
        .execute(),
      checkInsInRange(db, tenantId, range)
        .select((eb) => eb.fn.count('b.member_id').distinct().as('members'))
        .executeTakeFirstOrThrow(),
    ]);
    const names = await memberNames(
      db,
      tenantId,
      instructors.map((i) => i.instructor_id),
    );
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
      byClass: classes
        .map((c) => ({ title: c.title, checkIns: amount(c.checkIns) }))
        .sort((a, b) => b.checkIns - a.checkIns || a.title.localeCompare(b.title)),
      byInstructor: instructors
        .map((i) => ({
          instructorId: i.instructor_id,
          name: i.instructor_id === null ? 'No instructor' : (names.get(i.instructor_id) ?? ''),
          checkIns: amount(i.checkIns),
        }))
        .sort((a, b) => b.checkIns - a.checkIns || a.name.localeCompare(b.name)),
      byHour,
      byWeekday,
      byDay: [...byDay].map(([date, checkIns]) => ({ date, checkIns })),
    };
  },
});
