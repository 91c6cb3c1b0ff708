import { occurrenceId } from '../src-shared/mutations/console/class-series-state';
import { occurrencesBetween } from '../src-shared/time/weekly-recurrence';
import { formatFloating, formatUtcBasic, type FloatingMs, type ZoneClock } from './demo-time';

export type RuleWeekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

/** A class series' schedule before it is written as RFC 5545 text. */
export interface SeriesRecurrence {
  readonly timeZone: string;
  /** The first occurrence as wall-clock time in the zone; it must fall on one of the days. */
  readonly firstStart: FloatingMs;
  readonly freq: 'WEEKLY' | 'MONTHLY';
  readonly interval: number;
  /** `MO`, or with an ordinal for monthly rules (`1SU` is the first Sunday). */
  readonly byDay: readonly string[];
  /** The last instant an occurrence may start (UTC, whole seconds); absent when open-ended. */
  readonly untilMs?: number;
}

/**
 * `DTSTART;TZID=America/Chicago:20260302T063000` + `RRULE:FREQ=WEEKLY;BYDAY=MO,WE`. The
 * start is local time in the zone, so classes keep their wall-clock time across daylight
 * saving changes; UNTIL is UTC, as RFC 5545 requires when DTSTART has a TZID.
 */
export function formatRecurrence(recurrence: SeriesRecurrence): string {
  const parts = [`FREQ=${recurrence.freq}`];
  if (recurrence.interval !== 1) parts.push(`INTERVAL=${recurrence.interval}`);
  parts.push(`BYDAY=${recurrence.byDay.join(',')}`);
  if (recurrence.untilMs !== undefined) parts.push(`UNTIL=${formatUtcBasic(recurrence.untilMs)}`);
  const start = formatFloating(recurrence.firstStart);
  return `DTSTART;TZID=${recurrence.timeZone}:${start}\nRRULE:${parts.join(';')}`;
}

/**
 * The UTC start of every occurrence of `ruleText` in [fromMs, toMs), in order: the product's
 * own expansion (`occurrencesBetween`, which classSeries.create and extend materialise), so
 * the demo's classes fall exactly where the desk and the server would put them.
 */
export function expandRecurrence(
  ruleText: string,
  fromMs: number,
  toMs: number,
  zones: ZoneClock,
): number[] {
  return occurrencesBetween(ruleText, [], fromMs, toMs, zones).map((o) => o.startMs);
}

/** A class of a demo series: the id and start the product gives that occurrence. */
export interface DemoOccurrence {
  readonly id: string;
  readonly startMs: number;
}

/**
 * The classes of a series starting in [fromMs, toMs), earliest first, as classSeries.create
 * and classSeries.extend make them (R11.1): the product's expansion, each named by the
 * series' lineage and local date. A demo series is never split, so it is its own lineage.
 * The server's horizon job and a desk extending the series then find these dates taken.
 */
export function seriesOccurrences(
  series: { readonly id: string; readonly ruleText: string },
  fromMs: number,
  toMs: number,
  zones: ZoneClock,
): DemoOccurrence[] {
  return occurrencesBetween(series.ruleText, [], fromMs, toMs, zones).map((o) => ({
    id: occurrenceId(series.id, o.localDate),
    startMs: o.startMs,
  }));
}
