import type { Desk } from '../src-main/store/open-desk';
import { runDeskQuery } from '../src-main/operations/run-query';
import { queryRegistry } from '../src-shared/queries/all-queries';
import { reportZone } from '../src-shared/queries/reports/report-range';
import { asSharedDb } from '../src-main/store/desk-tables';
import { addDays, zonedWallClock } from '../src-shared/time/zoned-wall-clock';
import { ms, times, type BenchOutcome, type FigureLine } from './bench-report';
import { measure, type LatencySummary } from './bench-stats';

/** Issue 19's target: a day close and a 90-day sales report each within this at the desk. */
const TARGET_MS = 200;
const QUARTER_DAYS = 90;
const INFORMATIVE_RUNS = 10;

/** The studio day of the tenant's latest sale: the reports are timed on days with sales. */
async function lastSaleDay(desk: Desk, tenantId: string): Promise<string> {
  const latest = await desk.db
    .selectFrom('pos_orders')
    .select((e) => e.fn.max('completed_at').as('at'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const zone = await reportZone(asSharedDb(desk.db), tenantId);
  const at = latest?.at ? Date.parse(latest.at) : Date.now();
  return zonedWallClock(zone).wallClockAt(at).date;
}

interface TimedReport {
  readonly workload: string;
  readonly summary: LatencySummary;
  readonly target: string;
  readonly met: boolean | undefined;
}

/**
 * B7: the owner's reports at the desk on the large tenant, from its synced SQLite copy, as
 * the Reports tab calls them (the role check skipped, as from the command line): a day
 * close of one studio day, a day close and the sales by day over 90 days, liabilities, and
 * the attendance and members reports over 90 days where they are registered. Each run
 * takes another day or another 90-day window ending on one of the last `runs` sale days.
 * The baseline is a primary-key lookup of one order through the same Kysely path.
 */
export async function benchReports(
  desk: Desk,
  tenantId: string,
  runs: number,
  log: (line: string) => void,
): Promise<BenchOutcome> {
  const last = await lastSaleDay(desk, tenantId);
  const days = Array.from({ length: runs }, (_, i) => addDays(last, -i));
  const quarters = days.map((to) => ({ from: addDays(to, -(QUARTER_DAYS - 1)), to }));
  const query = (name: string) => (args: unknown) => runDeskQuery(desk, name, args, 'command-line');

  log('B7: baseline (an order by primary key)');
  const orders = await desk.db
    .selectFrom('pos_orders')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(runs)
    .execute();
  const baseline = await measure(orders, (o) =>
    desk.db
      .selectFrom('pos_orders')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', o.id)
      .executeTakeFirst(),
  );

  const timed: TimedReport[] = [];
  const time = async (
    workload: string,
    name: string,
    inputs: readonly unknown[],
    targeted: boolean,
  ) => {
    if (!queryRegistry.has(name)) return;
    log(`B7: ${workload}`);
    // Informative reports may take seconds a run: a few runs say enough.
    const summary = await measure(
      targeted ? inputs : inputs.slice(0, INFORMATIVE_RUNS),
      query(name),
    );
    timed.push({
      workload,
      summary,
      target: targeted ? `p95 < ${TARGET_MS} ms` : '(informative)',
      met: targeted ? summary.p95 < TARGET_MS : undefined,
    });
  };
  await time(
    'report.dayClose, one studio day',
    'report.dayClose',
    days.map((d) => ({ from: d })),
    true,
  );
  // The 90-day sales report is salesByDay; a day close over 90 days is informative.
  await time('report.dayClose, 90 days', 'report.dayClose', quarters, false);
  await time('report.salesByDay, 90 days', 'report.salesByDay', quarters, true);
  await time(
    'report.liabilities, now',
    'report.liabilities',
    days.map(() => ({})),
    false,
  );
  await time('report.attendance, 90 days', 'report.attendance', quarters, false);
  await time('report.members, 90 days', 'report.members', quarters, false);

  const line = (t: TimedReport): FigureLine => ({
    bench: 'B7',
    workload: t.workload,
    figure: `p50 ${ms(t.summary.p50)}, p95 ${ms(t.summary.p95)}, p99 ${ms(t.summary.p99)}`,
    baseline: `PK lookup p50 ${ms(baseline.p50)}`,
    ratio: `${times(t.summary.p50 / baseline.p50)} (p50)`,
    target: t.target,
    met: t.met,
  });
  return {
    id: 'B7',
    title: 'Owner reports at the desk with the large tenant',
    lines: timed.map(line),
    details: {
      lastSaleDay: last,
      baseline,
      reports: Object.fromEntries(timed.map((t) => [t.workload, t.summary])),
    },
    notes: [
      `${runs} runs of each targeted report (${INFORMATIVE_RUNS} of each informative one), on the studio days (or 90-day windows) ending by ${last}, the tenant's last sale day`,
    ],
  };
}
