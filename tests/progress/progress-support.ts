import type { Studio } from '../front-desk/front-desk-harness';
import { resultOf } from '../front-desk/front-desk-harness';

const COUNTED = ['progress_metric_definitions', 'member_progress_entries', 'audit_logs'] as const;

/** What a progress mutation can write: the metrics as they stand and the counts of rows. */
export async function progressFootprint(studio: Pick<Studio, 'db' | 'tenantId'>) {
  const counts = {} as Record<(typeof COUNTED)[number], number>;
  for (const table of COUNTED) {
    const row = await studio.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('tenant_id', '=', studio.tenantId)
      .executeTakeFirstOrThrow();
    // node-postgres answers count(*) as a string.
    counts[table] = Number(row.n);
  }
  const metrics = await studio.db
    .selectFrom('progress_metric_definitions')
    .selectAll()
    .where('tenant_id', '=', studio.tenantId)
    .orderBy('id')
    .execute();
  return { ...counts, metrics };
}

export const BELT = {
  name: 'Belt',
  category: 'rank',
  unit: 'level',
  aggregation: 'max',
  visibleToStudents: true,
  displayOrder: 1,
} as const;

export const WEIGHT = {
  name: 'Body weight',
  category: 'body',
  unit: 'kg',
  aggregation: 'latest',
  visibleToStudents: false,
  displayOrder: 2,
} as const;

export const CLASSES = {
  name: 'Classes attended',
  category: 'attendance',
  unit: 'classes',
  aggregation: 'count',
  visibleToStudents: true,
  displayOrder: 0,
} as const;

/** Defines a metric as the owner; returns its id. */
export async function defineMetric(
  studio: Pick<Studio, 'run'>,
  metric: Record<string, unknown>,
): Promise<string> {
  return resultOf<{ metricId: string }>(
    await studio.run('progress.defineMetric', metric, { as: 'owner' }),
  ).metricId;
}
