import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { Desk } from '../src-main/store/open-desk';
import { runDeskMutation } from '../src-main/operations/run-mutation';
import { runDeskQuery } from '../src-main/operations/run-query';
import { fixed, mebibytes, ms, times, type BenchOutcome, type FigureLine } from './bench-report';
import { measure, type LatencySummary } from './bench-stats';
import { benchScheduleDay } from './schedule-day-bench';
import { durableCommitFloor } from './durable-commit-floor';

/** A forced collection before reading the heap, so the figure is live data, not garbage. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') Reflect.apply(gc, undefined, []);
}

interface SaleItem {
  readonly line: Record<string, unknown>;
  readonly total: number;
  readonly what: string;
}

/** Something the desk can sell `count` times over: a product in stock, else a gift card. */
async function pickSaleItem(desk: Desk, tenantId: string, count: number): Promise<SaleItem> {
  const product = await desk.db
    .selectFrom('products')
    .select(['id', 'name', 'price'])
    .where('tenant_id', '=', tenantId)
    .where('active', '=', 1)
    .where((e) => e.or([e('stock_quantity', 'is', null), e('stock_quantity', '>=', count)]))
    .orderBy('id')
    .executeTakeFirst();
  const line = product
    ? { kind: 'product', productId: product.id, quantity: 1, unitPrice: product.price }
    : { kind: 'gift_card', amount: 2500 };
  // The desk quotes first (tax included) and takes the quoted total.
  const quote = (await runDeskQuery(desk, 'pos.quote', { lines: [line] })) as { total: number };
  return { line, total: quote.total, what: product ? `product "${product.name}"` : 'gift card' };
}

/**
 * B6: the desk's own operations on the large tenant, against its local SQLite copy: member
 * type-ahead (`member.find`), the day schedule (`schedule.day`, on classes its series made,
 * after `classSeries.extend` to the 12-week horizon: schedule-day-bench.ts), and a POS sale
 * committed durably (`runDeskMutation('pos.sale')`: effects and outbox entry in one fsynced
 * commit). The baseline is a primary-key lookup of one member through the same Kysely path,
 * timed before anything else.
 */
export async function benchDeskLocal(
  desk: Desk,
  tenantId: string,
  actorId: string,
  runs: number,
  log: (line: string) => void,
): Promise<BenchOutcome> {
  const notes: string[] = [];
  const sample = await desk.db
    .selectFrom('tenant_members')
    .innerJoin('users', 'users.id', 'tenant_members.user_id')
    .select([
      'tenant_members.id',
      'tenant_members.profile',
      'tenant_members.barcode',
      'users.email',
    ])
    .where('tenant_members.tenant_id', '=', tenantId)
    .orderBy('tenant_members.id')
    .limit(runs)
    .execute();
  const find = (text: string) => runDeskQuery(desk, 'member.find', { text, limit: 20 });
  const lastNames = sample.map(
    (m) => (JSON.parse(m.profile) as { lastName?: string }).lastName?.slice(0, 3) ?? 'a',
  );

  log('B6: baseline and member type-ahead');
  const baseline = await measure(sample, (m) =>
    desk.db
      .selectFrom('tenant_members')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', m.id)
      .executeTakeFirst(),
  );
  const byName = await measure(lastNames, find);
  const byEmail = await measure(
    sample.map((m) => m.email.slice(0, 5)),
    find,
  );
  const byBarcode = await measure(
    sample.map((m) => m.barcode ?? 'none'),
    find,
  );

  const schedule = await benchScheduleDay(desk, tenantId, runs, log);
  if (!schedule.registered)
    notes.push('schedule.day is not registered: timed an equivalent query written in the bench');
  const { census, horizon } = schedule;
  notes.push(
    `schedule.day ran on series-materialised classes: ${census.occurrences} of the ${census.classes} classes on the timed days carry their series' occurrence id (R11.1); classSeries.extend at the desk made ${horizon.created} more for ${horizon.series} series to the 12-week horizon in ${fixed(horizon.seconds, 2)} s`,
  );
  for (const [call, statements] of Object.entries(schedule.plans)) {
    const plans = statements.map((s) => s.plan.join(' / ')).join(' | ');
    notes.push(`plan of ${call}: ${plans}`);
  }

  log('B6: the durable-commit floor, then POS sales committed durably');
  const commitFloor = await durableCommitFloor(desk, runs);
  const item = await pickSaleItem(desk, tenantId, runs + 60);
  notes.push(`each sale is one ${item.what} paid by card, ${item.total} cents`);
  let n = 0;
  const sale = await measure(
    Array.from({ length: runs }, () => undefined),
    () =>
      runDeskMutation(desk, actorId, 'pos.sale', {
        lines: [item.line],
        tenders: [{ method: 'card', amount: item.total, paymentIntentId: `pi_bench_${++n}` }],
      }),
  );

  // The tail beyond p99: a commit that met SQLite's fallback checkpoint shows here.
  notes.push(
    `POS sale max ${ms(sale.max)}; one-row durable commit p50 ${ms(commitFloor.p50)}, max ${ms(commitFloor.max)}`,
  );

  collectGarbage();
  const memory = process.memoryUsage();
  const line = (
    workload: string,
    summary: LatencySummary,
    target: string,
    met: boolean | undefined,
  ): FigureLine => ({
    bench: 'B6',
    workload,
    figure: `p50 ${ms(summary.p50)}, p95 ${ms(summary.p95)}, p99 ${ms(summary.p99)}`,
    baseline: `PK lookup p50 ${ms(baseline.p50)}`,
    ratio: `${times(summary.p50 / baseline.p50)} (p50)`,
    target,
    met,
  });
  return {
    id: 'B6',
    title: 'Desk local operations with the large tenant',
    lines: [
      line('member.find, last-name prefix', byName, 'p95 ≤ 10 ms', byName.p95 <= 10),
      line('member.find, e-mail prefix', byEmail, 'p95 ≤ 10 ms', byEmail.p95 <= 10),
      line('member.find, barcode scan', byBarcode, 'p95 ≤ 10 ms', byBarcode.p95 <= 10),
      line(
        'schedule.day, one location (series classes, ±10 days)',
        schedule.oneLocation,
        'p95 ≤ 5 ms',
        schedule.oneLocation.p95 <= 5,
      ),
      line(
        `schedule.day, all ${schedule.locations} locations`,
        schedule.allLocations,
        '(informative)',
        undefined,
      ),
      line(
        'schedule.day, one location, 5–12 weeks ahead (made by classSeries.extend)',
        schedule.aheadOneLocation,
        '(informative)',
        undefined,
      ),
      {
        bench: 'B6',
        workload: 'POS sale, durable commit',
        figure: `p50 ${ms(sale.p50)}, p95 ${ms(sale.p95)}, p99 ${ms(sale.p99)}`,
        baseline: `one-row durable commit p99 ${ms(commitFloor.p99)}`,
        ratio: `${times(sale.p99 / commitFloor.p99)} (p99)`,
        target: 'p99 ≤ 2× the durable commit',
        met: sale.p99 <= 2 * commitFloor.p99,
      },
      {
        bench: 'B6',
        workload: 'desk process memory after the runs',
        figure: `RSS ${mebibytes(memory.rss)}, heap ${mebibytes(memory.heapUsed)}`,
        baseline: '',
        ratio: '',
        target: '(reported)',
      },
    ],
    details: {
      baseline,
      memberFind: { byName, byEmail, byBarcode },
      scheduleDay: schedule,
      posSale: { item: item.what, total: item.total, latency: sale, commitFloor },
      memory: { rss: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal },
    },
    notes,
  };
}
