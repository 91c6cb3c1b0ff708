import { sql, type Kysely, type RawBuilder } from 'kysely';
import { MutationRefusal } from '../../mutations/mutation-definition';
import type { Database } from '../../schema/catalog';
import { addDays, weekdayOf, zonedWallClock } from '../../time/zoned-wall-clock';
import type { ReportRange } from './report-range';

const MINUTE_MS = 60_000;

/**
 * Counting by studio day and hour in SQL that both SQLite and Postgres run alike: neither
 * shares a way to read a timestamp in a time zone, but timestamps are fixed-width UTC text
 * (`2026-12-01T23:30:00.000Z`), so the database groups by UTC hour (`substr(…, 1, 13)`) and
 * by the slice of that hour (`minute / step`), and the few hundred groups are then named
 * by the studio's wall clock here. The zone's offset is a multiple of `step` minutes at
 * every instant of the range, so every instant of one group falls on the same studio day
 * and hour, on DST days too.
 */
export interface StudioBuckets {
  /** The group of a timestamp column: its UTC hour. */
  hourOf(column: string): RawBuilder<string>;
  /** The slice of that hour the timestamp falls in, 0 when the zone keeps whole hours. */
  partOf(column: string): RawBuilder<number>;
  /** The studio day, weekday (1 Monday … 7 Sunday) and hour (0–23) of a group. */
  name(hour: string, part: number | string | bigint): StudioMoment;
}

export interface StudioMoment {
  readonly date: string;
  readonly weekday: number;
  readonly hour: number;
}

export function studioBuckets(range: ReportRange): StudioBuckets {
  const clock = zonedWallClock(range.timeZone);
  const step = stepMinutes(range);
  return {
    hourOf: (column) => sql<string>`substr(${sql.ref(column)}, 1, 13)`,
    // Integer division on both databases; `step` is ours, written as a literal so the same
    // text can stand in SELECT and GROUP BY (Postgres matches them as text).
    partOf: (column) =>
      sql<number>`cast(substr(${sql.ref(column)}, 15, 2) as integer) / ${sql.lit(step)}`,
    name(hour, part) {
      const instant = Date.parse(`${hour}:00:00.000Z`) + Number(part) * step * MINUTE_MS;
      const wall = clock.wallClockAt(instant);
      return { date: wall.date, weekday: weekdayOf(wall.date), hour: Math.floor(wall.minute / 60) };
    },
  };
}

/**
 * The slice of an hour the groups need: 60 when the zone's offset is whole hours through the
 * range (most zones), else 15 (India's +5:30, Nepal's +5:45). An offset changes only at a
 * transition, and the one after a transition is the next midnight's, so the offsets at the
 * range's midnights are all the range has.
 */
function stepMinutes(range: ReportRange): number {
  const clock = zonedWallClock(range.timeZone);
  for (let day = range.from; day <= addDays(range.to, 1); day = addDays(day, 1)) {
    const offset = clock.offsetAt(clock.instantOf(day, 0)) / MINUTE_MS;
    if (offset % 60 !== 0) return 15;
  }
  return 60;
}

/** Every studio day of the range, first to last, so a chart shows the days nothing happened. */
export function daysOf(range: ReportRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * A chosen location must be one of the studio's: a well-formed id of another studio's or a
 * deleted location would otherwise answer an empty report that looks like a quiet day.
 */
export async function checkLocation(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
  queryName: string,
): Promise<void> {
  if (range.locationId === null) return;
  const found = await db
    .selectFrom('locations')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', range.locationId)
    .executeTakeFirst();
  if (!found) {
    throw new MutationRefusal(
      'invalid',
      `${queryName}: no location ${range.locationId} in this studio`,
    );
  }
}
