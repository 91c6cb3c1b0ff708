import type { QueryResult } from '../../../src-shared/bridge/desk-operations';

export type MetricDefinition = QueryResult<'progress.metrics'>['metrics'][number];
export type MetricProgressView = QueryResult<'progress.ofMember'>['metrics'][number];
export type MetricCategory = MetricDefinition['category'];
export type MetricAggregation = MetricDefinition['aggregation'];

export const CATEGORY_OPTIONS: readonly (readonly [MetricCategory, string])[] = [
  ['rank', 'Belt or level'],
  ['attendance', 'Classes attended (counted from check-ins)'],
  ['skill', 'Skill'],
  ['strength', 'Strength'],
  ['cardio', 'Cardio'],
  ['flexibility', 'Flexibility'],
  ['body', 'Body measurement'],
  ['custom', 'Other'],
];

export const AGGREGATION_OPTIONS: readonly (readonly [MetricAggregation, string])[] = [
  ['latest', 'Latest entry'],
  ['max', 'Best (highest)'],
  ['min', 'Best (lowest)'],
  ['sum', 'Total'],
  ['average', 'Average'],
  ['count', 'Number of entries'],
];

export function categoryLabel(category: MetricCategory): string {
  return CATEGORY_OPTIONS.find(([c]) => c === category)?.[1] ?? category;
}

/** "Blue belt (3 level)", "72 kg", or "—" before anything is logged. */
export function valueText(value: number | null, unit: string, label: string | null): string {
  if (value === null) return '—';
  const measured = `${value} ${unit}`.trim();
  return label === null ? measured : `${label} (${measured})`;
}
