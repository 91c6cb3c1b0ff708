/**
 * Wall-clock time in IANA zones, with `Intl` (on the desk and the server alike), so results
 * never depend on the process's own zone. A wall-clock time travels as "floating"
 * milliseconds: the epoch milliseconds it would be in UTC (RFC 5545's floating time).
 * Holds one formatter per zone: make one per call that converts many times.
 */
const DAY_MS = 86_400_000;

export class ZoneTime {
  private readonly formatters = new Map<string, Intl.DateTimeFormat>();

  private formatter(zone: string): Intl.DateTimeFormat {
    let formatter = this.formatters.get(zone);
    if (formatter === undefined) {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      this.formatters.set(zone, formatter);
    }
    return formatter;
  }

  /** The wall-clock time in `zone` at the instant `epochMs`. */
  toFloating(zone: string, epochMs: number): number {
    const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
    for (const part of this.formatter(zone).formatToParts(epochMs)) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    return wall + (((epochMs % 1000) + 1000) % 1000);
  }

  /**
   * The instant a wall-clock time happens in `zone`. A time the spring change skips (02:30
   * on that night) names the instant an hour later, as if the clock had not yet moved; a
   * time the autumn change repeats names its first occurrence. That is Temporal's
   * "compatible" choice, and what a calendar app does.
   */
  toUtc(zone: string, floating: number): number {
    const offset = (instant: number) => this.toFloating(zone, instant) - instant;
    // The offsets in force a day either side bracket any change on this day.
    const before = offset(floating - DAY_MS);
    const after = offset(floating + DAY_MS);
    const valid = [...new Set([before, after])]
      .map((o) => floating - o)
      .filter((instant) => this.toFloating(zone, instant) === floating)
      .sort((a, b) => a - b);
    return valid[0] ?? floating - before;
  }
}

/** A calendar date with no zone, `2026-12-07`. */
export type LocalDate = string;

/** `2026-12-07` of a floating time. */
export function localDateOf(floating: number): LocalDate {
  return new Date(floating).toISOString().slice(0, 10);
}

/** `06:30` of a floating time. */
export function localTimeOf(floating: number): string {
  return new Date(floating).toISOString().slice(11, 16);
}

/** The floating time of a date at `HH:mm`; NaN when either is not a real date or time. */
export function floatingOf(date: LocalDate, time = '00:00'): number {
  const ms = Date.parse(`${date}T${time}:00.000Z`);
  // Date.parse rolls 2026-02-30 over to March: a date that does not round-trip is no date.
  return Number.isNaN(ms) || localDateOf(ms) !== date || localTimeOf(ms) !== time ? NaN : ms;
}

/** Whether `zone` names a time zone this platform knows. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
