import type { Desk } from '../src-main/store/open-desk';
import { runDeskQuery } from '../src-main/operations/run-query';
import { queryRegistry } from '../src-shared/queries/all-queries';
import { fixed } from './bench-report';
import { measure, type LatencySummary } from './bench-stats';
import { explainDeskQuery, type StatementPlan } from './query-plans';
import { equivalentScheduleDay } from './schedule-day-equivalent';
import {
  extendSeriesAtDesk,
  occurrenceCensus,
  type OccurrenceCensus,
  type SeriesHorizonRun,
} from './series-horizon';

const DAY_MS = 86_400_000;
/** The days timed around today: history with check-ins, today, bookings ahead. */
const AROUND_TODAY = 21;
/** Days only `classSeries.extend` made in this run: after the demo's 30, inside 12 weeks. */
const FIRST_DAY_AHEAD = 35;
const DAYS_AHEAD = 84 - FIRST_DAY_AHEAD;

export interface ScheduleDayFigures {
  readonly registered: boolean;
  readonly locations: number;
  readonly horizon: SeriesHorizonRun;
  /** The classes on the days timed around today, and how many are series occurrences. */
  readonly census: OccurrenceCensus;
  readonly oneLocation: LatencySummary;
  readonly allLocations: LatencySummary;
  /** One location, on days 5 to 12 weeks ahead that hold only classes extend made. */
  readonly aheadOneLocation: LatencySummary;
  /** The statements the Today screen's two calls run, with SQLite's plans on this desk. */
  readonly plans: Readonly<Record<string, readonly StatementPlan[]>>;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The day schedule as the desk's Today screen reads it (`schedule.day` with a date, and with
 * a date and the desk's location), on series-materialised classes: the demo's classes are
 * its series' occurrences (ids from the product's occurrence function), and every series is
 * first extended to the product's 12-week horizon at the desk with `classSeries.extend`.
 */
export async function benchScheduleDay(
  desk: Desk,
  tenantId: string,
  runs: number,
  log: (line: string) => void,
): Promise<ScheduleDayFigures> {
  log('B6: every class series to its horizon at the desk (classSeries.extend)');
  const horizon = await extendSeriesAtDesk(desk, tenantId);
  log(
    `  ${horizon.created} classes made for ${horizon.series} series in ${fixed(horizon.seconds, 2)} s`,
  );

  const locations = await desk.db
    .selectFrom('locations')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
  const now = desk.clock.now();
  const dayAt = (offset: number, i: number) => ({
    date: isoDay(now + offset * DAY_MS),
    locationId: locations[i % locations.length]?.id,
  });
  const half = Math.floor(AROUND_TODAY / 2);
  const days = Array.from({ length: runs }, (_, i) => dayAt((i % AROUND_TODAY) - half, i));
  const ahead = Array.from({ length: runs }, (_, i) =>
    dayAt(FIRST_DAY_AHEAD + (i % DAYS_AHEAD), i),
  );
  const census = await occurrenceCensus(
    desk,
    tenantId,
    new Date(now - (half + 1) * DAY_MS).toISOString(),
    new Date(now + (half + 2) * DAY_MS).toISOString(),
  );

  const registered = queryRegistry.has('schedule.day');
  const scheduleFor = (args: { date: string; locationId?: string | undefined }) =>
    registered
      ? runDeskQuery(desk, 'schedule.day', args)
      : equivalentScheduleDay(desk, tenantId, args);
  log('B6: day schedule');
  const oneLocation = await measure(days, scheduleFor);
  const allLocations = await measure(days, (d) => scheduleFor({ date: d.date }));
  const aheadOneLocation = await measure(ahead, scheduleFor);

  const plans: Record<string, StatementPlan[]> = {};
  if (registered) {
    const today = dayAt(0, 0);
    plans['schedule.day, one location'] = await explainDeskQuery(desk, 'schedule.day', today);
    plans['schedule.day, all locations'] = await explainDeskQuery(desk, 'schedule.day', {
      date: today.date,
    });
  }
  return {
    registered,
    locations: locations.length,
    horizon,
    census,
    oneLocation,
    allLocations,
    aheadOneLocation,
    plans,
  };
}
