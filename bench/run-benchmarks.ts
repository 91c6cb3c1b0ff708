// `npm run bench [-- B1 B4 …]`: the benchmarks of issue 7, each figure next to a baseline
// measured in the same run. Prints a table (progress goes to stderr) and writes JSON to
// bench-results/latest.json (gitignored). Not part of the tests: figures on a shared
// machine are noisy, so targets are judged against the same-run baselines; see
// docs/BENCHMARKS.md. BENCH_SCALE=small gives a quick run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchDeskLocal } from './desk-local-bench';
import { benchDeskToDesk } from './desk-to-desk-bench';
import {
  BENCH_USAGE,
  BenchUsageError,
  parseBenchOptions,
  type BenchmarkId,
  type BenchOptions,
} from './bench-options';
import { fixed, formatTable, type BenchOutcome } from './bench-report';
import { createDemoWorld } from './demo-world';
import { benchInitialSync, syncFreshDesk, type SyncedDesk } from './initial-sync-bench';
import { benchReconnect } from './reconnect-bench';
import { benchReports } from './reports-bench';
import { benchRxdbPull } from './rxdb-pull-bench';
import { benchServerLoad } from './server-load-bench';

const log = (line: string) => {
  console.error(line);
};

interface Failure {
  readonly id: BenchmarkId;
  readonly error: string;
}

async function attempt(
  id: BenchmarkId,
  options: BenchOptions,
  outcomes: BenchOutcome[],
  failures: Failure[],
  run: () => Promise<BenchOutcome>,
): Promise<void> {
  if (!options.selected.includes(id)) return;
  const started = performance.now();
  try {
    outcomes.push(await run());
    log(`${id} done in ${fixed((performance.now() - started) / 1000)} s`);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${id} failed: ${message}`);
    failures.push({ id, error: message });
  }
}

/** B1, B6, B7 and B2 share one large tenant and the desk B1 synced (loading it takes minutes). */
async function runTenantBenchmarks(
  options: BenchOptions,
  outcomes: BenchOutcome[],
  failures: Failure[],
) {
  if (!options.selected.some((id) => id === 'B1' || id === 'B2' || id === 'B6' || id === 'B7'))
    return;
  log(`loading the ${options.sizes.tenant} demo tenant into a fresh Postgres database`);
  const world = await createDemoWorld(options.sizes.tenant);
  log(`  ${world.demoRows} rows in ${fixed(world.loadSeconds)} s`);
  let synced: Promise<SyncedDesk> | undefined;
  const sync = () => (synced ??= syncFreshDesk(world, log));
  try {
    await attempt('B1', options, outcomes, failures, () => benchInitialSync(world, sync, log));
    // Before B2, whose RxDB copy would otherwise count in the desk's memory figure.
    await attempt('B6', options, outcomes, failures, async () => {
      const { desk } = await sync();
      return benchDeskLocal(
        desk,
        world.tenantId,
        await world.signIn(desk),
        options.sizes.localRuns,
        log,
      );
    });
    await attempt('B7', options, outcomes, failures, async () => {
      const { desk } = await sync();
      return benchReports(desk, world.tenantId, options.sizes.reportRuns, log);
    });
    await attempt('B2', options, outcomes, failures, async () => {
      const desked = await sync();
      return benchRxdbPull(
        world.server.url,
        desked.desk,
        desked,
        options.sizes.rxdbBudgetSeconds,
        log,
      );
    });
  } finally {
    await world.dispose();
  }
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseBenchOptions>;
  try {
    parsed = parseBenchOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    console.error(`bench: ${error.message}\n\n${BENCH_USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(BENCH_USAGE);
    return 0;
  }
  const options = parsed;
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg();
  log(
    `bench ${options.selected.join(' ')} at scale ${options.scaleName}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const outcomes: BenchOutcome[] = [];
  const failures: Failure[] = [];
  await runTenantBenchmarks(options, outcomes, failures);
  const sizes = options.sizes;
  await attempt('B3', options, outcomes, failures, () =>
    benchReconnect(sizes.offlineSalesPerDesk, log),
  );
  await attempt('B4', options, outcomes, failures, () =>
    benchDeskToDesk(sizes.desktoDeskSales, log),
  );
  await attempt('B5', options, outcomes, failures, () =>
    benchServerLoad(
      {
        desks: sizes.loadDesks,
        tenants: sizes.loadTenants,
        mutationsPerSecond: sizes.loadMutationsPerSecond,
        seconds: sizes.loadSeconds,
      },
      log,
    ),
  );
  const loadAfter = loadavg();

  const order = (o: BenchOutcome) => options.selected.indexOf(o.id as BenchmarkId);
  const sorted = [...outcomes].sort((a, b) => order(a) - order(b));
  console.log(`\nBenchmarks of issue 7, scale ${options.scaleName}`);
  console.log(formatTable(sorted.flatMap((o) => o.lines)));
  for (const outcome of sorted)
    for (const note of outcome.notes) console.log(`${outcome.id}: ${note}`);
  for (const failure of failures)
    console.log(`${failure.id}: FAILED (${failure.error.split('\n')[0]})`);
  console.log(
    `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
  );

  const report = {
    startedAt,
    finishedAt: new Date().toISOString(),
    scale: options.scaleName,
    sizes,
    selected: options.selected,
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadAfter,
    },
    results: Object.fromEntries(
      sorted.map((o) => [o.id, { title: o.title, lines: o.lines, notes: o.notes, ...o.details }]),
    ),
    failures,
  };
  mkdirSync(dirname(options.outputFile), { recursive: true });
  writeFileSync(options.outputFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${options.outputFile}`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
