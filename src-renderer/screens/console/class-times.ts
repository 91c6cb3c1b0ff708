import { addDays, weekdayOf, zonedWallClock } from '../../../src-shared/time/zoned-wall-clock';
/**
 * A class's start as staff type it — a wall-clock time at the class's location, in that
 * location's time zone — and as class.create takes it, a UTC instant. Pure, so tested alone.
 */

function wallClockParts(ms: number, timeZone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms. */
function zoneOffset(ms: number, timeZone: string): number {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = wallClockParts(ms, timeZone);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

/** "2026-12-07T18:30" at `timeZone` → the UTC instant (ISO); null when unreadable. */
export function wallClockToUtc(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  if (
    y === undefined ||
    mo === undefined ||
    d === undefined ||
    h === undefined ||
    mi === undefined
  ) {
    return null;
  }
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(guess)) return null;
  // Twice: the offset at the first answer settles a guess made across a clock change.
  const first = guess - zoneOffset(guess, timeZone);
  return new Date(guess - zoneOffset(first, timeZone)).toISOString();
}

/** A UTC instant as the wall clock at `timeZone` reads it: "2026-12-07T18:30". */
export function utcToWallClock(iso: string, timeZone: string): string {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0] = wallClockParts(Date.parse(iso), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}`;
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
