/**
 * A time zone's wall clock and the UTC instants it names, with nothing but `Intl`: staff
 * hours are kept as wall-clock minutes of a location's day, appointments as UTC instants.
 * Daylight-saving changes follow the zone's own rules: a wall-clock time the change skips
 * (02:30 on a spring-forward night) names the instant an hour later, as if the clock had not
 * yet been moved; one the change repeats (01:30 on a fall-back night) names its first
 * occurrence. That is `Temporal`'s "compatible" choice, and what a calendar app does.
 */

import { ZoneTime } from './zone-time';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A calendar day (YYYY-MM-DD) and a minute of it, 0 to 1439. */
export interface WallClockTime {
  readonly date: string;
  readonly minute: number;
}

export interface ZonedWallClock {
  readonly timeZone: string;
  /** The zone's offset from UTC at the instant, in milliseconds (east positive). */
  offsetAt(instantMs: number): number;
  /** The wall-clock day and minute of an instant. */
  wallClockAt(instantMs: number): WallClockTime;
  /** The instant a wall-clock minute of a day names; minute 1440 is the next midnight. */
  instantOf(date: string, minute: number): number;
}

/** Milliseconds of a calendar day's midnight read as if it were UTC. */
export function dayStartAsUtc(date: string): number {
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  if (Number.isNaN(ms)) throw new Error(`${date} is not a calendar day (YYYY-MM-DD)`);
  return ms;
}

/** The day after (or before, for a negative count) a calendar day. */
export function addDays(date: string, days: number): string {
  return new Date(dayStartAsUtc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO 8601 weekday of a calendar day: 1 is Monday, 7 is Sunday. */
export function weekdayOf(date: string): number {
  const day = new Date(dayStartAsUtc(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** One reader per zone: its formatter is costly to make, so make it once and reuse it. */
export function zonedWallClock(timeZone: string): ZonedWallClock {
  const zone = new ZoneTime();
  return {
    timeZone,
    offsetAt: (instantMs) => zone.toFloating(timeZone, instantMs) - instantMs,
    wallClockAt(instantMs) {
      const local = zone.toFloating(timeZone, instantMs);
      const date = new Date(local).toISOString().slice(0, 10);
      return { date, minute: Math.floor((local - dayStartAsUtc(date)) / MINUTE_MS) };
    },
    instantOf: (date, minute) => zone.toUtc(timeZone, dayStartAsUtc(date) + minute * MINUTE_MS),
  };
}
