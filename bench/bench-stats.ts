import { performance } from 'node:perf_hooks';

export interface LatencySummary {
  readonly runs: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** Times `run` once per input, after a warm-up pass, in milliseconds. */
export async function measure<T>(
  inputs: readonly T[],
  run: (input: T) => Promise<unknown>,
): Promise<LatencySummary> {
  for (const input of inputs.slice(0, Math.min(50, inputs.length))) await run(input);
  const samples: number[] = [];
  for (const input of inputs) {
    const started = performance.now();
    await run(input);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    runs: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
  };
}

export const ms = (value: number) => value.toFixed(3);
