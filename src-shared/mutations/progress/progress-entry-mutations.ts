import { z } from 'zod';
import { deskOnly, found } from '../front-desk/desk-rules';
import { ATTENDANCE_ROLES, hasAnyRole, MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { defineMutation, MutationRefusal, type MutationContext } from '../mutation-definition';
import {
  AUTHOR_UNDO_MS,
  levelLabel,
  progressNote,
  progressValue,
  readEntryMetadata,
  type EntryMetadata,
} from './progress-fields';

/** A few minutes of clock drift between desks; an entry further ahead is a mistyped date. */
const FUTURE_SLACK_MS = 5 * 60 * 1000;

async function loggableMetric(ctx: MutationContext, metricId: string) {
  const metric = found(
    await ctx.db
      .selectFrom('progress_metric_definitions')
      .select(['id', 'name', 'category', 'active'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', metricId)
      .executeTakeFirst(),
    `progress metric ${metricId}`,
  );
  // Attendance is counted from check-ins (R21.3): an entry would count a class twice.
  if (metric.category === 'attendance') {
    throw new MutationRefusal(
      'invalid',
      `${metric.name} counts check-ins by itself; it is not logged by hand`,
    );
  }
  // A metric made inactive at another desk meanwhile: the server keeps what this desk logged.
  deskOnly(ctx, metric.active === 1, `${metric.name} is no longer in use`);
  return metric;
}

/**
 * One entry against a metric for a member (R21.2): a lift, a measurement, a belt (the value
 * is the level number, the label its name). Entries are rows of their own and never merge:
 * two desks logging for one member offline both stand.
 */
export const logProgress = defineMutation({
  name: 'progress.log',
  description: 'Logs a member’s progress on a metric: a value, a level’s name, a note.',
  args: z.strictObject({
    memberId: z.uuid(),
    metricId: z.uuid(),
    value: progressValue,
    /** When it happened; left out, now. */
    recordedAt: z.iso
      .datetime({ offset: true })
      .transform((at) => new Date(at).toISOString())
      .optional(),
    label: levelLabel.optional(),
    note: progressNote.optional(),
  }),
  roles: ATTENDANCE_ROLES,
  async run(ctx, args) {
    const metric = await loggableMetric(ctx, args.metricId);
    found(
      await ctx.db
        .selectFrom('tenant_members')
        .select('id')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', args.memberId)
        .executeTakeFirst(),
      `member ${args.memberId}`,
    );
    const recordedAt = args.recordedAt ?? ctx.at;
    deskOnly(
      ctx,
      Date.parse(recordedAt) <= Date.parse(ctx.at) + FUTURE_SLACK_MS,
      'progress cannot be logged for a time still to come',
      'invalid',
    );
    const metadata: EntryMetadata = {
      ...(args.label === undefined ? {} : { label: args.label }),
      ...(args.note === undefined ? {} : { note: args.note }),
      recordedBy: ctx.actor.memberId,
      loggedAt: ctx.at,
    };
    const entryId = ctx.newId();
    await ctx.db
      .insertInto('member_progress_entries')
      .values({
        id: entryId,
        tenant_id: ctx.tenantId,
        member_id: args.memberId,
        metric_definition_id: metric.id,
        value: args.value,
        recorded_at: recordedAt,
        source: 'manual',
        metadata: JSON.stringify(metadata),
      })
      .execute();
    return { entryId };
  },
  audit: (args, result) => ({
    targetId: result.entryId,
    details: { memberId: args.memberId, metricId: args.metricId, value: args.value },
  }),
});

/**
 * Takes back a mistaken entry (R21.2): an owner or manager any time, its author within 24
 * hours of logging it. The row is deleted; the audit chain keeps who removed what. An entry
 * already gone (removed at another desk) is nothing to do.
 */
export const removeProgress = defineMutation({
  name: 'progress.remove',
  description: 'Removes a mistaken progress entry (a manager, or its author within a day).',
  args: z.strictObject({ entryId: z.uuid() }),
  roles: ATTENDANCE_ROLES,
  async run(ctx, args) {
    const entry = await ctx.db
      .selectFrom('member_progress_entries')
      .select(['id', 'member_id', 'value', 'metadata', 'source'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', args.entryId)
      .executeTakeFirst();
    if (entry === undefined) {
      deskOnly(ctx, false, `progress entry ${args.entryId} does not exist`, 'not_found');
      return { entryId: args.entryId, removed: false };
    }
    const meta = readEntryMetadata(entry.metadata);
    const ownRecent =
      meta.recordedBy === ctx.actor.memberId &&
      meta.loggedAt !== undefined &&
      Date.parse(ctx.at) - Date.parse(meta.loggedAt) <= AUTHOR_UNDO_MS;
    if (!hasAnyRole(ctx.actor, MANAGER_ROLES) && !ownRecent) {
      throw new MutationRefusal(
        'forbidden',
        'only a manager, or its author within a day, may remove a progress entry',
      );
    }
    await ctx.db
      .deleteFrom('member_progress_entries')
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', entry.id)
      .execute();
    return { entryId: entry.id, removed: true, memberId: entry.member_id, value: entry.value };
  },
  audit: (args, result) => ({
    targetId: args.entryId,
    details: { removed: result.removed },
  }),
});
