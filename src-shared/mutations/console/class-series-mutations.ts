import { z } from 'zod';
import { ZoneTime } from '../../time/zone-time';
import { deskOnly } from '../front-desk/desk-rules';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { defineMutation, type MutationContext } from '../mutation-definition';
import { checkClassShape, checkPaymentOptions } from './class-rules';
import {
  activeSeriesBookings,
  bookingsSeenSchema,
  requireBookingsSeen,
} from './class-series-bookings';
import { createSeriesArgs, DEFAULT_HORIZON_WEEKS, horizonWeeks } from './class-series-fields';
import { dropOccurrence, materialiseOccurrences } from './class-series-occurrences';
import { findSeries, ruleTextOf, seriesState, type SeriesState } from './class-series-state';
import { updateClassSeries } from './class-series-update';
import { findLocation } from './location-mutations';

const WEEK_MS = 7 * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The later of the series' horizon and `weeks` from the call: a horizon never shrinks. */
function horizonOf(ctx: MutationContext, series: SeriesState, weeks: number): number {
  const wanted = Date.parse(ctx.at) + weeks * WEEK_MS;
  const held = series.row.materialised_until;
  return held === null ? wanted : Math.max(wanted, Date.parse(held));
}

/**
 * Schedules a weekly class series in the location's zone and makes its classes up to the
 * horizon (12 weeks by default). Nothing is written for a rule that cannot be a schedule:
 * a bad date, no class at all, more than the cap, or an unknown location, room or instructor.
 */
export const createClassSeries = defineMutation({
  name: 'classSeries.create',
  description:
    'Schedules a weekly class series (days, every N weeks, until a date or N times, skipped dates) and makes its classes ahead.',
  args: createSeriesArgs,
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const seriesId = ctx.newId();
    const location = await findLocation(ctx.db, ctx.tenantId, args.locationId);
    await checkClassShape(ctx, args, { room: true, instructor: true, capacity: true });
    await checkPaymentOptions(ctx, args.planIds, args.packDefinitionIds);
    const zones = new ZoneTime();
    const ruleText = ruleTextOf(
      {
        timeZone: location.time_zone,
        firstDate: args.firstDate,
        startTime: args.startTime,
        weekdays: args.weekdays,
        intervalWeeks: args.intervalWeeks,
        until: args.until,
        count: args.count,
        excludedDates: args.excludedDates,
      },
      zones,
    );
    const horizon = Date.parse(ctx.at) + args.horizonWeeks * WEEK_MS;
    const row = {
      id: seriesId,
      tenant_id: ctx.tenantId,
      title: args.title,
      recurrence_rule: ruleText,
      location_id: args.locationId,
      instructor_id: args.instructorId,
      duration_minutes: args.durationMinutes,
      capacity: args.capacity,
      created_at: ctx.at,
      room_id: args.roomId,
      drop_in_price: args.dropInPrice,
      time_zone: location.time_zone,
      plan_ids: JSON.stringify([...args.planIds].sort()),
      pack_definition_ids: JSON.stringify([...args.packDefinitionIds].sort()),
      excluded_dates: JSON.stringify([...args.excludedDates].sort()),
      materialised_until: iso(horizon),
      status: 'active',
      lineage_id: null,
    } as const;
    await ctx.db.insertInto('class_series').values(row).execute();
    const classIds = await materialiseOccurrences(
      ctx,
      zones,
      seriesState(row),
      Date.parse(ctx.at),
      horizon,
    );
    return { seriesId, classIds, materialisedUntil: row.materialised_until };
  },
  audit: (_args, result) => ({ targetId: result.seriesId }),
});

/**
 * Makes a series' classes up to `weeks` ahead of the call, or every active series' when none
 * is named. Idempotent: classes that exist are left alone, and their ids derive from the
 * series and date (R11.1), so a desk and the server's job running it make each class once.
 * Classes that already started are never made.
 */
export const extendClassSeries = defineMutation({
  name: 'classSeries.extend',
  description: 'Makes the classes of one series, or of every active series, up to the horizon.',
  args: z.strictObject({
    /** Omitted: every active series of the studio. */
    seriesId: z.uuid().optional(),
    weeks: horizonWeeks.default(DEFAULT_HORIZON_WEEKS),
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const rows =
      args.seriesId === undefined
        ? (
            await ctx.db
              .selectFrom('class_series')
              .selectAll()
              .where('tenant_id', '=', ctx.tenantId)
              .where((w) => w.or([w('status', 'is', null), w('status', '=', 'active')]))
              .where('location_id', 'is not', null)
              .orderBy('id')
              .execute()
          ).map(seriesState)
        : [await findSeries(ctx, args.seriesId)];
    const zones = new ZoneTime();
    const created: string[] = [];
    for (const series of rows) {
      if (!series.active) continue;
      const horizon = horizonOf(ctx, series, args.weeks);
      created.push(
        ...(await materialiseOccurrences(ctx, zones, series, Date.parse(ctx.at), horizon)),
      );
      if (series.row.materialised_until !== iso(horizon)) {
        await ctx.db
          .updateTable('class_series')
          .set({ materialised_until: iso(horizon) })
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', series.row.id)
          .execute();
      }
    }
    return { seriesIds: rows.map((s) => s.row.id), created: created.length };
  },
  audit: (args) => ({ targetId: args.seriesId ?? null }),
});

/**
 * Ends a series: no classes after `lastDate` (the call's own day when omitted) or that have
 * not started by the call. Those it has are taken off the schedule, edited ones too: one
 * with bookings is cancelled as class.cancel does (credits back), others deleted. Ending an
 * ended series again only takes off what is later than the new last date.
 */
export const endClassSeries = defineMutation({
  name: 'classSeries.end',
  description: 'Ends a class series: its classes after the last date are cancelled or removed.',
  args: z.strictObject({
    seriesId: z.uuid(),
    /** The last local date a class of the series is held; omitted: classes not yet started go. */
    lastDate: z.iso.date().optional(),
    bookingsSeen: bookingsSeenSchema,
  }),
  roles: MANAGER_ROLES,
  async chooseAtDesk(ctx, args) {
    return { ...args, bookingsSeen: await activeSeriesBookings(ctx, args.seriesId) };
  },
  async run(ctx, args) {
    const series = await findSeries(ctx, args.seriesId);
    deskOnly(
      ctx,
      series.active || args.lastDate !== undefined,
      `${series.row.title} has ended already`,
    );
    const zones = new ZoneTime();
    const dayAfter =
      args.lastDate === undefined
        ? Date.parse(ctx.at)
        : zones.toUtc(series.timeZone, Date.parse(`${args.lastDate}T00:00:00.000Z`) + 86_400_000);
    const cutoff = Math.max(Date.parse(ctx.at), dayAfter);
    const doomed = await ctx.db
      .selectFrom('classes')
      .select('id')
      .where('tenant_id', '=', ctx.tenantId)
      .where('series_id', '=', series.row.id)
      .where('status', '=', 'scheduled')
      .where('start_time', '>=', iso(cutoff))
      .orderBy('start_time')
      .orderBy('id')
      .execute();
    await requireBookingsSeen(ctx, {
      seriesId: series.row.id,
      label: `ending class series ${series.row.title}`,
      classIds: doomed.map((row) => row.id),
      seen: args.bookingsSeen,
    });
    for (const row of doomed) await dropOccurrence(ctx, row.id);
    const held = series.row.materialised_until;
    const until = held === null ? iso(cutoff) : iso(Math.min(Date.parse(held), cutoff));
    await ctx.db
      .updateTable('class_series')
      .set({ status: 'ended', materialised_until: until })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', series.row.id)
      .execute();
    return { seriesId: series.row.id, removed: doomed.length };
  },
  audit: (_args, result) => ({ targetId: result.seriesId }),
});

export const classSeriesMutations = [
  createClassSeries,
  extendClassSeries,
  updateClassSeries,
  endClassSeries,
] as const;
