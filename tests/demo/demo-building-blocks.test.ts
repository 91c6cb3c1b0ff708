// The pieces the demo generator is built from: the seeded PRNG, timestamps, time zones,
// recurrence expansion and scale validation.
process.env['TZ'] = 'UTC';

import fc from 'fast-check';
import { rrulestr } from 'rrule';
import { describe, expect, it } from 'vitest';
import { resolveDemoScale } from '../../demo-generator/demo-scale';
import { DAY_MS, iso, parseIso, ZoneClock } from '../../demo-generator/demo-time';
import { SeededRandom } from '../../demo-generator/seeded-random';
import { expandRecurrence, formatRecurrence } from '../../demo-generator/series-recurrence';

const draws = (random: SeededRandom, n: number) =>
  Array.from({ length: n }, () => random.nextUint32());

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    expect(draws(SeededRandom.fromSeed(42), 50)).toEqual(draws(SeededRandom.fromSeed(42), 50));
    expect(draws(SeededRandom.fromSeed(42), 50)).not.toEqual(draws(SeededRandom.fromSeed(43), 50));
  });

  it('forks streams that do not depend on how much the parent has drawn', () => {
    const fresh = SeededRandom.fromSeed(7);
    const used = SeededRandom.fromSeed(7);
    draws(used, 1000);
    expect(draws(used.fork('bookings'), 20)).toEqual(draws(fresh.fork('bookings'), 20));
    expect(draws(fresh.fork('bookings'), 20)).not.toEqual(draws(fresh.fork('sales'), 20));
  });

  it('keeps its helpers in range', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.nat(1000),
        (seed, min, span) => {
          const random = SeededRandom.fromSeed(seed);
          const n = random.int(min, min + span);
          const x = random.float(min, min + span + 1);
          expect(n).toBeGreaterThanOrEqual(min);
          expect(n).toBeLessThanOrEqual(min + span);
          expect(Number.isInteger(n)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(min);
          expect(x).toBeLessThan(min + span + 1);
          expect(random.bytes(10)).toHaveLength(10);
          expect(random.poisson(3)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
    expect(() => SeededRandom.fromSeed(1).int(5, 4)).toThrow(RangeError);
  });

  it('never picks zero-weight items and shuffles into a permutation', () => {
    const random = SeededRandom.fromSeed('weights');
    const picks = Array.from({ length: 2000 }, () =>
      random.weighted([
        ['a', 1],
        ['b', 0],
        ['c', 3],
      ] as const),
    );
    expect(picks).not.toContain('b');
    const share = picks.filter((p) => p === 'c').length / picks.length;
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(0.8);
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(random.shuffle(items).sort((a, b) => a - b)).toEqual(items);
  });
});

describe('timestamps', () => {
  it('formats exactly as Date#toISOString', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_000_000_000_000, max: 253_402_300_799_999 }), (ms) => {
        expect(iso(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
    for (const ms of [0, 951_782_400_000, 951_868_799_999, 4_107_542_400_000]) {
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('parses only what it formats', () => {
    expect(parseIso('2026-11-26T12:00:00.000Z')).toBe(Date.UTC(2026, 10, 26, 12));
    expect(() => parseIso('2026-11-26T12:00:00Z')).toThrow(RangeError);
    expect(() => parseIso('yesterday')).toThrow(RangeError);
  });
});

describe('ZoneClock', () => {
  const zones = new ZoneClock();

  it('places wall-clock times in their zone on both sides of a daylight-saving change', () => {
    const wall = (y: number, m: number, d: number, h: number, min = 0) =>
      Date.UTC(y, m - 1, d, h, min);
    expect(iso(zones.toUtc('America/Chicago', wall(2026, 3, 7, 6, 30)))).toBe(
      '2026-03-07T12:30:00.000Z',
    );
    expect(iso(zones.toUtc('America/Chicago', wall(2026, 3, 9, 6, 30)))).toBe(
      '2026-03-09T11:30:00.000Z',
    );
    expect(iso(zones.toUtc('Europe/London', wall(2026, 10, 26, 9)))).toBe(
      '2026-10-26T09:00:00.000Z',
    );
    expect(iso(zones.toUtc('Australia/Sydney', wall(2026, 4, 5, 9)))).toBe(
      '2026-04-04T23:00:00.000Z',
    );
  });

  it('round-trips instants through wall-clock time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'America/New_York',
          'America/Denver',
          'America/Los_Angeles',
          'Asia/Kolkata',
        ),
        fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
        (zone, ms) => {
          const floating = zones.toFloating(zone, ms);
          // Only the repeated hour when clocks go back may resolve to the other instant.
          const back = zones.toUtc(zone, floating);
          expect(back === ms || Math.abs(back - ms) === 3_600_000).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('class series recurrence', () => {
  const zones = new ZoneClock();
  const from = Date.UTC(2026, 0, 1);
  const to = Date.UTC(2026, 11, 31);

  it.each([
    { freq: 'WEEKLY', interval: 1, byDay: ['MO', 'WE', 'FR'], start: Date.UTC(2025, 11, 1, 6, 30) },
    { freq: 'WEEKLY', interval: 2, byDay: ['SA'], start: Date.UTC(2025, 11, 6, 14) },
    { freq: 'MONTHLY', interval: 1, byDay: ['1SU'], start: Date.UTC(2025, 11, 7, 15) },
  ] as const)('expands $freq $byDay like rrule does', ({ freq, interval, byDay, start }) => {
    const zone = 'America/Denver';
    const untilMs = zones.toUtc(zone, Date.UTC(2026, 8, 30, 23, 59, 59));
    const text = formatRecurrence({
      timeZone: zone,
      firstStart: start,
      freq,
      interval,
      byDay,
      untilMs,
    });
    expect(text).toMatch(/^DTSTART;TZID=America\/Denver:\d{8}T\d{6}\nRRULE:FREQ=/);
    const ours = expandRecurrence(text, from, to, zones).map(iso);
    const theirs = rrulestr(text)
      .between(new Date(from), new Date(to - 1), true)
      .map((d) => d.toISOString());
    expect(ours.length).toBeGreaterThan(5);
    expect(ours).toEqual(theirs);
    expect(ours.every((t) => Date.parse(t) <= untilMs)).toBe(true);
  });

  it('gives the same instants whatever zone the process runs in', () => {
    const text = formatRecurrence({
      timeZone: 'America/New_York',
      firstStart: Date.UTC(2026, 0, 5, 18, 45),
      freq: 'WEEKLY',
      interval: 1,
      byDay: ['MO'],
    });
    const utc = expandRecurrence(text, from, from + 90 * DAY_MS, zones);
    process.env['TZ'] = 'Asia/Tokyo';
    try {
      expect(new Date(0).getTimezoneOffset()).toBe(-540);
      expect(expandRecurrence(text, from, from + 90 * DAY_MS, new ZoneClock())).toEqual(utc);
    } finally {
      process.env['TZ'] = 'UTC';
    }
  });
});

describe('resolveDemoScale', () => {
  it('applies overrides and names the result', () => {
    const scale = resolveDemoScale('medium', { members: 800, futureDays: 0 });
    expect(scale).toMatchObject({
      name: 'medium-custom',
      members: 800,
      locations: 4,
      futureDays: 0,
    });
    expect(resolveDemoScale('small').name).toBe('small');
  });

  it('refuses values out of range with the knob named', () => {
    expect(() => resolveDemoScale('small', { members: 0 })).toThrow(/members/);
    expect(() => resolveDemoScale('small', { historyDays: 1.5 })).toThrow(/historyDays/);
    expect(() => resolveDemoScale('small', { locations: 200 })).toThrow(/locations/);
    expect(() => resolveDemoScale('small', { members: 3, locations: 4 })).toThrow(/locations/);
  });
});
