import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { Desk } from '../src-main/store/open-desk';
import { runDeskMutation } from '../src-main/operations/run-mutation';
import { occurrenceDate } from '../src-shared/mutations/console/class-series-occurrences';
import { occurrenceId, seriesState } from '../src-shared/mutations/console/class-series-state';
import { ZoneTime } from '../src-shared/time/zone-time';

/** What the desk's `classSeries.extend` over every series did, and how long it took. */
export interface SeriesHorizonRun {
  readonly series: number;
  readonly created: number;
  readonly seconds: number;
}

const extendResult = z.object({ seriesIds: z.array(z.string()), created: z.number() });

/** An active owner or manager on the desk's copy: who may extend series (MANAGER_ROLES). */
async function seriesManager(desk: Desk, tenantId: string): Promise<string> {
  const row = await desk.db
    .selectFrom('tenant_roles')
    .innerJoin('tenant_members', (join) =>
      join
        .onRef('tenant_members.tenant_id', '=', 'tenant_roles.tenant_id')
        .onRef('tenant_members.id', '=', 'tenant_roles.member_id'),
    )
    .select('tenant_roles.member_id')
    .where('tenant_roles.tenant_id', '=', tenantId)
    .where('tenant_roles.role', 'in', ['owner', 'manager'])
    .where('tenant_members.status', '=', 'active')
    .orderBy('tenant_roles.role', 'desc')
    .orderBy('tenant_roles.member_id')
    .executeTakeFirst();
  if (!row) throw new Error('the studio has no active owner or manager to extend its series');
  return row.member_id;
}

/**
 * Brings every active series to the product's horizon (12 weeks, the mutation's default) at
 * the desk, as staff or a desk offline for days would: `classSeries.extend` through
 * `runDeskMutation`, one durable commit. The demo wrote its classes to its own window's end
 * (30 days ahead); the classes after that are made here, under their occurrence ids.
 */
export async function extendSeriesAtDesk(desk: Desk, tenantId: string): Promise<SeriesHorizonRun> {
  const actor = await seriesManager(desk, tenantId);
  const started = performance.now();
  const { result } = await runDeskMutation(desk, actor, 'classSeries.extend', {});
  const seconds = (performance.now() - started) / 1000;
  const { seriesIds, created } = extendResult.parse(result);
  return { series: seriesIds.length, created, seconds };
}

/** Classes in a range, and how many carry the id their series' rule gives them (R11.1). */
export interface OccurrenceCensus {
  readonly classes: number;
  readonly occurrences: number;
}

/**
 * Counts the classes starting in [from, to) that are their series' occurrences: the id is
 * the UUIDv5 of the series' lineage and the class's local date. B6 states it, so a figure
 * is known to be measured on classes the product's series code made.
 */
export async function occurrenceCensus(
  desk: Desk,
  tenantId: string,
  from: string,
  to: string,
): Promise<OccurrenceCensus> {
  const series = new Map(
    (
      await desk.db
        .selectFrom('class_series')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .execute()
    ).map((row) => [row.id, seriesState(row)]),
  );
  const classes = await desk.db
    .selectFrom('classes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('start_time', '>=', from)
    .where('start_time', '<', to)
    .execute();
  const zones = new ZoneTime();
  let occurrences = 0;
  for (const row of classes) {
    const state = row.series_id === null ? undefined : series.get(row.series_id);
    if (state === undefined) continue;
    if (row.id === occurrenceId(state.lineageId, occurrenceDate(zones, state, row))) occurrences++;
  }
  return { classes: classes.length, occurrences };
}
