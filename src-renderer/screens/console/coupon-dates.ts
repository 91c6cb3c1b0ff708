import { addDays, zonedWallClock } from '../../../src-shared/time/zoned-wall-clock';

/**
 * A coupon's dates as staff pick them (a day on the studio's calendar, whatever zone this
 * computer is set to) and as coupon.create takes them (UTC instants): valid from the start
 * of its first day to the end of its last, in the studio's zone.
 */
export function startOfDay(day: string, timeZone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    return null;
  }
  return new Date(zonedWallClock(timeZone).instantOf(day, 0)).toISOString();
}

/** The instant a coupon valid through `day` stops: the start of the studio's next day. */
export function endOfDay(day: string, timeZone: string): string | null {
  return startOfDay(day, timeZone) === null ? null : startOfDay(addDays(day, 1), timeZone);
}

/** The studio's day of an instant; with `last`, the day an end-of-day instant closes. */
export function dayOf(iso: string | null, timeZone: string, last = false): string {
  if (iso === null) return '';
  return zonedWallClock(timeZone).wallClockAt(Date.parse(iso) - (last ? 1 : 0)).date;
}
