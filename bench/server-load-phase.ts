import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { summarize, type LatencySummary } from './bench-stats';
import { postgresCpuBetween, samplePostgresCpu } from './postgres-cpu';
import type { SimulatedDesk } from './simulated-desk';
import type { ServerMemory, SyncServerProcess } from './sync-server-process';

export interface LoadSizes {
  readonly desks: number;
  readonly tenants: number;
  readonly mutationsPerSecond: number;
  readonly seconds: number;
}

/** What one load phase measured, over every instance that served it. */
export interface LoadPhaseResult {
  readonly instances: number;
  readonly warmUpSeconds: number;
  readonly measuredSeconds: number;
  readonly mutationsPerSecond: number;
  readonly latency: LatencySummary;
  readonly pushesApplied: number;
  readonly refusals: number;
  readonly pokesReceived: number;
  readonly perPush: {
    readonly statements: number;
    readonly roundTrips: number;
    readonly serverCpuMs: number;
    readonly postgresCpuMs: number | undefined;
  };
  /** Pushes per group commit transaction; undefined when group commit is off. */
  readonly pushesPerGroup: number | undefined;
  /** Each instance's peak RSS under load. */
  readonly peakMemory: readonly ServerMemory[];
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Spreads the desks over `servers` (desk i on instance i mod n, so the desks of one studio
 * sit on different instances and are poked across them through LISTEN/NOTIFY) and has each
 * push one sale per request at an even share of the offered rate, for a warm-up and then
 * `sizes.seconds` measured.
 */
export async function runLoadPhase(
  servers: readonly SyncServerProcess[],
  desks: readonly SimulatedDesk[],
  sizes: LoadSizes,
  databaseUrl: string,
): Promise<LoadPhaseResult> {
  await Promise.all(desks.map((desk, i) => desk.moveTo(servers[i % servers.length]?.url ?? '')));
  const pokesBefore = sum(desks.map((d) => d.pokes));
  const refusalsBefore = sum(desks.map((d) => d.refusals));
  const warmUpSeconds = Math.min(2, sizes.seconds / 4);
  const intervalMs = (1000 * sizes.desks) / sizes.mutationsPerSecond;
  const started = performance.now();
  const measureFrom = started + warmUpSeconds * 1000;
  const end = measureFrom + sizes.seconds * 1000;
  const latencies: number[] = [];
  let pushesApplied = 0;
  const workBefore = await Promise.all(servers.map((s) => s.work()));
  const postgresBefore = await samplePostgresCpu(databaseUrl);
  const peaks: ServerMemory[] = await Promise.all(servers.map((s) => s.memory()));
  const sampler = (async () => {
    while (performance.now() < end) {
      await sleep(500);
      const memory = await Promise.all(servers.map((s) => s.memory()));
      memory.forEach((m, i) => {
        if (m.rss > (peaks[i]?.rss ?? 0)) peaks[i] = m;
      });
    }
  })();
  await Promise.all(
    desks.map(async (desk, i) => {
      // Desks spread evenly over the interval, so the load is steady rather than in waves.
      let next = started + (i / desks.length) * intervalMs;
      // A desk behind its schedule stops at the end too, rather than catching up on every
      // sale it was offered (which made a slow server's run last many times its length).
      while (next < end && performance.now() < end) {
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
        const sentAt = performance.now();
        const latency = await desk.pushSale();
        if (latency !== undefined) pushesApplied++;
        if (latency !== undefined && sentAt >= measureFrom && sentAt < end) latencies.push(latency);
        next += intervalMs;
      }
    }),
  );
  const measuredSeconds = (Math.min(performance.now(), end) - measureFrom) / 1000;
  const workAfter = await Promise.all(servers.map((s) => s.work()));
  const postgresAfter = await samplePostgresCpu(databaseUrl);
  await sampler;
  const pushes = Math.max(1, pushesApplied);
  const postgresMs = postgresCpuBetween(postgresBefore, postgresAfter);
  const statements = sum(workAfter.map((w, i) => w.statements - (workBefore[i]?.statements ?? 0)));
  const roundTrips = sum(workAfter.map((w, i) => w.roundTrips - (workBefore[i]?.roundTrips ?? 0)));
  const cpuMicros = sum(workAfter.map((w, i) => w.cpuMicros - (workBefore[i]?.cpuMicros ?? 0)));
  const groups = sum(workAfter.map((w, i) => w.groups - (workBefore[i]?.groups ?? 0)));
  const grouped = sum(
    workAfter.map((w, i) => w.groupedPushes - (workBefore[i]?.groupedPushes ?? 0)),
  );
  return {
    instances: servers.length,
    warmUpSeconds,
    measuredSeconds,
    mutationsPerSecond: latencies.length / measuredSeconds,
    latency: summarize(latencies),
    pushesApplied,
    refusals: sum(desks.map((d) => d.refusals)) - refusalsBefore,
    pokesReceived: sum(desks.map((d) => d.pokes)) - pokesBefore,
    perPush: {
      statements: statements / pushes,
      roundTrips: roundTrips / pushes,
      serverCpuMs: cpuMicros / 1000 / pushes,
      postgresCpuMs: postgresMs === undefined ? undefined : postgresMs / pushes,
    },
    pushesPerGroup: groups > 0 ? grouped / groups : undefined,
    peakMemory: peaks,
  };
}
