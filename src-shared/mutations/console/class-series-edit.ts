import type { z } from 'zod';
import { occurrencesBefore, type WeeklyRecurrence } from '../../time/weekly-recurrence';
import { localDateOf, ZoneTime } from '../../time/zone-time';
import { deskOnly } from '../front-desk/desk-rules';
import { MutationRefusal, type MutationContext } from '../mutation-definition';
import { requireEditBasis } from './catalogue-edits';
import { checkClassShape, checkPaymentOptions } from './class-rules';
import { DEFAULT_HORIZON_WEEKS, editValues, type seriesSet } from './class-series-fields';
import { applySeriesToOccurrences } from './class-series-occurrences';
import {
  editableRecurrence,
  ruleTextOf,
  seriesState,
  seriesValues,
  splitSeriesId,
  startOfLocalDay,
  type SeriesRow,
  type SeriesState,
} from './class-series-state';
import { findLocation } from './location-mutations';

const WEEK_MS = 7 * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

type SeriesSet = z.output<typeof seriesSet>;

/** The series' recurrence with an edit's schedule fields applied. */
function editedRecurrence(recurrence: WeeklyRecurrence, set: SeriesSet): WeeklyRecurrence {
  // A new end date replaces a count and the other way round: a series has one end.
  const until = set.until !== undefined ? set.until : set.count ? null : recurrence.until;
  const count = set.count !== undefined ? set.count : set.until ? null : recurrence.count;
  return {
    ...recurrence,
    startTime: set.startTime ?? recurrence.startTime,
    weekdays: set.weekdays ?? recurrence.weekdays,
    intervalWeeks: set.intervalWeeks ?? recurrence.intervalWeeks,
    excludedDates: set.excludedDates ?? recurrence.excludedDates,
    until,
    count,
  };
}

/** The series row with an edit's own fields applied (the rule is written by the caller). */
function editedRow(row: SeriesRow, set: SeriesSet, timeZone: string): SeriesRow {
  const list = (ids: readonly string[] | undefined, held: string | null) =>
    ids === undefined ? held : JSON.stringify([...ids].sort());
  return {
    ...row,
    title: set.title ?? row.title,
    location_id: set.locationId ?? row.location_id,
    room_id: set.roomId === undefined ? row.room_id : set.roomId,
    instructor_id: set.instructorId === undefined ? row.instructor_id : set.instructorId,
    duration_minutes: set.durationMinutes ?? row.duration_minutes,
    capacity: set.capacity ?? row.capacity,
    drop_in_price: set.dropInPrice ?? row.drop_in_price,
    plan_ids: list(set.planIds, row.plan_ids),
    pack_definition_ids: list(set.packDefinitionIds, row.pack_definition_ids),
    excluded_dates: list(set.excludedDates, row.excluded_dates),
    time_zone: timeZone,
  };
}

/**
 * The edit could not apply: the series ended first (at another desk). As class.update does
 * for a cancelled class, the end stands; the desk refuses, the server tells the owner.
 */
async function lostEdit(ctx: MutationContext, series: SeriesState, lostChange: SeriesSet) {
  const lost = `${series.row.title} has ended: the change was not applied`;
  deskOnly(ctx, false, lost);
  await ctx.require(false, {
    kind: 'edit_conflict',
    message: `${lost} (${JSON.stringify(lostChange)})`,
    subjectId: series.row.id,
    amount: null,
  });
  return { seriesId: series.row.id, applied: false, updated: 0, dropped: 0, created: 0 };
}

export interface SeriesEdit {
  readonly set: SeriesSet;
  readonly basedOn: SeriesSet;
  /** Occurrences starting from here on follow the edit. */
  readonly fromMs: number;
  /** Split here: the series ends the day before and a new one takes the edit. */
  readonly splitAt?: string;
  readonly bookingsSeen: readonly string[] | undefined;
}

/** Checks what the edit refers to and the offline conflict rule (R11.2), before any write. */
async function checkSeriesEdit(
  ctx: MutationContext,
  series: SeriesState,
  recurrence: WeeklyRecurrence,
  next: SeriesRow,
  edit: SeriesEdit,
): Promise<void> {
  const { set } = edit;
  if (next.location_id === null)
    throw new MutationRefusal('invalid', 'the series needs a location');
  await checkClassShape(
    ctx,
    {
      locationId: next.location_id,
      roomId: next.room_id,
      instructorId: next.instructor_id,
      capacity: next.capacity,
    },
    {
      room: set.roomId !== undefined || set.locationId !== undefined,
      instructor: set.instructorId !== undefined,
      capacity: set.capacity !== undefined,
    },
  );
  await checkPaymentOptions(ctx, set.planIds, set.packDefinitionIds);
  await requireEditBasis(ctx, {
    subjectId: series.row.id,
    label: `class series ${series.row.title}`,
    current: seriesValues(series, recurrence),
    set: editValues(set),
    basedOn: editValues(edit.basedOn),
  });
}

/** Applies a series edit (scope `all`, or `following` at the series' first class or a split). */
export async function editSeries(ctx: MutationContext, series: SeriesState, edit: SeriesEdit) {
  if (!series.active) return lostEdit(ctx, series, edit.set);
  const zones = new ZoneTime();
  const recurrence = editableRecurrence(series);
  const timeZone =
    edit.set.locationId === undefined
      ? series.timeZone
      : (await findLocation(ctx.db, ctx.tenantId, edit.set.locationId)).time_zone;
  const splitAt = edit.splitAt;
  const nextRecurrence = editedRecurrence(
    splitAt === undefined
      ? { ...recurrence, timeZone }
      : {
          ...recurrence,
          timeZone,
          firstDate: splitAt,
          count:
            recurrence.count === null
              ? null
              : recurrence.count - occurrencesBefore(series.row.recurrence_rule, splitAt, zones),
        },
    edit.set,
  );
  const ruleText = ruleTextOf(nextRecurrence, zones);
  const horizon = Math.max(
    Date.parse(
      series.row.materialised_until ?? iso(Date.parse(ctx.at) + DEFAULT_HORIZON_WEEKS * WEEK_MS),
    ),
    Date.parse(ctx.at),
  );
  const edited = editedRow(series.row, edit.set, timeZone);
  await checkSeriesEdit(ctx, series, recurrence, edited, edit);
  let target: SeriesRow;
  if (splitAt === undefined) {
    target = { ...edited, recurrence_rule: ruleText, materialised_until: iso(horizon) };
    await ctx.db
      .updateTable('class_series')
      .set({
        title: target.title,
        recurrence_rule: target.recurrence_rule,
        location_id: target.location_id,
        instructor_id: target.instructor_id,
        duration_minutes: target.duration_minutes,
        capacity: target.capacity,
        room_id: target.room_id,
        drop_in_price: target.drop_in_price,
        time_zone: target.time_zone,
        plan_ids: target.plan_ids,
        pack_definition_ids: target.pack_definition_ids,
        excluded_dates: target.excluded_dates,
        materialised_until: target.materialised_until,
      })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', series.row.id)
      .execute();
  } else {
    const dayBefore = localDateOf(Date.parse(`${splitAt}T00:00:00.000Z`) - 86_400_000);
    const endedRule = ruleTextOf({ ...recurrence, until: dayBefore, count: null }, zones);
    await ctx.db
      .updateTable('class_series')
      .set({ recurrence_rule: endedRule })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', series.row.id)
      .execute();
    target = {
      ...edited,
      id: splitSeriesId(series.lineageId, splitAt),
      recurrence_rule: ruleText,
      materialised_until: iso(horizon),
      lineage_id: series.lineageId,
      status: 'active',
      created_at: ctx.at,
    };
    await ctx.db.insertInto('class_series').values(target).execute();
    // The classes from the split on belong to the new series, under the same ids (R11.1).
    await ctx.db
      .updateTable('classes')
      .set({ series_id: target.id })
      .where('tenant_id', '=', ctx.tenantId)
      .where('series_id', '=', series.row.id)
      .where((w) =>
        w(
          w.fn.coalesce('original_start', 'start_time'),
          '>=',
          iso(startOfLocalDay(zones, series.timeZone, splitAt)),
        ),
      )
      .execute();
  }
  const counts = await applySeriesToOccurrences(ctx, zones, seriesState(target), {
    fromMs: edit.fromMs,
    toMs: horizon,
    optionsChanged: edit.set.planIds !== undefined || edit.set.packDefinitionIds !== undefined,
    bookingsSeen: edit.bookingsSeen,
  });
  return { seriesId: target.id, applied: true, ...counts };
}
