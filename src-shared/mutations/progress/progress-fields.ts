import { z } from 'zod';
import type { Database } from '../../schema/catalog';

export type MetricCategory = Database['progress_metric_definitions']['category'];
export type MetricAggregation = Database['progress_metric_definitions']['aggregation'];

/** The seed's categories. `attendance` is counted from check-ins, never logged (R21.3). */
export const METRIC_CATEGORIES = [
  'attendance',
  'strength',
  'cardio',
  'flexibility',
  'skill',
  'rank',
  'body',
  'custom',
] as const satisfies readonly MetricCategory[];

export const METRIC_AGGREGATIONS = [
  'latest',
  'max',
  'min',
  'sum',
  'average',
  'count',
] as const satisfies readonly MetricAggregation[];

/** Classes attended at which a member reaches a milestone (issue 20). */
export const ATTENDANCE_MILESTONES = [10, 25, 50, 100, 250, 500] as const;

/** An author may take back their own entry for this long; a manager always may (R21.2). */
export const AUTHOR_UNDO_MS = 24 * 60 * 60 * 1000;

/** Entries larger than this are typing mistakes, not measurements; the column is an integer. */
export const MAX_PROGRESS_VALUE = 1_000_000_000;

export const metricName = z.string().trim().min(1, 'the metric needs a name').max(80);
export const metricUnit = z.string().trim().max(20);
export const metricIcon = z.string().trim().min(1).max(40);
export const metricOrder = z.number().int().min(0).max(10_000);

export const progressValue = z
  .number()
  .int('a progress value is a whole number')
  .min(-MAX_PROGRESS_VALUE)
  .max(MAX_PROGRESS_VALUE);
/** A level's name beside its number: "Blue belt" for level 3. */
export const levelLabel = z.string().trim().min(1).max(60);
export const progressNote = z.string().trim().min(1).max(500);

/**
 * What an entry's `metadata` holds. The author and the time it was logged ride here, not in
 * columns: the seed's table has them nowhere else, and no migration was needed (R21.2).
 */
export const entryMetadataSchema = z.object({
  label: z.string().optional(),
  note: z.string().optional(),
  recordedBy: z.string().optional(),
  loggedAt: z.string().optional(),
});
export type EntryMetadata = z.infer<typeof entryMetadataSchema>;

/** An entry's metadata as stored text; anything unreadable reads as empty, never throws. */
export function readEntryMetadata(text: string | null): EntryMetadata {
  if (text === null) return {};
  try {
    const parsed = entryMetadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
