import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { Desk } from '../src-main/store/open-desk';
import { runDeskMutation } from '../src-main/operations/run-mutation';
import { runDeskQuery } from '../src-main/operations/run-query';
import { queryRegistry } from '../src-shared/queries/all-queries';
import { mebibytes, ms, times, type BenchOutcome, type FigureLine } from './bench-report';
import { measure, type LatencySummary } from './bench-stats';
import { equivalentScheduleDay } from './schedule-day-equivalent';

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
 * type-ahead (`member.find`), the day schedule (`schedule.day`), and a POS sale committed
 * durably (`runDeskMutation('pos.sale')`: effects and outbox entry in one fsynced commit).
 * The baseline is a primary-key lookup of one member through the same Kysely path.
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

  log('B6: day schedule');
  const locations = await desk.db
    .selectFrom('locations')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
  const days = Array.from({ length: runs }, (_, i) => {
    // Days around today, where the demo's schedule is dense: history and bookings ahead.
    const day = new Date(desk.clock.now() + ((i % 21) - 10) * 86_400_000);
    return {
      date: day.toISOString().slice(0, 10),
      locationId: locations[i % locations.length]?.id,
    };
  });
  const registered = queryRegistry.has('schedule.day');
  if (!registered)
    notes.push('schedule.day is not registered: timed an equivalent query written in the bench');
  const scheduleFor = (args: { date: string; locationId?: string | undefined }) =>
    registered
      ? runDeskQuery(desk, 'schedule.day', args)
      : equivalentScheduleDay(desk, tenantId, args);
  const dayAtLocation = await measure(days, scheduleFor);
  const dayAllLocations = await measure(days, (d) => scheduleFor({ date: d.date }));

  log('B6: POS sales, committed durably');
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
      line('schedule.day, one location', dayAtLocation, 'p95 ≤ 5 ms', dayAtLocation.p95 <= 5),
      line(
        `schedule.day, all ${locations.length} locations`,
        dayAllLocations,
        '(informative)',
        undefined,
      ),
      line('POS sale, durable commit', sale, 'p99 ≤ 5 ms', sale.p99 <= 5),
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
      scheduleDay: { registered, oneLocation: dayAtLocation, allLocations: dayAllLocations },
      posSale: { item: item.what, total: item.total, latency: sale },
      memory: { rss: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal },
    },
    notes,
  };
}
