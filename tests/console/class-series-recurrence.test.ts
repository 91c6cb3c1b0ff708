import { describe, expect, it } from 'vitest';
import {
  MAX_SERIES_OCCURRENCES,
  occurrencesBefore,
  occurrencesBetween,
  parseWeeklyRecurrence,
  RecurrenceError,
  validRecurrenceRule,
  type WeeklyRecurrence,
} from '../../src-shared/time/weekly-recurrence';
import { ZoneTime } from '../../src-shared/time/zone-time';

const ALL_TIME = [Date.parse('2000-01-01T00:00:00Z'), Date.parse('2100-01-01T00:00:00Z')] as const;

const weekly = (overrides: Partial<WeeklyRecurrence> = {}): WeeklyRecurrence => ({
  timeZone: 'America/Denver',
  firstDate: '2027-03-01',
  startTime: '06:00',
  weekdays: ['MO', 'WE'],
  intervalWeeks: 1,
  until: null,
  count: 8,
  excludedDates: [],
  ...overrides,
});

/** Every occurrence of a recurrence as `local date -> UTC start`. */
function expand(recurrence: WeeklyRecurrence): Record<string, string> {
  const text = validRecurrenceRule(recurrence);
  return Object.fromEntries(
    occurrencesBetween(text, recurrence.excludedDates, ...ALL_TIME).map((o) => [
      o.localDate,
      new Date(o.startMs).toISOString(),
    ]),
  );
}

/** The wall-clock time each occurrence starts at in the recurrence's own zone. */
function localTimes(recurrence: WeeklyRecurrence): string[] {
  const zones = new ZoneTime();
  return Object.values(expand(recurrence)).map((start) =>
    new Date(zones.toFloating(recurrence.timeZone, Date.parse(start))).toISOString().slice(11, 16),
  );
}

function refusal(recurrence: WeeklyRecurrence): string {
  try {
    validRecurrenceRule(recurrence);
  } catch (error) {
    if (error instanceof RecurrenceError) return error.message;
    throw error;
  }
  throw new Error('the recurrence was expected to be refused');
}

describe('weekly recurrence in the studio’s zone', () => {
  it('keeps a 6:00 class at 6:00 in Denver when clocks go forward in March', () => {
    // 2027-03-14: Denver moves from MST (UTC-7) to MDT (UTC-6).
    expect(expand(weekly({ firstDate: '2027-03-08', count: 4 }))).toEqual({
      '2027-03-08': '2027-03-08T13:00:00.000Z',
      '2027-03-10': '2027-03-10T13:00:00.000Z',
      '2027-03-15': '2027-03-15T12:00:00.000Z',
      '2027-03-17': '2027-03-17T12:00:00.000Z',
    });
  });

  it('keeps a 6:00 class at 6:00 in Denver when clocks go back in November', () => {
    // 2027-11-07: Denver moves from MDT (UTC-6) back to MST (UTC-7).
    const fall = weekly({ firstDate: '2027-11-01', count: 4 });
    expect(expand(fall)).toEqual({
      '2027-11-01': '2027-11-01T12:00:00.000Z',
      '2027-11-03': '2027-11-03T12:00:00.000Z',
      '2027-11-08': '2027-11-08T13:00:00.000Z',
      '2027-11-10': '2027-11-10T13:00:00.000Z',
    });
    expect(localTimes(fall)).toEqual(['06:00', '06:00', '06:00', '06:00']);
  });

  it('keeps one UTC time all year in a zone without daylight saving (Phoenix)', () => {
    const phoenix = weekly({ timeZone: 'America/Phoenix', firstDate: '2027-03-08', count: 4 });
    expect(Object.values(expand(phoenix))).toEqual([
      '2027-03-08T13:00:00.000Z',
      '2027-03-10T13:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
      '2027-03-17T13:00:00.000Z',
    ]);
    const november = weekly({ timeZone: 'America/Phoenix', firstDate: '2027-11-01', count: 4 });
    expect(new Set(localTimes(november))).toEqual(new Set(['06:00']));
  });

  it('skips excluded dates; a count still counts them (RFC 5545)', () => {
    expect(Object.keys(expand(weekly({ count: 4, excludedDates: ['2027-03-03'] })))).toEqual([
      '2027-03-01',
      '2027-03-08',
      '2027-03-10',
    ]);
  });

  it('runs every N weeks on the chosen days, from the first date on', () => {
    const fortnightly = weekly({
      firstDate: '2027-03-03',
      weekdays: ['FR', 'WE'],
      intervalWeeks: 2,
      count: 5,
    });
    expect(Object.keys(expand(fortnightly))).toEqual([
      '2027-03-03',
      '2027-03-05',
      '2027-03-17',
      '2027-03-19',
      '2027-03-31',
    ]);
  });

  it('ends on an end date (inclusive) or after N times', () => {
    expect(Object.keys(expand(weekly({ count: null, until: '2027-03-15' })))).toEqual([
      '2027-03-01',
      '2027-03-03',
      '2027-03-08',
      '2027-03-10',
      '2027-03-15',
    ]);
    expect(Object.keys(expand(weekly({ count: 3 })))).toHaveLength(3);
  });

  it('reads a stored rule back into the fields staff edit, and counts occurrences before a date', () => {
    const recurrence = weekly({
      weekdays: ['WE', 'MO'],
      intervalWeeks: 3,
      count: null,
      until: '2027-06-30',
      excludedDates: ['2027-03-22'],
    });
    const text = validRecurrenceRule(recurrence);
    expect(text).toBe(
      'DTSTART;TZID=America/Denver:20270301T060000\n' +
        'RRULE:FREQ=WEEKLY;INTERVAL=3;WKST=MO;BYDAY=MO,WE;UNTIL=20270701T055959Z',
    );
    expect(parseWeeklyRecurrence(text, recurrence.excludedDates)).toEqual({
      ...recurrence,
      weekdays: ['MO', 'WE'],
    });
    expect(occurrencesBefore(text, '2027-03-22')).toBe(2);
  });

  it('refuses a bad rule, a rule with no classes and one with too many, in words', () => {
    expect(refusal(weekly({ weekdays: [] }))).toBe('choose at least one weekday');
    expect(refusal(weekly({ startTime: '25:00' }))).toMatch(/is not a date and time/);
    expect(refusal(weekly({ firstDate: '2027-02-30' }))).toMatch(/is not a date and time/);
    expect(refusal(weekly({ until: '2027-04-01', count: 3 }))).toMatch(/not both/);
    expect(refusal(weekly({ count: null, until: '2027-02-01' }))).toMatch(/on or after/);
    expect(refusal(weekly({ count: null, until: '2027-03-01', weekdays: ['TU'] }))).toBe(
      'the series has no classes: no chosen weekday falls between its first and last date, or every one is skipped',
    );
    expect(refusal(weekly({ count: 1, excludedDates: ['2027-03-01'] }))).toMatch(/no classes/);
    expect(
      refusal(
        weekly({
          count: null,
          until: '2029-12-31',
          weekdays: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'],
        }),
      ),
    ).toBe(`the series would have more than ${MAX_SERIES_OCCURRENCES} classes; end it sooner`);
    expect(refusal(weekly({ count: MAX_SERIES_OCCURRENCES + 1 }))).toMatch(/1 to 520 times/);
  });
});
