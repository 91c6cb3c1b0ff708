/**
 * Times on screen read the studio's wall clock, never the computer's: a desk in a browser
 * set to UTC must show a Denver studio's 6:00 AM class as 6:00 AM. One 12-hour style
 * everywhere ("6:05 AM", "Dec 4, 6:05 AM", "Fri, Dec 4, 2026"). Pure, so tested alone.
 */
export interface StudioClock {
  /** The IANA zone the times are shown in. */
  readonly timeZone: string;
  /** "6:05 AM"; "never" for null. */
  time(iso: string | null): string;
  /** "Dec 4, 6:05 AM"; "—" for null. */
  dateTime(iso: string | null): string;
  /** "Fri, Dec 4, 2026"; "—" for null. */
  date(iso: string | null): string;
  /** The studio's calendar day of an instant, as YYYY-MM-DD. */
  day(at: Date): string;
}

/** Whether the runtime knows the zone (an unknown one would throw on every format). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function studioClock(timeZone: string): StudioClock {
  const zone = isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  const timeFormat = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  });
  const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  });
  const dateFormat = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  });
  // en-CA spells a date as YYYY-MM-DD.
  const dayFormat = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const readable = (iso: string | null): Date | null => {
    if (iso === null) return null;
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? null : at;
  };
  return {
    timeZone: zone,
    time: (iso) => {
      const at = readable(iso);
      return at ? timeFormat.format(at) : 'never';
    },
    dateTime: (iso) => {
      const at = readable(iso);
      return at ? dateTimeFormat.format(at) : '—';
    },
    date: (iso) => {
      const at = readable(iso);
      return at ? dateFormat.format(at) : '—';
    },
    day: (at) => dayFormat.format(at),
  };
}
