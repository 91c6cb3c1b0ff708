import type { Database } from '../../schema/catalog';
import { uuidV5 } from '../../ids/uuid-v5';
import {
  parseWeeklyRecurrence,
  RecurrenceError,
  validRecurrenceRule,
  type WeeklyRecurrence,
} from '../../time/weekly-recurrence';
import { floatingOf, type LocalDate, type ZoneTime } from '../../time/zone-time';
import { MutationRefusal, type MutationContext } from '../mutation-definition';
import type { EditValues } from './catalogue-edits';
import { listValue } from './class-series-fields';
import { tenantRow } from '../tenant-row';

export type SeriesRow = Database['class_series'];

/** A JSON list column read back; NULL is an empty list. */
export function jsonList(text: string | null): string[] {
  if (text === null) return [];
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/** A series as the mutations work with it: its row and what its columns hold, read once. */
export interface SeriesState {
  readonly row: SeriesRow;
  /** Occurrence ids derive from it (R11.1): the first series of a chain of splits. */
  readonly lineageId: string;
  readonly timeZone: string;
  readonly excludedDates: readonly LocalDate[];
  readonly planIds: readonly string[];
  readonly packDefinitionIds: readonly string[];
  readonly active: boolean;
}

export function seriesState(row: SeriesRow): SeriesState {
  const zoneInRule = /TZID=([^:;\n]+)/.exec(row.recurrence_rule)?.[1];
  return {
    row,
    lineageId: row.lineage_id ?? row.id,
    timeZone: row.time_zone ?? zoneInRule ?? 'UTC',
    excludedDates: jsonList(row.excluded_dates),
    planIds: jsonList(row.plan_ids),
    packDefinitionIds: jsonList(row.pack_definition_ids),
    active: row.status !== 'ended',
  };
}

export async function findSeries(ctx: MutationContext, seriesId: string): Promise<SeriesState> {
  const row = await tenantRow(ctx.db, ctx.tenantId, 'class_series', seriesId, 'class series');
  return seriesState(row);
}

/** Namespace of occurrence ids: a constant, so every side derives the same ones. */
const OCCURRENCE_NAMESPACE = '3f1c2a7e-5b0d-4c8e-9a61-0d2b7e4f9c13';

/**
 * The id of the series occurrence on `localDate`: a weekly series holds at most one class a
 * day, so lineage and date name it. A desk and the server materialising the same series make
 * the same row; a "this and following" split keeps its occurrences' ids (R11.1).
 */
export function occurrenceId(lineageId: string, localDate: LocalDate): string {
  return uuidV5(OCCURRENCE_NAMESPACE, `${lineageId}/${localDate}`);
}

/** The id of the series a split at `localDate` starts: two desks splitting there make one. */
export function splitSeriesId(lineageId: string, localDate: LocalDate): string {
  return uuidV5(OCCURRENCE_NAMESPACE, `${lineageId}/series/${localDate}`);
}

/** A payment option's id on an occurrence, derived like the occurrence's own. */
export function optionId(classId: string, kind: 'plan' | 'pack', targetId: string): string {
  return uuidV5(classId, `${kind}/${targetId}`);
}

/**
 * The series' weekly recurrence, for an edit. A series whose rule these mutations did not
 * write (the demo's monthly ones) is refused with the reason: it can be extended and ended.
 */
export function editableRecurrence(series: SeriesState): WeeklyRecurrence {
  try {
    return {
      ...parseWeeklyRecurrence(series.row.recurrence_rule, series.excludedDates),
      timeZone: series.timeZone,
    };
  } catch (error) {
    if (error instanceof RecurrenceError) {
      throw new MutationRefusal('invalid', `${series.row.title}: ${error.message}`);
    }
    throw error;
  }
}

/** The RFC 5545 text of a recurrence, or a refusal in words staff can act on. */
export function ruleTextOf(recurrence: WeeklyRecurrence, zones: ZoneTime): string {
  try {
    return validRecurrenceRule(recurrence, zones);
  } catch (error) {
    if (error instanceof RecurrenceError) throw new MutationRefusal('invalid', error.message);
    throw error;
  }
}

/** The series' fields as an edit compares them (the conflict rule, R11.2). */
export function seriesValues(series: SeriesState, recurrence: WeeklyRecurrence): EditValues {
  const row = series.row;
  return {
    title: row.title,
    locationId: row.location_id,
    roomId: row.room_id,
    instructorId: row.instructor_id,
    durationMinutes: row.duration_minutes,
    capacity: row.capacity,
    dropInPrice: row.drop_in_price ?? 0,
    planIds: listValue(series.planIds),
    packDefinitionIds: listValue(series.packDefinitionIds),
    startTime: recurrence.startTime,
    weekdays: listValue(recurrence.weekdays),
    intervalWeeks: recurrence.intervalWeeks,
    until: recurrence.until,
    count: recurrence.count,
    excludedDates: listValue(recurrence.excludedDates),
  };
}

/** The instant local midnight of `date` happens in `zone`. */
export function startOfLocalDay(zones: ZoneTime, zone: string, date: LocalDate): number {
  return zones.toUtc(zone, floatingOf(date));
}
