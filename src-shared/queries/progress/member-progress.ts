import type { Kysely } from 'kysely';
import {
  ATTENDANCE_MILESTONES,
  readEntryMetadata,
  type EntryMetadata,
  type MetricAggregation,
  type MetricCategory,
} from '../../mutations/progress/progress-fields';
import type { Database } from '../../schema/catalog';
import { memberNames } from '../front-desk/member-names';

/** How many entries each metric shows on the member page. */
export const HISTORY_PER_METRIC = 5;

export interface ProgressEntryView {
  readonly entryId: string;
  readonly value: number;
  readonly label: string | null;
  readonly recordedAt: string;
  readonly source: Database['member_progress_entries']['source'];
  /** Staff-only: null in the student view. */
  readonly note: string | null;
  readonly recordedByName: string | null;
  readonly recordedById: string | null;
  readonly loggedAt: string | null;
}

export interface MetricProgress {
  readonly metricId: string;
  readonly name: string;
  readonly category: MetricCategory;
  readonly unit: string;
  readonly icon: string | null;
  readonly aggregation: MetricAggregation;
  readonly visibleToStudents: boolean;
  /** The latest entry's value; for attendance, the check-in count; null before any entry. */
  readonly latestValue: number | null;
  readonly latestLabel: string | null;
  readonly latestAt: string | null;
  /** The member's entries summed up by the metric's aggregation (for attendance, the count). */
  readonly aggregateValue: number | null;
  /** Attendance only: the milestones reached, and the next one. */
  readonly milestonesReached: readonly number[];
  readonly nextMilestone: number | null;
  readonly history: readonly ProgressEntryView[];
}

/** A member's classes attended: their bookings checked in (R21.3). Read, never written. */
async function checkInCount(db: Kysely<Database>, tenantId: string, memberId: string) {
  const row = await db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'confirmed')
    .where('member_id', '=', memberId)
    .where('checked_in_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

type EntryRow = Pick<
  Database['member_progress_entries'],
  'id' | 'value' | 'recorded_at' | 'source' | 'metadata'
>;

interface EntryTotals {
  readonly count: number;
  readonly sum: number;
  readonly max: number | null;
  readonly min: number | null;
}

/** A metric's entries for a member summed up in the database, however many there are. */
async function entryTotals(
  db: Kysely<Database>,
  tenantId: string,
  memberId: string,
  metricId: string,
): Promise<EntryTotals> {
  const row = await db
    .selectFrom('member_progress_entries')
    .select((eb) => [
      eb.fn.countAll<string | number>().as('count'),
      eb.fn.sum<string | number | null>('value').as('sum'),
      eb.fn.max<string | number | null>('value').as('max'),
      eb.fn.min<string | number | null>('value').as('min'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .where('metric_definition_id', '=', metricId)
    .executeTakeFirstOrThrow();
  // node-postgres answers counts and sums as strings.
  const number = (v: string | number | null) => (v === null ? null : Number(v));
  return {
    count: Number(row.count),
    sum: number(row.sum) ?? 0,
    max: number(row.max),
    min: number(row.min),
  };
}

function aggregate(how: MetricAggregation, totals: EntryTotals, latest: number | null) {
  if (how === 'count') return totals.count;
  if (totals.count === 0) return null;
  switch (how) {
    case 'latest':
      return latest;
    case 'max':
      return totals.max;
    case 'min':
      return totals.min;
    case 'sum':
      return totals.sum;
    case 'average':
      return Math.round(totals.sum / totals.count);
  }
}

/**
 * A member's progress (R21.4): each active metric of the studio in its order, with the
 * latest value and a short history. The student view keeps only metrics visible to
 * students, and leaves out staff notes and who logged an entry.
 */
export async function memberProgress(
  db: Kysely<Database>,
  tenantId: string,
  memberId: string,
  options: { readonly studentView: boolean; readonly historyLimit?: number },
): Promise<readonly MetricProgress[]> {
  let metricsQuery = db
    .selectFrom('progress_metric_definitions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('active', '=', 1);
  if (options.studentView) metricsQuery = metricsQuery.where('visible_to_students', '=', 1);
  const metrics = await metricsQuery.orderBy('display_order').orderBy('name').execute();
  if (metrics.length === 0) return [];
  const limit = options.historyLimit ?? HISTORY_PER_METRIC;
  // Each metric's own latest entries: a busy metric never crowds another out of the page.
  // One at a time: a transaction's queries share one connection.
  const perMetric: { rows: { row: EntryRow; meta: EntryMetadata }[]; totals?: EntryTotals }[] = [];
  for (const m of metrics) {
    if (m.category === 'attendance') {
      perMetric.push({ rows: [] });
      continue;
    }
    const rows = await db
      .selectFrom('member_progress_entries')
      .select(['id', 'value', 'recorded_at', 'source', 'metadata'])
      .where('tenant_id', '=', tenantId)
      .where('member_id', '=', memberId)
      .where('metric_definition_id', '=', m.id)
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    perMetric.push({
      rows: rows.map((row) => ({ row, meta: readEntryMetadata(row.metadata) })),
      totals: await entryTotals(db, tenantId, memberId, m.id),
    });
  }
  const names = options.studentView
    ? new Map<string, string>()
    : await memberNames(
        db,
        tenantId,
        perMetric.flatMap((p) => p.rows.map((v) => v.meta.recordedBy ?? null)),
      );
  const attended = metrics.some((m) => m.category === 'attendance')
    ? await checkInCount(db, tenantId, memberId)
    : 0;
  return metrics.map((m, index): MetricProgress => {
    const base = {
      metricId: m.id,
      name: m.name,
      category: m.category,
      unit: m.unit,
      icon: m.icon,
      aggregation: m.aggregation,
      visibleToStudents: m.visible_to_students === 1,
    };
    if (m.category === 'attendance') {
      return {
        ...base,
        latestValue: attended,
        latestLabel: null,
        latestAt: null,
        aggregateValue: attended,
        milestonesReached: ATTENDANCE_MILESTONES.filter((n) => attended >= n),
        nextMilestone: ATTENDANCE_MILESTONES.find((n) => attended < n) ?? null,
        history: [],
      };
    }
    const own = perMetric[index]?.rows ?? [];
    const totals = perMetric[index]?.totals ?? { count: 0, sum: 0, max: null, min: null };
    const latest = own[0];
    return {
      ...base,
      latestValue: latest?.row.value ?? null,
      latestLabel: latest?.meta.label ?? null,
      latestAt: latest?.row.recorded_at ?? null,
      aggregateValue: aggregate(m.aggregation, totals, latest?.row.value ?? null),
      milestonesReached: [],
      nextMilestone: null,
      history: own.map(({ row, meta }) => ({
        entryId: row.id,
        value: row.value,
        label: meta.label ?? null,
        recordedAt: row.recorded_at,
        source: row.source,
        note: options.studentView ? null : (meta.note ?? null),
        recordedById: options.studentView ? null : (meta.recordedBy ?? null),
        recordedByName: options.studentView ? null : (names.get(meta.recordedBy ?? '') ?? null),
        loggedAt: options.studentView ? null : (meta.loggedAt ?? null),
      })),
    };
  });
}
