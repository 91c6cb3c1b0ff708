import type { Insertable } from 'kysely';
import type { Database } from '../../schema/catalog';
import { occurrencesBetween, type Occurrence } from '../../time/weekly-recurrence';
import { localDateOf, type ZoneTime } from '../../time/zone-time';
import { confirmedCount } from '../front-desk/booking-ledger';
import type { MutationContext } from '../mutation-definition';
import { cancelClass } from './class-mutations';
import { requireBookingsSeen } from './class-series-bookings';
import { occurrenceId, optionId, type SeriesState } from './class-series-state';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

type ClassRow = Database['classes'];

/** The local date that names an occurrence: where its series' rule put it. */
export function occurrenceDate(zones: ZoneTime, series: SeriesState, row: ClassRow): string {
  return localDateOf(
    zones.toFloating(series.timeZone, Date.parse(row.original_start ?? row.start_time)),
  );
}

/** What every occurrence of a series holds, as the series says it. */
function seriesColumns(series: SeriesState) {
  const row = series.row;
  if (row.location_id === null) throw new Error(`class series ${row.id} has no location`);
  return {
    series_id: row.id,
    location_id: row.location_id,
    room_id: row.room_id,
    instructor_id: row.instructor_id,
    title: row.title,
    duration_minutes: row.duration_minutes,
    capacity: row.capacity,
    drop_in_price: row.drop_in_price ?? 0,
  };
}

/** Replaces a class's payment options with the series' own, under derived ids. */
async function writeSeriesOptions(
  ctx: MutationContext,
  series: SeriesState,
  classIds: readonly string[],
  replace: boolean,
): Promise<void> {
  if (classIds.length === 0) return;
  if (replace) {
    await ctx.db
      .deleteFrom('class_payment_options')
      .where('tenant_id', '=', ctx.tenantId)
      .where('class_id', 'in', classIds)
      .execute();
  }
  const rows: Insertable<Database['class_payment_options']>[] = classIds.flatMap((classId) => [
    ...series.planIds.map((planId) => ({
      id: optionId(classId, 'plan', planId),
      tenant_id: ctx.tenantId,
      class_id: classId,
      plan_id: planId,
      pack_definition_id: null,
      created_at: series.row.created_at,
    })),
    ...series.packDefinitionIds.map((packId) => ({
      id: optionId(classId, 'pack', packId),
      tenant_id: ctx.tenantId,
      class_id: classId,
      plan_id: null,
      pack_definition_id: packId,
      created_at: series.row.created_at,
    })),
  ]);
  for (let i = 0; i < rows.length; i += 200) {
    await ctx.db
      .insertInto('class_payment_options')
      .values(rows.slice(i, i + 200))
      // Another materialiser (a second server instance) may commit the same row meanwhile.
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .execute();
  }
}

/** Local dates that already hold a class of the series' lineage (the demo's ones included). */
async function datesTaken(
  ctx: MutationContext,
  zones: ZoneTime,
  series: SeriesState,
  fromMs: number,
  toMs: number,
): Promise<Set<string>> {
  const rows = await ctx.db
    .selectFrom('classes')
    .selectAll('classes')
    .where('classes.tenant_id', '=', ctx.tenantId)
    .where('classes.series_id', 'in', (eb) =>
      eb
        .selectFrom('class_series')
        .select('class_series.id')
        .where('class_series.tenant_id', '=', ctx.tenantId)
        .where((w) =>
          w.or([
            w('class_series.id', '=', series.lineageId),
            w('class_series.lineage_id', '=', series.lineageId),
          ]),
        ),
    )
    .where((w) =>
      w(w.fn.coalesce('classes.original_start', 'classes.start_time'), '>=', iso(fromMs - DAY_MS)),
    )
    .where((w) =>
      w(w.fn.coalesce('classes.original_start', 'classes.start_time'), '<', iso(toMs + DAY_MS)),
    )
    .execute();
  return new Set(rows.map((row) => occurrenceDate(zones, series, row)));
}

/**
 * Makes the series' occurrences starting in [fromMs, toMs) that do not exist yet. A date that
 * already holds a class of the lineage, under its derived id or any other (a demo class), is
 * left as it is, so running this twice, or on a desk and on the server, makes each class once
 * (R11.1). Values come from the series and the occurrence's id, never from the call, so every
 * side writes the same row; it is created when its series was.
 */
export async function materialiseOccurrences(
  ctx: MutationContext,
  zones: ZoneTime,
  series: SeriesState,
  fromMs: number,
  toMs: number,
): Promise<string[]> {
  if (!series.active || toMs <= fromMs) return [];
  const expected = occurrencesBetween(
    series.row.recurrence_rule,
    series.excludedDates,
    fromMs,
    toMs,
    zones,
  );
  if (expected.length === 0) return [];
  const taken = await datesTaken(ctx, zones, series, fromMs, toMs);
  const candidates = expected.map((o) => ({
    ...o,
    id: occurrenceId(series.lineageId, o.localDate),
  }));
  const existing = new Set(
    (
      await ctx.db
        .selectFrom('classes')
        .select('id')
        .where('tenant_id', '=', ctx.tenantId)
        .where(
          'id',
          'in',
          candidates.map((c) => c.id),
        )
        .execute()
    ).map((row) => row.id),
  );
  const fresh = candidates.filter((c) => !taken.has(c.localDate) && !existing.has(c.id));
  if (fresh.length === 0) return [];
  const columns = seriesColumns(series);
  const rows: Insertable<ClassRow>[] = fresh.map((o) => ({
    id: o.id,
    tenant_id: ctx.tenantId,
    ...columns,
    start_time: iso(o.startMs),
    original_start: iso(o.startMs),
    series_edited_at: null,
    status: 'scheduled',
    created_at: series.row.created_at,
  }));
  for (let i = 0; i < rows.length; i += 100) {
    await ctx.db
      .insertInto('classes')
      .values(rows.slice(i, i + 100))
      // Another materialiser (a second server instance) may commit the same row meanwhile.
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .execute();
  }
  await writeSeriesOptions(
    ctx,
    series,
    rows.map((r) => r.id),
    false,
  );
  return rows.map((r) => r.id);
}

/**
 * Takes an occurrence off the schedule. One nothing points at (no booking, no drop-in sold)
 * is deleted; one with bookings is cancelled by class.cancel's own body, so its bookings are
 * cancelled and pack credits come back exactly as when staff cancel a class.
 */
export async function dropOccurrence(ctx: MutationContext, classId: string): Promise<void> {
  const used = async (table: 'bookings' | 'pos_order_items') =>
    (await ctx.db
      .selectFrom(table)
      .select('id')
      .where('tenant_id', '=', ctx.tenantId)
      .where('class_id', '=', classId)
      .executeTakeFirst()) !== undefined;
  if ((await used('bookings')) || (await used('pos_order_items'))) {
    await cancelClass.run(ctx, { classId });
    return;
  }
  await ctx.db
    .deleteFrom('class_payment_options')
    .where('tenant_id', '=', ctx.tenantId)
    .where('class_id', '=', classId)
    .execute();
  await ctx.db
    .deleteFrom('classes')
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', classId)
    .execute();
}

export interface SeriesChange {
  readonly fromMs: number;
  readonly toMs: number;
  /** The series' plans or packs changed: every affected occurrence takes the new ones. */
  readonly optionsChanged: boolean;
  /** The active bookings the desk saw on the series' classes (R11.5); undefined: not checked. */
  readonly bookingsSeen: readonly string[] | undefined;
}

/**
 * Brings the series' scheduled occurrences from `fromMs` on in line with the series as it now
 * stands (R11.3): occurrences edited on their own, cancelled or started are left alone; an
 * occurrence whose date is still in the rule takes the series' values and time (its bookings
 * kept, their start moved with it); one whose date left the rule is dropped; dates the rule
 * gained up to `toMs` are made. A capacity cut below the confirmed bookings follows
 * class.update's rule: refused at the desk, kept with class_over_capacity at the server.
 */
export async function applySeriesToOccurrences(
  ctx: MutationContext,
  zones: ZoneTime,
  series: SeriesState,
  change: SeriesChange,
): Promise<{ readonly updated: number; readonly dropped: number; readonly created: number }> {
  const rows = await ctx.db
    .selectFrom('classes')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('series_id', '=', series.row.id)
    .where('status', '=', 'scheduled')
    .where('series_edited_at', 'is', null)
    .where('start_time', '>=', iso(change.fromMs))
    .orderBy('start_time')
    .orderBy('id')
    .execute();
  // A day of slack: an occurrence moved earlier on its own date still matches its date.
  const byDate = new Map<string, Occurrence>(
    occurrencesBetween(
      series.row.recurrence_rule,
      series.excludedDates,
      change.fromMs - DAY_MS,
      Math.max(change.toMs, change.fromMs) + DAY_MS,
      zones,
    ).map((o) => [o.localDate, o]),
  );
  const columns = seriesColumns(series);
  const nextOf = (row: ClassRow) =>
    series.active ? byDate.get(occurrenceDate(zones, series, row)) : undefined;
  await requireBookingsSeen(ctx, {
    seriesId: series.row.id,
    label: `the change to class series ${series.row.title}`,
    classIds: rows
      .filter((row) => {
        const next = nextOf(row);
        return next === undefined || iso(next.startMs) !== row.start_time;
      })
      .map((row) => row.id),
    seen: change.bookingsSeen,
  });
  let updated = 0;
  let dropped = 0;
  const kept: string[] = [];
  for (const row of rows) {
    const next = nextOf(row);
    if (next === undefined) {
      await dropOccurrence(ctx, row.id);
      dropped++;
      continue;
    }
    const startTime = iso(next.startMs);
    if (columns.capacity < row.capacity) {
      const taken = await confirmedCount(ctx, row.id);
      await ctx.require(columns.capacity >= taken, {
        kind: 'class_over_capacity',
        message: `${row.title} at ${row.start_time} was cut to ${columns.capacity} places with ${taken} confirmed`,
        subjectId: row.id,
        amount: null,
      });
    }
    await ctx.db
      .updateTable('classes')
      .set({ ...columns, start_time: startTime, original_start: startTime })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', row.id)
      .execute();
    if (startTime !== row.start_time) {
      // Bookings carry the class's start (as class.update keeps them): they stay booked.
      await ctx.db
        .updateTable('bookings')
        .set({ start_time: startTime })
        .where('tenant_id', '=', ctx.tenantId)
        .where('class_id', '=', row.id)
        .execute();
    }
    kept.push(row.id);
    updated++;
  }
  if (change.optionsChanged) await writeSeriesOptions(ctx, series, kept, true);
  const created = await materialiseOccurrences(ctx, zones, series, change.fromMs, change.toMs);
  return { updated, dropped, created: created.length };
}
