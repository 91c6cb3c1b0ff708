import { z } from 'zod';
import { defineQuery } from '../query-definition';
import { memberNames } from '../front-desk/member-names';
import { isTimeZone, localClockOf, utcWindowOfDay, type LocalClock } from './local-day';

/** Sums come back as strings from node-postgres (bigint) and as numbers from SQLite. */
export interface ScheduleDayClass {
  readonly classId: string;
  readonly title: string;
  readonly startTime: string;
  /** HH:MM in the zone the day is shown in. */
  readonly localTime: string;
  readonly durationMinutes: number;
  readonly capacity: number;
  readonly status: 'scheduled' | 'cancelled' | 'completed';
  readonly dropInPrice: number;
  readonly instructorName: string | null;
  readonly booked: number;
  readonly waitlisted: number;
  readonly checkedIn: number;
}

export interface ScheduleDayLocation {
  readonly locationId: string;
  readonly name: string;
  readonly timeZone: string;
  readonly classes: readonly ScheduleDayClass[];
}

/**
 * The desk's "Today": each location's classes on a calendar day in the location's own time
 * zone (or `timeZone` when given), with booked, waitlisted and checked-in counts. Both reads
 * are range scans on (tenant_id, start_time) indexes over one widened UTC window; the
 * per-zone filtering happens here, on a day's worth of rows.
 */
export const scheduleDay = defineQuery({
  name: 'schedule.day',
  description:
    'A day’s classes per location, in the location’s time zone, with capacity, booked, waitlisted and checked in.',
  args: z.strictObject({
    date: z.iso.date(),
    timeZone: z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone').optional(),
    locationId: z.uuid().optional(),
  }),
  async run({ db, tenantId }, { date, timeZone, locationId }) {
    const window = utcWindowOfDay(date);
    let locationQuery = db
      .selectFrom('locations')
      .select(['id', 'name', 'time_zone'])
      .where('tenant_id', '=', tenantId);
    if (locationId !== undefined) locationQuery = locationQuery.where('id', '=', locationId);
    const locations = await locationQuery.orderBy('name').orderBy('id').execute();

    let classQuery = db
      .selectFrom('classes')
      .select([
        'id',
        'location_id',
        'instructor_id',
        'title',
        'start_time',
        'duration_minutes',
        'capacity',
        'status',
        'drop_in_price',
      ])
      .where('tenant_id', '=', tenantId)
      .where('start_time', '>=', window.from)
      .where('start_time', '<', window.to);
    if (locationId !== undefined) classQuery = classQuery.where('location_id', '=', locationId);
    const classes = await classQuery.orderBy('start_time').orderBy('id').execute();

    // The bookings of exactly these classes, through the class index, counted here: a
    // GROUP BY over the day's start_time range sometimes made SQLite walk every booking
    // (160 ms instead of a few on a large studio, bench B6).
    const bookings = [];
    for (let i = 0; i < classes.length; i += 500) {
      const classIds = classes.slice(i, i + 500).map((c) => c.id);
      bookings.push(
        ...(await db
          .selectFrom('bookings')
          .select(['class_id', 'status', 'checked_in_at'])
          .where('tenant_id', '=', tenantId)
          .where('class_id', 'in', classIds)
          .execute()),
      );
    }
    const countsByClass = new Map<
      string,
      { booked: number; waitlisted: number; checked_in: number }
    >();
    for (const booking of bookings) {
      const counted = countsByClass.get(booking.class_id) ?? {
        booked: 0,
        waitlisted: 0,
        checked_in: 0,
      };
      if (booking.status === 'confirmed') counted.booked += 1;
      if (booking.status === 'waitlisted') counted.waitlisted += 1;
      if (booking.checked_in_at !== null) counted.checked_in += 1;
      countsByClass.set(booking.class_id, counted);
    }
    const names = await memberNames(
      db,
      tenantId,
      classes.map((c) => c.instructor_id),
    );

    const clocks = new Map<string, LocalClock>();
    const clockOf = (zone: string): LocalClock => {
      let clock = clocks.get(zone);
      if (!clock) {
        clock = localClockOf(zone);
        clocks.set(zone, clock);
      }
      return clock;
    };
    return {
      date,
      locations: locations.map((location): ScheduleDayLocation => {
        const zone = timeZone ?? location.time_zone;
        const clock = clockOf(zone);
        return {
          locationId: location.id,
          name: location.name,
          timeZone: zone,
          classes: classes
            .filter((c) => c.location_id === location.id && clock.date(c.start_time) === date)
            .map((c) => {
              const counted = countsByClass.get(c.id);
              return {
                classId: c.id,
                title: c.title,
                startTime: c.start_time,
                localTime: clock.time(c.start_time),
                durationMinutes: c.duration_minutes,
                capacity: c.capacity,
                status: c.status,
                dropInPrice: c.drop_in_price,
                instructorName:
                  c.instructor_id === null ? null : (names.get(c.instructor_id) ?? null),
                booked: counted?.booked ?? 0,
                waitlisted: counted?.waitlisted ?? 0,
                checkedIn: counted?.checked_in ?? 0,
              };
            }),
        };
      }),
    };
  },
});
