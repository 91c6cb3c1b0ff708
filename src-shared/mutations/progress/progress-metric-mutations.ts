import { z } from 'zod';
import { found } from '../front-desk/desk-rules';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { defineMutation } from '../mutation-definition';
import {
  METRIC_AGGREGATIONS,
  METRIC_CATEGORIES,
  metricIcon,
  metricName,
  metricOrder,
  metricUnit,
} from './progress-fields';

const flag = (on: boolean) => (on ? (1 as const) : (0 as const));

/** A studio's new metric: a belt rank, a lift, a measurement, or classes attended (R21.1). */
export const defineMetric = defineMutation({
  name: 'progress.defineMetric',
  description: 'Adds a progress metric: name, category, unit, how entries add up, visibility.',
  args: z.strictObject({
    name: metricName,
    category: z.enum(METRIC_CATEGORIES),
    unit: metricUnit,
    icon: metricIcon.optional(),
    aggregation: z.enum(METRIC_AGGREGATIONS).default('latest'),
    visibleToStudents: z.boolean(),
    active: z.boolean().default(true),
    displayOrder: metricOrder.default(0),
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const metricId = ctx.newId();
    await ctx.db
      .insertInto('progress_metric_definitions')
      .values({
        id: metricId,
        tenant_id: ctx.tenantId,
        name: args.name,
        category: args.category,
        unit: args.unit,
        icon: args.icon ?? null,
        aggregation: args.aggregation,
        visible_to_students: flag(args.visibleToStudents),
        active: flag(args.active),
        display_order: args.displayOrder,
      })
      .execute();
    return { metricId };
  },
  audit: (args, result) => ({
    targetId: result.metricId,
    details: { name: args.name, category: args.category },
  }),
});

/**
 * Changes the fields given, and only those: two desks that changed different fields offline
 * both stand, and of two changes to one field the last to reach the server stands (R21.1).
 * A metric is never deleted (its entries point at it); it is made inactive.
 */
export const updateMetric = defineMutation({
  name: 'progress.updateMetric',
  description: 'Changes a progress metric’s name, category, unit, visibility, activity or order.',
  args: z.strictObject({
    metricId: z.uuid(),
    name: metricName.optional(),
    category: z.enum(METRIC_CATEGORIES).optional(),
    unit: metricUnit.optional(),
    icon: metricIcon.nullable().optional(),
    aggregation: z.enum(METRIC_AGGREGATIONS).optional(),
    visibleToStudents: z.boolean().optional(),
    active: z.boolean().optional(),
    displayOrder: metricOrder.optional(),
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    found(
      await ctx.db
        .selectFrom('progress_metric_definitions')
        .select('id')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', args.metricId)
        .executeTakeFirst(),
      `progress metric ${args.metricId}`,
    );
    const changes = {
      ...(args.name === undefined ? {} : { name: args.name }),
      ...(args.category === undefined ? {} : { category: args.category }),
      ...(args.unit === undefined ? {} : { unit: args.unit }),
      ...(args.icon === undefined ? {} : { icon: args.icon }),
      ...(args.aggregation === undefined ? {} : { aggregation: args.aggregation }),
      ...(args.visibleToStudents === undefined
        ? {}
        : { visible_to_students: flag(args.visibleToStudents) }),
      ...(args.active === undefined ? {} : { active: flag(args.active) }),
      ...(args.displayOrder === undefined ? {} : { display_order: args.displayOrder }),
    };
    if (Object.keys(changes).length > 0) {
      await ctx.db
        .updateTable('progress_metric_definitions')
        .set(changes)
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', args.metricId)
        .execute();
    }
    return { metricId: args.metricId, changed: Object.keys(changes) };
  },
  audit: (_args, result) => ({
    targetId: result.metricId,
    details: { changed: result.changed },
  }),
});
