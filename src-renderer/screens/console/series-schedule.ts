import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { utcToWallClock } from './class-times';

/**
 * A class series' schedule as the console shows and types it. Pure: no React, no bridge.
 * Weekdays are the codes classSeries.create takes (RFC 5545's), Monday first.
 */

export type SeriesEntry = QueryResult<'classSeries.list'>[number];
export type SeriesRecurrence = NonNullable<SeriesEntry['recurrence']>;

export const SERIES_WEEKDAYS = [
  ['MO', 'Mon', 'Monday'],
  ['TU', 'Tue', 'Tuesday'],
  ['WE', 'Wed', 'Wednesday'],
  ['TH', 'Thu', 'Thursday'],
  ['FR', 'Fri', 'Friday'],
  ['SA', 'Sat', 'Saturday'],
  ['SU', 'Sun', 'Sunday'],
] as const;
export type WeekdayCode = (typeof SERIES_WEEKDAYS)[number][0];

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "18:30" → "6:30 PM": the studio's 12-hour style. */
export function clockLabel(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${hour12}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

/** "2026-12-07" → "Mon, Dec 7, 2026", read as a calendar day (no zone moves it). */
export function dayLabel(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  });
}

/** A real calendar date typed as YYYY-MM-DD (2026-02-30 is not one). */
export function isLocalDate(text: string): boolean {
  if (!LOCAL_DATE.test(text)) return false;
  const at = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === text;
}

/**
 * "2026-12-24, 2026-12-31" (commas, spaces or new lines between) → the dates, each once and
 * sorted; null when one of them is not a date. Empty text is no date to skip.
 */
export function parseDateList(text: string): string[] | null {
  const parts = text.split(/[\s,;]+/).filter((part) => part !== '');
  if (!parts.every(isLocalDate)) return null;
  return [...new Set(parts)].sort();
}

/** "Mon, Wed at 6:30 PM", "every 2 weeks" added when it is not weekly. */
export function daysAndTime(recurrence: SeriesRecurrence): string {
  const days = SERIES_WEEKDAYS.filter(([code]) => recurrence.weekdays.includes(code))
    .map(([, short]) => short)
    .join(', ');
  const every = recurrence.intervalWeeks === 1 ? '' : `, every ${recurrence.intervalWeeks} weeks`;
  return `${days} at ${clockLabel(recurrence.startTime)}${every}`;
}

/** How the series ends: "until Mon, Mar 1, 2027", "10 classes", or "no end date". */
export function seriesEnd(recurrence: SeriesRecurrence): string {
  if (recurrence.until !== null) return `until ${dayLabel(recurrence.until)}`;
  if (recurrence.count !== null) return `${recurrence.count} classes`;
  return 'no end date';
}

/** A class's start at its location as the date and the "HH:mm" time staff type. */
export function localParts(iso: string, timeZone: string): { date: string; time: string } {
  const wall = utcToWallClock(iso, timeZone);
  return { date: wall.slice(0, 10), time: wall.slice(11, 16) };
}

/** Days from `from` (YYYY-MM-DD) moved by `days`. */
export function addLocalDays(from: string, days: number): string {
  return new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** "1 booking", "2 bookings", "3 classes". */
export function countOf(n: number, noun: string): string {
  if (n === 1) return `1 ${noun}`;
  return `${n} ${noun}${noun.endsWith('s') ? 'es' : 's'}`;
}
