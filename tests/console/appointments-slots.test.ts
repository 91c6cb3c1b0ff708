import { describe, expect, it } from 'vitest';
import {
  findFreeSlots,
  isWithinOpenTime,
  type SlotSearch,
  type WeeklyHours,
} from '../../src-shared/time/free-slots';
import { weekdayOf, zonedWallClock } from '../../src-shared/time/zoned-wall-clock';

const CHICAGO = 'America/Chicago';
const h = (hour: number, minute = 0) => hour * 60 + minute;
/** Monday to Friday, 09:00 to 17:00. */
const WEEKDAYS: WeeklyHours[] = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  startMinute: h(9),
  endMinute: h(17),
}));

const search = (overrides: Partial<SlotSearch>): SlotSearch => ({
  date: '2026-12-07',
  timeZone: CHICAGO,
  durationMinutes: 60,
  stepMinutes: 60,
  weeklyHours: WEEKDAYS,
  exceptions: [],
  busy: [],
  ...overrides,
});
const localTimes = (s: SlotSearch) => findFreeSlots(s).map((slot) => slot.localTime);

describe('the zone’s wall clock', () => {
  it('names ISO weekdays and reads instants on the zone’s clock', () => {
    expect(weekdayOf('2026-12-07')).toBe(1);
    expect(weekdayOf('2026-12-06')).toBe(7);
    const clock = zonedWallClock(CHICAGO);
    expect(clock.wallClockAt(Date.parse('2026-12-07T15:30:00Z'))).toEqual({
      date: '2026-12-07',
      minute: h(9, 30),
    });
    expect(new Date(clock.instantOf('2026-12-07', h(9))).toISOString()).toBe(
      '2026-12-07T15:00:00.000Z',
    );
    expect(new Date(clock.instantOf('2026-07-06', h(9))).toISOString()).toBe(
      '2026-07-06T14:00:00.000Z',
    );
  });

  it('reads a time the spring change skips an hour later, and a repeated one as its first occurrence', () => {
    const clock = zonedWallClock(CHICAGO);
    // 2026-03-08 02:00 CST became 03:00 CDT; 2026-11-01 02:00 CDT became 01:00 CST.
    expect(new Date(clock.instantOf('2026-03-08', h(2, 30))).toISOString()).toBe(
      '2026-03-08T08:30:00.000Z',
    );
    expect(new Date(clock.instantOf('2026-11-01', h(1, 30))).toISOString()).toBe(
      '2026-11-01T06:30:00.000Z',
    );
    expect(new Date(clock.instantOf('2026-11-01', 1440)).toISOString()).toBe(
      '2026-11-02T06:00:00.000Z',
    );
  });
});

describe('free slots', () => {
  it('fill a weekday’s hours in the location’s zone, none on a day without hours', () => {
    const slots = findFreeSlots(search({}));
    expect(slots).toHaveLength(8);
    expect(slots[0]).toEqual({
      startTime: '2026-12-07T15:00:00.000Z',
      endTime: '2026-12-07T16:00:00.000Z',
      localTime: '09:00',
    });
    expect(slots.at(-1)?.localTime).toBe('16:00');
    expect(findFreeSlots(search({ date: '2026-12-06' }))).toEqual([]);
    // A 45-minute service every 15 minutes: the last one ends at 17:00.
    const short = findFreeSlots(search({ durationMinutes: 45, stepMinutes: 15 }));
    expect(short).toHaveLength(30);
    expect(short.at(-1)?.localTime).toBe('16:15');
  });

  it('leave out what the staff member is busy with, and the past', () => {
    const busy = [
      // An appointment 10:30 to 11:30 and a class 14:00 to 15:15.
      { start: '2026-12-07T16:30:00.000Z', end: '2026-12-07T17:30:00.000Z' },
      { start: '2026-12-07T20:00:00.000Z', end: '2026-12-07T21:15:00.000Z' },
    ];
    expect(localTimes(search({ busy }))).toEqual(['09:00', '12:00', '13:00', '16:00']);
    expect(localTimes(search({ busy, notBefore: '2026-12-07T18:30:00.000Z' }))).toEqual([
      '13:00',
      '16:00',
    ]);
  });

  it('take time off (some hours, or the whole day) out, and add extra hours on the date they name', () => {
    const lunchOff = {
      date: '2026-12-07',
      kind: 'off',
      startMinute: h(12),
      endMinute: h(13),
    } as const;
    expect(localTimes(search({ exceptions: [lunchOff] }))).toEqual([
      '09:00',
      '10:00',
      '11:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
    const dayOff = { date: '2026-12-07', kind: 'off', startMinute: null, endMinute: null } as const;
    expect(findFreeSlots(search({ exceptions: [dayOff] }))).toEqual([]);
    // Another date's exception changes nothing here.
    expect(findFreeSlots(search({ exceptions: [{ ...dayOff, date: '2026-12-08' }] }))).toHaveLength(
      8,
    );
    const saturday = {
      date: '2026-12-12',
      kind: 'extra',
      startMinute: h(10),
      endMinute: h(12),
    } as const;
    expect(localTimes(search({ date: '2026-12-12', exceptions: [saturday] }))).toEqual([
      '10:00',
      '11:00',
    ]);
    // Extra hours that run on from the weekly ones make one longer block.
    const evening = {
      date: '2026-12-07',
      kind: 'extra',
      startMinute: h(17),
      endMinute: h(19),
    } as const;
    expect(
      localTimes(search({ exceptions: [evening], durationMinutes: 90, stepMinutes: 90 })),
    ).toEqual(['09:00', '10:30', '12:00', '13:30', '15:00', '16:30']);
  });

  it('follow the spring DST change: the skipped hour has no slot and the day is an hour shorter', () => {
    const night = [{ weekday: 7, startMinute: 0, endMinute: h(4) }];
    const slots = findFreeSlots(search({ date: '2026-03-08', weeklyHours: night }));
    expect(slots.map((s) => [s.startTime, s.localTime])).toEqual([
      ['2026-03-08T06:00:00.000Z', '00:00'],
      ['2026-03-08T07:00:00.000Z', '01:00'],
      ['2026-03-08T08:00:00.000Z', '03:00'],
    ]);
    // Every slot is a real hour long.
    for (const slot of slots) {
      expect(Date.parse(slot.endTime) - Date.parse(slot.startTime)).toBe(3_600_000);
    }
  });

  it('follow the autumn DST change: the repeated hour has two slots', () => {
    const night = [{ weekday: 7, startMinute: 0, endMinute: h(4) }];
    const slots = findFreeSlots(search({ date: '2026-11-01', weeklyHours: night }));
    expect(slots.map((s) => [s.startTime, s.localTime])).toEqual([
      ['2026-11-01T05:00:00.000Z', '00:00'],
      ['2026-11-01T06:00:00.000Z', '01:00'],
      ['2026-11-01T07:00:00.000Z', '01:00'],
      ['2026-11-01T08:00:00.000Z', '02:00'],
      ['2026-11-01T09:00:00.000Z', '03:00'],
    ]);
  });

  it('keep daytime hours on the wall clock across the change: 09:00 is 15:00Z in winter and 14:00Z in summer', () => {
    const sunday = [{ weekday: 7, startMinute: h(9), endMinute: h(10) }];
    expect(findFreeSlots(search({ date: '2026-03-01', weeklyHours: sunday }))[0]?.startTime).toBe(
      '2026-03-01T15:00:00.000Z',
    );
    expect(findFreeSlots(search({ date: '2026-03-08', weeklyHours: sunday }))[0]?.startTime).toBe(
      '2026-03-08T14:00:00.000Z',
    );
  });

  it('read a zone ahead of UTC on its own calendar day', () => {
    // Monday 09:00 in Auckland is Sunday 20:00 UTC.
    const slots = findFreeSlots(search({ timeZone: 'Pacific/Auckland' }));
    expect(slots[0]).toMatchObject({ startTime: '2026-12-06T20:00:00.000Z', localTime: '09:00' });
  });
});

describe('a chosen slot', () => {
  const within = (startTime: string, durationMinutes = 60, timeZone = CHICAGO) =>
    isWithinOpenTime({
      timeZone,
      startTime,
      durationMinutes,
      weeklyHours: WEEKDAYS,
      exceptions: [{ date: '2026-12-07', kind: 'off', startMinute: h(12), endMinute: h(13) }],
    });

  it('must lie inside open time on the location’s day, at any start (not only on a step)', () => {
    expect(within('2026-12-07T15:10:00.000Z')).toBe(true);
    expect(within('2026-12-07T22:00:00.000Z')).toBe(true);
    expect(within('2026-12-07T22:30:00.000Z')).toBe(false);
    expect(within('2026-12-07T14:30:00.000Z')).toBe(false);
    // Into the time off.
    expect(within('2026-12-07T17:30:00.000Z')).toBe(false);
    // Saturday.
    expect(within('2026-12-12T16:00:00.000Z')).toBe(false);
    expect(within('2026-12-06T20:00:00.000Z', 60, 'Pacific/Auckland')).toBe(true);
  });
});
