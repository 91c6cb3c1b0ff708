/**
 * Calendar days in a time zone, with nothing but `Intl` (available on the desk, the server
 * and in the renderer): schedules are shown in the location's zone, stored in UTC.
 */

/** The widest offsets in use (UTC-12 to UTC+14): every zone's day lies inside this window. */
const EARLIEST_OFFSET_MS = 14 * 3_600_000;
const LATEST_OFFSET_MS = 12 * 3_600_000;
const DAY_MS = 86_400_000;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The UTC instants between which `date` (YYYY-MM-DD) falls somewhere on Earth: a range an
 * index on start_time answers, filtered to each location's own day afterwards.
 */
export function utcWindowOfDay(date: string): { readonly from: string; readonly to: string } {
  const midnight = Date.parse(`${date}T00:00:00.000Z`);
  return {
    from: new Date(midnight - EARLIEST_OFFSET_MS).toISOString(),
    to: new Date(midnight + DAY_MS + LATEST_OFFSET_MS).toISOString(),
  };
}

export interface LocalClock {
  /** YYYY-MM-DD of the instant in the zone. */
  date(iso: string): string;
  /** HH:MM (24 h) of the instant in the zone. */
  time(iso: string): string;
}

/** Reads instants as a zone's wall clock; make one per zone and reuse it (formatters are costly). */
export function localClockOf(zone: string): LocalClock {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts = (iso: string) => {
    const found: Record<string, string> = {};
    for (const part of format.formatToParts(new Date(iso))) found[part.type] = part.value;
    return found;
  };
  return {
    date(iso) {
      const p = parts(iso);
      return `${p['year'] ?? ''}-${p['month'] ?? ''}-${p['day'] ?? ''}`;
    },
    time(iso) {
      const p = parts(iso);
      return `${p['hour'] ?? ''}:${p['minute'] ?? ''}`;
    },
  };
}
