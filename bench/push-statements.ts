import { pathToFileURL } from 'node:url';
import {
  formatTopStatements,
  resetStatementStats,
  topStatements,
  type TopStatements,
} from './pg-stat-statements';
import { summarize } from './bench-stats';
import { SimulatedDesk } from './simulated-desk';
import { startOneStudioServer } from './one-studio-server';

/**
 * What our server runs for B5's push, statement by statement: one studio, one desk enrolled
 * as B5 enrols it, `pushes` single-sale pushes one after another (so nothing queues), and
 * pg_stat_statements read for the bench database before it is dropped. Nested statements
 * (the capture triggers', the position trigger's) are listed too, marked as such.
 */
export async function measurePushStatements(
  pushes: number,
  log: (line: string) => void,
): Promise<{
  readonly top: TopStatements | undefined;
  readonly statementsSent: number;
  readonly roundTrips: number;
  /** The server process's CPU time per push (user and system), in ms. */
  readonly serverCpuMs: number;
  /** Each push's time from the desk's request to its answer, one at a time, in ms. */
  readonly latencies: readonly number[];
}> {
  const studio = await startOneStudioServer({ name: 'Statements', slug: 'statements' });
  const { database, server } = studio;
  let desk: SimulatedDesk | undefined;
  try {
    const enrolled = await studio.enrol('Desk 1');
    desk = new SimulatedDesk(server.url, enrolled.deviceToken, studio.ownerId);
    await desk.connect();
    // A few pushes first, so each pooled connection has prepared what it sends.
    for (let i = 0; i < 20; i++) await desk.pushSale();
    const reset = await resetStatementStats(database.url, database.name, { log });
    const before = await server.work();
    let applied = 0;
    const latencies: number[] = [];
    for (let i = 0; i < pushes; i++) {
      const started = performance.now();
      if ((await desk.pushSale()) !== undefined) applied++;
      latencies.push(performance.now() - started);
    }
    const after = await server.work();
    const top = reset
      ? await topStatements(database.url, database.name, 40, { pushes: applied, log })
      : undefined;
    const perPush = (total: number) => total / Math.max(1, applied);
    return {
      top,
      statementsSent: perPush(after.statements - before.statements),
      roundTrips: perPush(after.roundTrips - before.roundTrips),
      serverCpuMs: perPush(after.cpuMicros - before.cpuMicros) / 1000,
      latencies,
    };
  } finally {
    desk?.disconnect();
    await studio.dispose();
  }
}

/** `npx tsx bench/push-statements.ts [pushes]` prints the statements of one push. */
async function main(): Promise<void> {
  const pushes = Number(process.argv[2] ?? 200);
  const log = (line: string) => {
    console.error(line);
  };
  const { top, statementsSent, roundTrips, serverCpuMs, latencies } = await measurePushStatements(
    pushes,
    log,
  );
  const latency = summarize(latencies);
  console.log(
    `statements sent by the server per push (its own count): ${statementsSent.toFixed(1)}, ` +
      `in ${roundTrips.toFixed(1)} round trips, ${serverCpuMs.toFixed(2)} ms server CPU; ` +
      `one push at a time: ` +
      `p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms`,
  );
  if (top) for (const line of formatTopStatements(top, 300)) console.log(line);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
