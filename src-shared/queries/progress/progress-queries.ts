import { z } from 'zod';
import type { MetricAggregation, MetricCategory } from '../../mutations/progress/progress-fields';
import { defineQuery } from '../query-definition';
import { HISTORY_PER_METRIC, memberProgress } from './member-progress';

export interface MetricDefinitionView {
  readonly metricId: string;
  readonly name: string;
  readonly category: MetricCategory;
  readonly unit: string;
  readonly icon: string | null;
  readonly aggregation: MetricAggregation;
  readonly visibleToStudents: boolean;
  readonly active: boolean;
  readonly displayOrder: number;
}

/** The studio's metrics, active and not, in their order (Studio › Catalogue › Progress). */
export const progressMetrics = defineQuery({
  name: 'progress.metrics',
  description: 'The studio’s progress metrics, active and inactive, in display order.',
  args: z.strictObject({}),
  async run({ db, tenantId }) {
    const rows = await db
      .selectFrom('progress_metric_definitions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('display_order')
      .orderBy('name')
      .orderBy('id')
      .execute();
    return {
      metrics: rows.map((m): MetricDefinitionView => ({
        metricId: m.id,
        name: m.name,
        category: m.category,
        unit: m.unit,
        icon: m.icon,
        aggregation: m.aggregation,
        visibleToStudents: m.visible_to_students === 1,
        active: m.active === 1,
        displayOrder: m.display_order,
      })),
    };
  },
});

/** A member's progress on each active metric; `studentView` shows what the member sees. */
export const memberProgressQuery = defineQuery({
  name: 'progress.ofMember',
  description: 'A member’s latest value and recent history on each active progress metric.',
  args: z.strictObject({
    memberId: z.uuid(),
    studentView: z.boolean().default(false),
    historyLimit: z.number().int().min(1).max(50).default(HISTORY_PER_METRIC),
  }),
  async run({ db, tenantId }, args) {
    return {
      memberId: args.memberId,
      studentView: args.studentView,
      metrics: await memberProgress(db, tenantId, args.memberId, args),
    };
  },
});

export const progressQueries = [progressMetrics, memberProgressQuery] as const;
