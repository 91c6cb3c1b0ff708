import type { DemoScalePreset } from '../demo-generator/demo-scale';

export const BENCHMARK_IDS = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7'] as const;
export type BenchmarkId = (typeof BENCHMARK_IDS)[number];

/** How much work each benchmark does at a scale: `small` is a quick check, `large` the figure. */
export interface BenchSizes {
  /** Demo tenant preset for B1, B2, B6 and B7 (large: about a million rows). */
  readonly tenant: DemoScalePreset;
  /** B2: RxDB stops after this long; its per-row rate is taken over what it pulled. */
  readonly rxdbBudgetSeconds: number;
  /** B3: offline sales made at each of the three desks. */
  readonly offlineSalesPerDesk: number;
  /** B4: sales timed from desk A to desk B. */
  readonly desktoDeskSales: number;
  /** B5: connected desks, studios they belong to, offered load and how long it lasts. */
  readonly loadDesks: number;
  readonly loadTenants: number;
  readonly loadMutationsPerSecond: number;
  readonly loadSeconds: number;
  /** B6: timed runs of each desk operation. */
  readonly localRuns: number;
  /** B7: timed runs of each report (a studio day or a 90-day window each). */
  readonly reportRuns: number;
}

export const BENCH_SCALES = {
  small: {
    tenant: 'small',
    rxdbBudgetSeconds: 30,
    offlineSalesPerDesk: 100,
    desktoDeskSales: 40,
    loadDesks: 40,
    loadTenants: 10,
    loadMutationsPerSecond: 400,
    loadSeconds: 4,
    localRuns: 200,
    reportRuns: 20,
  },
  medium: {
    tenant: 'medium',
    rxdbBudgetSeconds: 60,
    offlineSalesPerDesk: 1000,
    desktoDeskSales: 200,
    loadDesks: 200,
    loadTenants: 50,
    loadMutationsPerSecond: 2000,
    loadSeconds: 10,
    localRuns: 500,
    reportRuns: 60,
  },
  large: {
    tenant: 'large',
    rxdbBudgetSeconds: 180,
    offlineSalesPerDesk: 1000,
    desktoDeskSales: 300,
    loadDesks: 200,
    loadTenants: 50,
    loadMutationsPerSecond: 2000,
    loadSeconds: 20,
    localRuns: 1000,
    reportRuns: 60,
  },
} as const satisfies Record<string, BenchSizes>;
export type BenchScaleName = keyof typeof BENCH_SCALES;

export interface BenchOptions {
  readonly selected: readonly BenchmarkId[];
  readonly scaleName: BenchScaleName;
  readonly sizes: BenchSizes;
  readonly outputFile: string;
}

export const BENCH_USAGE = `Usage: npm run bench -- [B1 B2 … B7] [--help]
  Runs the chosen benchmarks (issue 7; B7, the reports, issue 19; all when none is named).
  BENCH_SCALE=small|medium|large  how much work (default large; small takes about a minute)
  BENCH_OUTPUT=FILE               where the JSON goes (default bench-results/latest.json)
  BENCH_POSTGRES_URL=URL          the Postgres server (default postgres://postgres@127.0.0.1:5432/postgres)`;

export class BenchUsageError extends Error {}

function isBenchmarkId(text: string): text is BenchmarkId {
  return (BENCHMARK_IDS as readonly string[]).includes(text);
}

function isScaleName(text: string): text is BenchScaleName {
  return Object.hasOwn(BENCH_SCALES, text);
}

/** Reads the benchmark ids from the arguments and the size from BENCH_SCALE. */
export function parseBenchOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): BenchOptions | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const named = argv.flatMap((arg) => arg.split(',')).filter((arg) => arg.length > 0);
  const selected: BenchmarkId[] = [];
  for (const arg of named) {
    const id = arg.toUpperCase();
    if (!isBenchmarkId(id)) throw new BenchUsageError(`unknown benchmark "${arg}"`);
    if (!selected.includes(id)) selected.push(id);
  }
  const scaleName = env['BENCH_SCALE'] ?? 'large';
  if (!isScaleName(scaleName)) {
    throw new BenchUsageError(`BENCH_SCALE must be small, medium or large, got "${scaleName}"`);
  }
  return {
    selected:
      selected.length > 0
        ? BENCHMARK_IDS.filter((id) => selected.includes(id))
        : [...BENCHMARK_IDS],
    scaleName,
    sizes: BENCH_SCALES[scaleName],
    outputFile: env['BENCH_OUTPUT'] ?? 'bench-results/latest.json',
  };
}
