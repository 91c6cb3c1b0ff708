import { addDays, weekdayOf, zonedWallClock } from '../../../src-shared/time/zoned-wall-clock';

/**
 * A class's start as staff type it — a wall-clock time at the class's location, in that
 * location's time zone — and as class.create takes it, a UTC instant. Pure, so tested alone.
 */

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

/** "2026-12-07T18:30" at `timeZone` → the UTC instant (ISO); null when unreadable. */
export function wallClockToUtc(local: string, timeZone: string): string | null {
  const match = LOCAL.exec(local);
  const [, date = '', hours = '', minutes = ''] = match ?? [];
  const day = Date.parse(`${date}T00:00:00Z`);
  // A date that does not round-trip (2026-02-30) is no date.
  if (!match || Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== date) {
    return null;
  }
  const minute = Number(hours) * 60 + Number(minutes);
  if (Number(hours) > 23 || Number(minutes) > 59) return null;
  return new Date(zonedWallClock(timeZone).instantOf(date, minute)).toISOString();
}

/** A UTC instant as the wall clock at `timeZone` reads it: "2026-12-07T18:30". */
export function utcToWallClock(iso: string, timeZone: string): string {
  const { date, minute } = zonedWallClock(timeZone).wallClockAt(Date.parse(iso));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date}T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

/** A class's start for the schedule: "Mon, Dec 7, 6:30 PM" at its location, 12-hour like every screen. */
export function formatClassTime(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  });
}

/**
 * The week `at` is in on the studio's calendar, moved by `weeks`: from its Monday's midnight
 * to the next Monday's, as instants, and that Monday as YYYY-MM-DD. A desk whose computer
 * is set to another zone still shows the studio's week.
 */
export function studioWeek(
  at: Date,
  timeZone: string,
  weeks = 0,
): { readonly monday: string; readonly from: string; readonly to: string } {
  const clock = zonedWallClock(timeZone);
  const today = clock.wallClockAt(at.getTime()).date;
  const monday = addDays(today, 1 - weekdayOf(today) + weeks * 7);
  return {
    monday,
    from: new Date(clock.instantOf(monday, 0)).toISOString(),
    to: new Date(clock.instantOf(addDays(monday, 7), 0)).toISOString(),
  };
}
