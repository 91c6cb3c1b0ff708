import { availableParallelism } from 'node:os';
import { z } from 'zod';

/** What `serverctl serve` was asked for, checked; JSON, so workers receive it as it is. */
export const serveSettingsSchema = z.strictObject({
  port: z.number().int().min(0).max(65_535),
  host: z.string().min(1),
  /** Links in the studios' messages (unsubscribe, notifications) point here. */
  publicUrl: z.string().min(1),
  quiet: z.boolean(),
  json: z.boolean(),
  /** Minutes between renewal billing runs (R14.5); 0 turns them off. */
  billEveryMinutes: z.number().int().min(0),
  /** Hours between class series horizon runs (R11.1); 0 turns them off. */
  seriesEveryHours: z.number().int().min(0),
  /** `--workers`; undefined: the core count on Postgres, 1 on PGlite. */
  workers: z.number().int().min(1).optional(),
  /** `--pool`: connections per worker; undefined: defaultPoolSize(workers). */
  pool: z.number().int().min(1).optional(),
});
export type ServeSettings = z.infer<typeof serveSettingsSchema>;

/** Largest `--workers` and `--pool` taken: far beyond what one machine's Postgres serves. */
export const MAX_WORKERS = 256;
export const MAX_POOL = 100;

/**
 * Connections per worker when `--pool` is left out: 10, kept after measuring. B5 at medium
 * scale (200 desks, one instance, TCP), alternated with pool 5 and 20 on 2026-12-05 at load
 * 12-19: median ratio to the same-run raw insert rate 0.033 (pool 5), 0.031 (10), 0.030 (20),
 * five runs each, each setting's runs spread 2-3x by the load; per push, server CPU 3.77,
 * 3.28 and 3.01 ms, Postgres CPU 2.54, 2.23 and 1.63 ms. No clear winner on two saturated
 * cores, so the default stays where it was (docs/BENCHMARKS.md); a larger pool cost less CPU
 * per push, worth measuring again on a quiet machine.
 * With many workers it is cut so that all of them together stay within 80 connections,
 * leaving room under Postgres's default max_connections of 100 for the workers' LISTEN
 * connections and serverctl's other commands; at least 2 each.
 */
export const DEFAULT_POOL_PER_WORKER = 10;
const DEFAULT_TOTAL_POOL = 80;

export function defaultPoolSize(workers: number): number {
  return Math.max(2, Math.min(DEFAULT_POOL_PER_WORKER, Math.floor(DEFAULT_TOTAL_POOL / workers)));
}

/** `--workers` left out: one process per core where Postgres allows several. */
export function defaultWorkerCount(): number {
  return availableParallelism();
}
