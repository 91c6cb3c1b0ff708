import { loadRrule } from '../src-shared/time/rrule-module';
import {
  DAY_MS,
  formatFloating,
  formatUtcBasic,
  type FloatingMs,
  type ZoneClock,
} from './demo-time';

const rrule = loadRrule();

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
 * The UTC start of every occurrence of `ruleText` in [fromMs, toMs), in order. rrule expands
 * TZID rules relative to the process's own zone, so the rule is expanded in floating time
 * and each occurrence placed in its zone with `zones`: the result is the same on any machine.
 */
export function expandRecurrence(
  ruleText: string,
  fromMs: number,
  toMs: number,
  zones: ZoneClock,
): number[] {
  const parsed = rrule.rrulestr(ruleText);
  if (!(parsed instanceof rrule.RRule)) throw new Error(`not a single RRULE: ${ruleText}`);
  const { tzid, dtstart, until, ...rest } = parsed.origOptions;
  if (!tzid || !dtstart) throw new Error(`series rules need DTSTART with a TZID: ${ruleText}`);
  const floating = new rrule.RRule({
    ...rest,
    dtstart,
    until: until ? new Date(zones.toFloating(tzid, until.getTime())) : null,
    tzid: null,
  });
  // A day of slack either side covers every UTC offset; exact bounds are applied after.
  return floating
    .between(new Date(fromMs - DAY_MS), new Date(toMs + DAY_MS), true)
    .map((occurrence) => zones.toUtc(tzid, occurrence.getTime()))
    .filter((startMs) => startMs >= fromMs && startMs < toMs);
}
