import { z } from 'zod';
import { WEEKDAYS, MAX_SERIES_OCCURRENCES } from '../../time/weekly-recurrence';
import { classFields } from './class-rules';
import type { EditValues } from './catalogue-edits';

const localDate = z.iso.date();

/** Each weekday once; order does not matter (the rule keeps Monday-first order). */
const weekdays = z
  .array(z.enum(WEEKDAYS))
  .min(1, 'choose at least one weekday')
  .max(7)
  .refine((days) => new Set(days).size === days.length, 'each weekday once');

const excludedDates = z
  .array(localDate)
  .max(200)
  .refine((dates) => new Set(dates).size === dates.length, 'each date once');

/** What a series' occurrences share with a single class, as class.create takes them. */
const occurrenceFields = {
  title: classFields.title,
  locationId: classFields.locationId,
  roomId: classFields.roomId,
  instructorId: classFields.instructorId,
  durationMinutes: classFields.durationMinutes,
  capacity: classFields.capacity,
  dropInPrice: classFields.dropInPrice,
  planIds: classFields.planIds,
  packDefinitionIds: classFields.packDefinitionIds,
};

/** The schedule of a series: weekly on chosen days at one local time, in the location's zone. */
export const recurrenceFields = {
  /** Local `HH:mm`, 24-hour: a 6:00 class stays at 6:00 across daylight saving changes. */
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 06:30'),
  weekdays,
  intervalWeeks: z.number().int().min(1).max(52),
  /** The last date a class may fall on; null: no end date. */
  until: localDate.nullable(),
  /** How many times it runs, skipped dates included (RFC 5545 COUNT); null: no count. */
  count: z.number().int().min(1).max(MAX_SERIES_OCCURRENCES).nullable(),
  /** Dates the series skips (holidays). */
  excludedDates,
};

/** Weeks of occurrences made ahead of now: a desk offline for days still has them. */
export const DEFAULT_HORIZON_WEEKS = 12;
export const horizonWeeks = z.number().int().min(1).max(52);

export const createSeriesArgs = z
  .strictObject({
    ...occurrenceFields,
    roomId: occurrenceFields.roomId.default(null),
    instructorId: occurrenceFields.instructorId.default(null),
    planIds: occurrenceFields.planIds.default([]),
    packDefinitionIds: occurrenceFields.packDefinitionIds.default([]),
    /** The series starts on this local date; its first class is the first chosen day from it. */
    firstDate: localDate,
    ...recurrenceFields,
    intervalWeeks: recurrenceFields.intervalWeeks.default(1),
    until: recurrenceFields.until.default(null),
    count: recurrenceFields.count.default(null),
    excludedDates: recurrenceFields.excludedDates.default([]),
    horizonWeeks: horizonWeeks.default(DEFAULT_HORIZON_WEEKS),
  })
  .refine((a) => a.until === null || a.count === null, {
    error: 'a series ends on a date or after a number of times, not both',
    path: ['count'],
  });

/** What an edit of the series (scope `following` or `all`) may change. */
export const seriesEditFields = { ...occurrenceFields, ...recurrenceFields };

/** What an edit of one occurrence (scope `this`) may change: a class's own fields. */
export const occurrenceEditFields = { ...occurrenceFields, startTime: classFields.startTime };

/** An edit's `set` or `basedOn` for the series: any of its fields, at least one in `set`. */
export const seriesSet = z.strictObject(seriesEditFields).partial();
/** An edit's `set` or `basedOn` for one occurrence. */
export const occurrenceSet = z.strictObject(occurrenceEditFields).partial();

/** A field's value as an edit carries it: lists are compared as sets. */
type EditField = string | number | null | readonly string[] | undefined;

const isList = (value: EditField): value is readonly string[] => Array.isArray(value);

/** A list as one comparable value: order never matters in these lists. */
export const listValue = (ids: readonly string[]) => [...ids].sort().join(',');

/**
 * An edit's fields as flat values the offline conflict rule compares (requireEditBasis):
 * lists become sorted text, so [a, b] and [b, a] are the same value.
 */
export function editValues(edit: Readonly<Record<string, EditField>>): EditValues {
  const values: Record<string, string | number | null> = {};
  for (const [field, value] of Object.entries(edit)) {
    if (value === undefined) continue;
    values[field] = isList(value) ? listValue(value) : value;
  }
  return values;
}
