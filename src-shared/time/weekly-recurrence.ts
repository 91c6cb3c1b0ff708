import { loadRrule, type RruleModule } from './rrule-module';
import type { ByWeekday } from 'rrule';
import { floatingOf, localDateOf, localTimeOf, ZoneTime, type LocalDate } from './zone-time';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DAY_MS = 86_400_000;

/** Most occurrences a series with an end (a date or a count) may have: ten years weekly. */
export const MAX_SERIES_OCCURRENCES = 520;

/**
 * A class series' schedule as staff choose it: weekly on some days, every N weeks, at one
 * wall-clock time in the studio's zone, until a date, for N times or open-ended, less some
 * dates. A 6:00 class stays at 6:00 across daylight saving changes.
 */
export interface WeeklyRecurrence {
  /** IANA zone the times are in: the location's. */
  readonly timeZone: string;
  /** The series starts on this date (its first occurrence is the first chosen day from it). */
  readonly firstDate: LocalDate;
  /** `HH:mm`, 24-hour, local. */
  readonly startTime: string;
  readonly weekdays: readonly Weekday[];
  readonly intervalWeeks: number;
  /** The last date an occurrence may fall on; null with a count or open-ended. */
  readonly until: LocalDate | null;
  /** How many occurrences, excluded ones included (RFC 5545 COUNT); null otherwise. */
  readonly count: number | null;
  /** Dates the series skips (exceptions). */
  readonly excludedDates: readonly LocalDate[];
}

/** One occurrence: its local date (which names it within the series) and its instant. */
export interface Occurrence {
  readonly localDate: LocalDate;
  /** UTC epoch milliseconds. */
  readonly startMs: number;
}

/** A recurrence that cannot be a schedule; the message is a sentence staff can act on. */
export class RecurrenceError extends Error {
  override readonly name = 'RecurrenceError';
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `20261207T060000` of a floating time. */
function basicOf(floating: number): string {
  const d = new Date(floating);
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
  );
}

const sortedWeekdays = (days: readonly Weekday[]) => WEEKDAYS.filter((day) => days.includes(day));

/** Refuses a recurrence that names an impossible date, time, zone or combination. */
export function checkRecurrence(recurrence: WeeklyRecurrence): void {
  const { firstDate, startTime, until, count } = recurrence;
  if (Number.isNaN(floatingOf(firstDate, startTime))) {
    throw new RecurrenceError(`${firstDate} at ${startTime} is not a date and time`);
  }
  if (recurrence.weekdays.length === 0) throw new RecurrenceError('choose at least one weekday');
  if (!Number.isInteger(recurrence.intervalWeeks) || recurrence.intervalWeeks < 1) {
    throw new RecurrenceError('the series repeats every 1 or more whole weeks');
  }
  if (until !== null && count !== null) {
    throw new RecurrenceError('a series ends on a date or after a number of times, not both');
  }
  if (until !== null && (Number.isNaN(floatingOf(until)) || until < firstDate)) {
    throw new RecurrenceError(`the end date ${until} is not a date on or after ${firstDate}`);
  }
  if (count !== null && (!Number.isInteger(count) || count < 1 || count > MAX_SERIES_OCCURRENCES)) {
    throw new RecurrenceError(`a series runs 1 to ${MAX_SERIES_OCCURRENCES} times, not ${count}`);
  }
  const badDate = recurrence.excludedDates.find((date) => Number.isNaN(floatingOf(date)));
  if (badDate !== undefined) throw new RecurrenceError(`${badDate} is not a date to skip`);
}

/**
 * The RFC 5545 text kept in class_series.recurrence_rule: `DTSTART;TZID=America/Denver:
 * 20261207T060000` and `RRULE:FREQ=WEEKLY;…`. DTSTART is local time in the zone, so
 * occurrences keep their wall-clock time; UNTIL is UTC, as RFC 5545 requires with a TZID
 * (the end of the last day, in the zone). Excluded dates are kept beside it, not in it.
 */
export function formatRecurrence(recurrence: WeeklyRecurrence, zones = new ZoneTime()): string {
  checkRecurrence(recurrence);
  const parts = ['FREQ=WEEKLY', `INTERVAL=${recurrence.intervalWeeks}`, 'WKST=MO'];
  parts.push(`BYDAY=${sortedWeekdays(recurrence.weekdays).join(',')}`);
  if (recurrence.until !== null) {
    const lastMoment = floatingOf(recurrence.until) + DAY_MS - 1000;
    parts.push(`UNTIL=${basicOf(zones.toUtc(recurrence.timeZone, lastMoment))}Z`);
  }
  if (recurrence.count !== null) parts.push(`COUNT=${recurrence.count}`);
  const start = basicOf(floatingOf(recurrence.firstDate, recurrence.startTime));
  return `DTSTART;TZID=${recurrence.timeZone}:${start}\nRRULE:${parts.join(';')}`;
}

interface ParsedRule {
  readonly rule: InstanceType<RruleModule['RRule']>;
  readonly timeZone: string;
}

/** Any single RRULE with a zoned DTSTART, turned into a rule over floating time. */
function parseRuleText(text: string, zones: ZoneTime): ParsedRule {
  const rrule = loadRrule();
  let parsed: unknown;
  try {
    parsed = rrule.rrulestr(text);
  } catch (error) {
    throw new RecurrenceError(`the recurrence rule cannot be read: ${String(error)}`);
  }
  if (!(parsed instanceof rrule.RRule)) {
    throw new RecurrenceError('the recurrence rule must be a single RRULE');
  }
  const { tzid, dtstart, until, ...rest } = parsed.origOptions;
  if (!tzid || !dtstart) {
    throw new RecurrenceError(
      'the recurrence rule needs a DTSTART with a TZID (the studio’s zone)',
    );
  }
  // rrule expands TZID rules against the process's zone: expand in floating time instead and
  // place each occurrence in the zone afterwards, the same on every machine.
  const rule = new rrule.RRule({
    ...rest,
    dtstart,
    until: until ? new Date(zones.toFloating(tzid, until.getTime())) : null,
    tzid: null,
  });
  return { rule, timeZone: tzid };
}

/**
 * The occurrences of a stored rule starting in [fromMs, toMs), earliest first, less the
 * excluded dates. Works for any single RRULE (the demo's monthly ones too).
 */
export function occurrencesBetween(
  ruleText: string,
  excludedDates: readonly LocalDate[],
  fromMs: number,
  toMs: number,
  zones = new ZoneTime(),
): Occurrence[] {
  const { rule, timeZone } = parseRuleText(ruleText, zones);
  const skipped = new Set(excludedDates);
  // A day of slack either side covers every UTC offset; exact bounds are applied after.
  return rule
    .between(new Date(fromMs - DAY_MS), new Date(toMs + DAY_MS), true)
    .map((floating) => ({
      localDate: localDateOf(floating.getTime()),
      startMs: zones.toUtc(timeZone, floating.getTime()),
    }))
    .filter((o) => o.startMs >= fromMs && o.startMs < toMs && !skipped.has(o.localDate));
}

/**
 * How many occurrences a rule has before `beforeDate`, excluded ones included: what a
 * counted series has used up when it is split there.
 */
export function occurrencesBefore(ruleText: string, beforeDate: LocalDate, zones = new ZoneTime()) {
  const { rule } = parseRuleText(ruleText, zones);
  const limit = floatingOf(beforeDate);
  let seen = 0;
  rule.all((date) => {
    if (date.getTime() >= limit || seen > MAX_SERIES_OCCURRENCES) return false;
    seen++;
    return true;
  });
  return seen;
}

/**
 * Checks that a recurrence is a schedule: it has at least one occurrence that is not
 * excluded, and, when it ends, no more than MAX_SERIES_OCCURRENCES. Returns the rule text.
 */
export function validRecurrenceRule(recurrence: WeeklyRecurrence, zones = new ZoneTime()): string {
  const text = formatRecurrence(recurrence, zones);
  const { rule } = parseRuleText(text, zones);
  const skipped = new Set(recurrence.excludedDates);
  const ends = recurrence.until !== null || recurrence.count !== null;
  let total = 0;
  let kept = 0;
  // Open-ended rules are judged on their first year, which always holds an occurrence.
  const horizon = ends ? Infinity : floatingOf(recurrence.firstDate) + 366 * DAY_MS;
  rule.all((date) => {
    if (date.getTime() >= horizon) return false;
    total++;
    if (!skipped.has(localDateOf(date.getTime()))) kept++;
    return total <= MAX_SERIES_OCCURRENCES;
  });
  if (ends && total > MAX_SERIES_OCCURRENCES) {
    throw new RecurrenceError(
      `the series would have more than ${MAX_SERIES_OCCURRENCES} classes; end it sooner`,
    );
  }
  if (kept === 0) {
    throw new RecurrenceError(
      'the series has no classes: no chosen weekday falls between its first and last date, or every one is skipped',
    );
  }
  return text;
}

/** A plain weekday of a parsed rule; null for "the first Monday" and the like. */
function weekdayOf(day: ByWeekday): Weekday | null {
  if (typeof day === 'string') return WEEKDAYS.find((known) => known === day) ?? null;
  if (typeof day === 'number') return WEEKDAYS[day] ?? null;
  return day.n ? null : (WEEKDAYS[day.weekday] ?? null);
}

/**
 * Reads a stored weekly rule back into the fields staff edit. Refuses rules these screens do
 * not make (monthly ones from the demo, say): such a series can be extended and ended only.
 */
export function parseWeeklyRecurrence(
  ruleText: string,
  excludedDates: readonly LocalDate[],
  zones = new ZoneTime(),
): WeeklyRecurrence {
  const rrule = loadRrule();
  const { rule, timeZone } = parseRuleText(ruleText, zones);
  const options = rule.origOptions;
  const byDay = options.byweekday;
  const days = (
    Array.isArray(byDay) ? byDay : byDay === undefined || byDay === null ? [] : [byDay]
  ).map(weekdayOf);
  const start = options.dtstart;
  if (
    options.freq !== rrule.RRule.WEEKLY ||
    start === undefined ||
    start === null ||
    days.length === 0 ||
    days.some((day) => day === null)
  ) {
    throw new RecurrenceError('only weekly series on chosen days can be edited');
  }
  const untilFloating = options.until?.getTime();
  return {
    timeZone,
    firstDate: localDateOf(start.getTime()),
    startTime: localTimeOf(start.getTime()),
    weekdays: sortedWeekdays(days.filter((day): day is Weekday => day !== null)),
    intervalWeeks: options.interval ?? 1,
    until: untilFloating === undefined ? null : localDateOf(untilFloating),
    count: options.count ?? null,
    excludedDates: [...excludedDates].sort(),
  };
}
