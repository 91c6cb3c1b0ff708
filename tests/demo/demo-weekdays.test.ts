// Issue 17 item 4: "on two weekdays the demo's Today is empty". Every location of the demo
// studio has classes on every weekday, whatever the seed, the day it is generated, or the size.
import { describe, expect, it } from 'vitest';
import { DEMO_SCALE_PRESETS } from '../../demo-generator/demo-scale';
import { generateDemoTenant } from '../../demo-generator/generate-demo-tenant';

type Row = Readonly<Record<string, unknown>>;

function weekdayOf(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(new Date(iso));
}

/** Per location, the weekdays of the coming week on which it has a scheduled class. */
function weekdaysWithClasses(seed: string, now: string): Map<string, Set<string>> {
  const locations: Row[] = [];
  const classes: Row[] = [];
  for (const batch of generateDemoTenant({ seed, scale: DEMO_SCALE_PRESETS.small, now })) {
    if (batch.table === 'locations') locations.push(...batch.rows);
    if (batch.table === 'classes') classes.push(...batch.rows);
  }
  const from = Date.parse(now);
  const to = from + 7 * 86_400_000;
  const days = new Map<string, Set<string>>();
  for (const location of locations) {
    const zone = String(location['time_zone']);
    const seen = new Set<string>();
    for (const c of classes) {
      const start = String(c['start_time']);
      if (c['location_id'] !== location['id'] || c['status'] !== 'scheduled') continue;
      if (Date.parse(start) < from || Date.parse(start) >= to) continue;
      seen.add(weekdayOf(start, zone));
    }
    days.set(String(location['name']), seen);
  }
  return days;
}

describe('issue 17 item 4: the demo schedule', () => {
  it.each([
    ['harbor-yoga', '2026-12-04T03:00:00.000Z'],
    ['lotus', '2026-11-26T12:00:00.000Z'],
    ['7', '2027-03-01T15:30:00.000Z'],
  ])('has classes every weekday at every location (seed %s, now %s)', (seed, now) => {
    const byLocation = weekdaysWithClasses(seed, now);
    expect(byLocation.size).toBeGreaterThan(0);
    for (const [name, days] of byLocation) {
      for (const weekday of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) {
        expect(days.has(weekday), `${name} on ${weekday}`).toBe(true);
      }
    }
  });
});
