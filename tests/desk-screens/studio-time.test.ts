import { describe, expect, it } from 'vitest';
import { isKnownTimeZone, studioClock } from '../../src-renderer/desk/studio-time';

describe('times on screen read the studio’s wall clock', () => {
  // 13:05 UTC on 4 December is 6:05 in Denver (UTC-7 in winter).
  const instant = '2026-12-04T13:05:00.000Z';

  it('shows a Denver studio’s morning class at 6:05 AM whatever the computer’s zone', () => {
    const denver = studioClock('America/Denver');
    expect(denver.time(instant)).toBe('6:05 AM');
    expect(denver.dateTime(instant)).toBe('Dec 4, 6:05 AM');
    expect(denver.date(instant)).toBe('Fri, Dec 4, 2026');
  });

  it('puts a late-evening sale on the studio’s day, not UTC’s', () => {
    // 03:30 UTC on the 5th is still the 4th, 8:30 PM, in Denver.
    const denver = studioClock('America/Denver');
    expect(denver.day(new Date('2026-12-05T03:30:00.000Z'))).toBe('2026-12-04');
    expect(studioClock('Asia/Tokyo').day(new Date('2026-12-04T20:00:00.000Z'))).toBe('2026-12-05');
  });

  it('answers missing or unreadable times with a word, and an unknown zone with UTC', () => {
    const clock = studioClock('Mars/Olympus_Mons');
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(clock.timeZone).toBe('UTC');
    expect(clock.time(instant)).toBe('1:05 PM');
    expect(clock.time(null)).toBe('never');
    expect(clock.dateTime('not a time')).toBe('—');
    expect(clock.date(null)).toBe('—');
  });
});
