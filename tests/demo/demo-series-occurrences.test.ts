// Issue 18, bench B6: the demo's classes are the product's series occurrences. A demo series
// copied into a studio and extended there by `classSeries.extend` gets exactly the classes
// the generator wrote for it (ids and starts, R11.1), and the product's horizon carries on
// from the demo's without making any of them twice.
import { describe, expect, it } from 'vitest';
import { DEMO_SCALE_PRESETS } from '../../demo-generator/demo-scale';
import { generateDemoTenant } from '../../demo-generator/generate-demo-tenant';
import type { Database } from '../../src-shared/schema/catalog';
import { BACKENDS, NOW, resultOf, useSeededStudio } from '../front-desk/front-desk-harness';

type SeriesRow = Database['class_series'];
type ClassRow = Database['classes'];

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** The demo is generated at the harness's own business time, so both make classes from NOW. */
const demo = (() => {
  const series: SeriesRow[] = [];
  const classes: ClassRow[] = [];
  for (const batch of generateDemoTenant({
    seed: 'series-occurrences',
    scale: DEMO_SCALE_PRESETS.small,
    now: NOW,
  })) {
    for (const row of batch.rows) {
      if (batch.table === 'class_series' && 'recurrence_rule' in row) series.push(row);
      if (batch.table === 'classes' && 'original_start' in row) classes.push(row);
    }
  }
  return { series, classes };
})();

/** One demo series of each kind of rule the generator writes. */
function seriesWithRule(pattern: RegExp): SeriesRow {
  const found = demo.series.find(
    (s) => pattern.test(s.recurrence_rule) && !s.recurrence_rule.includes('UNTIL='),
  );
  if (!found) throw new Error(`the demo has no open-ended series matching ${String(pattern)}`);
  return found;
}

const RULES = [
  ['weekly', /FREQ=WEEKLY;BYDAY=/],
  ['every second week', /FREQ=WEEKLY;INTERVAL=2;/],
  ['monthly', /FREQ=MONTHLY;/],
] as const;

const shape = (c: Pick<ClassRow, 'id' | 'start_time' | 'original_start' | 'created_at'>) => ({
  id: c.id,
  start_time: c.start_time,
  original_start: c.original_start,
  created_at: c.created_at,
});

describe.each(BACKENDS)(
  'the demo schedule is the product’s series occurrences on %s',
  (backend) => {
    const studio = useSeededStudio(backend);

    /** The demo series in the seeded studio, at its location, taught by nobody in particular. */
    async function copySeries(series: SeriesRow): Promise<void> {
      await studio.db
        .insertInto('class_series')
        .values({
          ...series,
          tenant_id: studio.tenantId,
          location_id: studio.locationId,
          instructor_id: null,
        })
        .execute();
    }

    const demoClassesOf = (series: SeriesRow, fromMs: number, toMs: number) =>
      demo.classes
        .filter((c) => c.series_id === series.id)
        .filter((c) => Date.parse(c.start_time) >= fromMs && Date.parse(c.start_time) < toMs);

    const productClassesOf = (seriesId: string) =>
      studio.db
        .selectFrom('classes')
        .select(['id', 'start_time', 'original_start', 'created_at'])
        .where('tenant_id', '=', studio.tenantId)
        .where('series_id', '=', seriesId)
        .orderBy('start_time')
        .execute();

    it.each(RULES)(
      'a %s series: classSeries.extend makes the classes the demo wrote, same ids and starts',
      async (_kind, pattern) => {
        const series = seriesWithRule(pattern);
        await copySeries(series);
        // A week ahead is inside the demo's horizon, and a horizon never shrinks (R11.1): the
        // product makes every class from NOW to the horizon the demo recorded for the series.
        await studio.run('classSeries.extend', { seriesId: series.id, weeks: 1 }, { as: 'owner' });
        const horizon = Date.parse(series.materialised_until ?? '');
        expect(horizon).toBeGreaterThan(Date.parse(NOW) + 4 * WEEK_MS);
        const expected = demoClassesOf(series, Date.parse(NOW), horizon);
        expect(expected.length).toBeGreaterThan(0);
        expect(await productClassesOf(series.id)).toEqual(expected.map(shape));
      },
    );

    it('extending past the demo’s horizon makes only the dates after it, none twice', async () => {
      const series = seriesWithRule(RULES[0][1]);
      await copySeries(series);
      const written = demoClassesOf(series, 0, Infinity);
      await studio.db
        .insertInto('classes')
        .values(
          written.map((c) => ({
            ...c,
            tenant_id: studio.tenantId,
            location_id: studio.locationId,
            instructor_id: null,
          })),
        )
        .execute();
      const horizon = Date.parse(series.materialised_until ?? '');
      expect(written.every((c) => Date.parse(c.start_time) < horizon)).toBe(true);

      const extended = resultOf<{ created: number }>(
        await studio.run('classSeries.extend', { seriesId: series.id, weeks: 12 }, { as: 'owner' }),
      );
      const after = await productClassesOf(series.id);
      const made = after.filter((c) => !written.some((w) => w.id === c.id));
      expect(extended.created).toBe(made.length);
      expect(made.length).toBeGreaterThan(0);
      expect(made.every((c) => Date.parse(c.start_time) >= horizon)).toBe(true);
      expect(new Set(after.map((c) => c.start_time.slice(0, 10))).size).toBe(after.length);
      // Running it again (the server's job after a desk's) changes nothing.
      await studio.run('classSeries.extend', { seriesId: series.id, weeks: 12 }, { as: 'owner' });
      expect(await productClassesOf(series.id)).toEqual(after);
    });
  },
);
