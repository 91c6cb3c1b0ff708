import { z } from 'zod';
import { occurrencesBefore } from '../../time/weekly-recurrence';
import { ZoneTime } from '../../time/zone-time';
import { findClass } from '../front-desk/booking-ledger';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { defineMutation, MutationRefusal } from '../mutation-definition';
import { basedOnEachChange, basedOnEachChangeError, requireEditBasis } from './catalogue-edits';
import { updateClass } from './class-mutations';
import { activeSeriesBookings, bookingsSeenSchema } from './class-series-bookings';
import { editSeries } from './class-series-edit';
import { editValues, listValue, occurrenceSet, seriesSet } from './class-series-fields';
import { occurrenceDate } from './class-series-occurrences';
import { findSeries, startOfLocalDay } from './class-series-state';

const updateArgs = z
  .discriminatedUnion('scope', [
    /** One occurrence: it keeps its own values from then on (series edits leave it alone). */
    z.strictObject({
      scope: z.literal('this'),
      classId: z.uuid(),
      set: occurrenceSet,
      basedOn: occurrenceSet,
    }),
    /** This occurrence and every later one: the series is split here. */
    z.strictObject({
      scope: z.literal('following'),
      classId: z.uuid(),
      set: seriesSet,
      basedOn: seriesSet,
      bookingsSeen: bookingsSeenSchema,
    }),
    /** The series and every future occurrence not edited on its own. */
    z.strictObject({
      scope: z.literal('all'),
      seriesId: z.uuid(),
      set: seriesSet,
      basedOn: seriesSet,
      bookingsSeen: bookingsSeenSchema,
    }),
  ])
  .refine(basedOnEachChange, basedOnEachChangeError);

/**
 * Edits a class series in one of three scopes, with the values the desk saw (`basedOn`) for
 * the offline conflict rule (PROTOCOL.md R11):
 * - `this`: one occurrence, through class.update's own body; it is marked edited, so later
 *   series edits leave it alone;
 * - `following`: the occurrence and every later one; the series ends the day before and a
 *   new series (its id derived from the lineage and date) takes the change;
 * - `all`: the series and each of its classes that has not started, was not edited on its
 *   own and is not cancelled.
 * A class whose date leaves the rule is removed, or cancelled with its bookings when it has
 * some; a class whose time moves keeps its bookings.
 */
export const updateClassSeries = defineMutation({
  name: 'classSeries.update',
  description: 'Edits one class of a series, it and the following ones, or the whole series.',
  args: updateArgs,
  roles: MANAGER_ROLES,
  // The desk records which bookings it saw on the classes the edit may move (R11.5).
  async chooseAtDesk(ctx, args) {
    if (args.scope === 'this') return args;
    const seriesId =
      args.scope === 'all' ? args.seriesId : (await findClass(ctx, args.classId)).series_id;
    if (seriesId === null) return args;
    return { ...args, bookingsSeen: await activeSeriesBookings(ctx, seriesId) };
  },
  async run(ctx, args) {
    if (args.scope === 'all') {
      const series = await findSeries(ctx, args.seriesId);
      const result = await editSeries(ctx, series, {
        set: args.set,
        basedOn: args.basedOn,
        bookingsSeen: args.bookingsSeen,
        fromMs: Date.parse(ctx.at),
      });
      return { scope: args.scope, classId: null, ...result };
    }
    const klass = await findClass(ctx, args.classId);
    if (klass.series_id === null) {
      throw new MutationRefusal(
        'invalid',
        `${klass.title} is not in a series: edit it with class.update`,
      );
    }
    const series = await findSeries(ctx, klass.series_id);
    if (args.scope === 'this') {
      if (klass.status === 'scheduled') {
        const options = await ctx.db
          .selectFrom('class_payment_options')
          .select(['plan_id', 'pack_definition_id'])
          .where('tenant_id', '=', ctx.tenantId)
          .where('class_id', '=', klass.id)
          .execute();
        const ids = (pick: (o: (typeof options)[number]) => string | null) =>
          listValue(options.map(pick).filter((id): id is string => id !== null));
        await requireEditBasis(ctx, {
          subjectId: klass.id,
          label: `class ${klass.title} at ${klass.start_time}`,
          current: {
            title: klass.title,
            locationId: klass.location_id,
            roomId: klass.room_id,
            instructorId: klass.instructor_id,
            startTime: klass.start_time,
            durationMinutes: klass.duration_minutes,
            capacity: klass.capacity,
            dropInPrice: klass.drop_in_price,
            planIds: ids((o) => o.plan_id),
            packDefinitionIds: ids((o) => o.pack_definition_id),
          },
          set: editValues(args.set),
          basedOn: editValues(args.basedOn),
        });
      }
      const { applied } = await updateClass.run(ctx, { classId: klass.id, ...args.set });
      if (applied) {
        await ctx.db
          .updateTable('classes')
          .set({ series_edited_at: ctx.at })
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', klass.id)
          .execute();
      }
      return {
        scope: args.scope,
        classId: klass.id,
        seriesId: series.row.id,
        applied,
        updated: applied ? 1 : 0,
        dropped: 0,
        created: 0,
      };
    }
    const zones = new ZoneTime();
    const date = occurrenceDate(zones, series, klass);
    const fromMs = Math.max(Date.parse(ctx.at), startOfLocalDay(zones, series.timeZone, date));
    // At the series' first class "this and following" is the whole series: no split.
    const first = occurrencesBefore(series.row.recurrence_rule, date, zones) === 0;
    const result = await editSeries(ctx, series, {
      set: args.set,
      basedOn: args.basedOn,
      bookingsSeen: args.bookingsSeen,
      fromMs,
      ...(first ? {} : { splitAt: date }),
    });
    return { scope: args.scope, classId: klass.id, ...result };
  },
  audit: (_args, result) => ({ targetId: result.seriesId }),
});
