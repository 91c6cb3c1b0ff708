import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { pullResponseSchema } from '../src-shared/protocol/sync-messages';
import { summarize } from './bench-stats';
import { SimulatedDesk } from './simulated-desk';
import { startOneStudioServer } from './one-studio-server';

/**
 * B4's pull at desk B, alone: one studio, desk A pushes a sale (B5's gift-card sale, rows in
 * several tables), then desk B pulls the page holding it, `pulls` times one after another.
 * Reports the server's statements and round trips per pull (counted in its process, as B5
 * does), its CPU per pull and each pull's time from request to parsed answer.
 */
export async function measurePullStatements(pulls: number): Promise<{
  readonly statementsSent: number;
  readonly roundTrips: number;
  readonly cpuMicros: number;
  readonly rows: number;
  readonly latencies: readonly number[];
}> {
  const studio = await startOneStudioServer({ name: 'Pulls', slug: 'pulls' });
  const { server } = studio;
  let deskA: SimulatedDesk | undefined;
  try {
    const atA = await studio.enrol('Desk A');
    const atB = await studio.enrol('Desk B');
    deskA = new SimulatedDesk(server.url, atA.deviceToken, studio.ownerId);
    await deskA.connect();
    const serverUrl = server.url;
    let checkpoint = 0;
    const pull = async () => {
      const response = await fetch(
        new URL(`/v1/pull?after=${checkpoint}&limit=1000&ownRows=digest`, serverUrl),
        { headers: { authorization: `Bearer ${atB.deviceToken}` } },
      );
      const page = pullResponseSchema.parse(await response.json());
      checkpoint = page.position;
      return page.changes.length;
    };
    await pull();
    // A few rounds first, so each pooled connection has prepared what it sends.
    for (let i = 0; i < 20; i++) {
      await deskA.pushSale();
      await pull();
    }
    let statements = 0;
    let roundTrips = 0;
    let cpuMicros = 0;
    let rows = 0;
    const latencies: number[] = [];
    for (let i = 0; i < pulls; i++) {
      await deskA.pushSale();
      // The push's poke (a statement of its own after the commit) is not the pull's.
      await sleep(5);
      const before = await server.work();
      const started = performance.now();
      rows += await pull();
      latencies.push(performance.now() - started);
      const after = await server.work();
      statements += after.statements - before.statements;
      roundTrips += after.roundTrips - before.roundTrips;
      cpuMicros += after.cpuMicros - before.cpuMicros;
    }
    const perPull = (total: number) => total / Math.max(1, pulls);
    return {
      statementsSent: perPull(statements),
      roundTrips: perPull(roundTrips),
      cpuMicros: perPull(cpuMicros),
      rows: perPull(rows),
      latencies,
    };
  } finally {
    deskA?.disconnect();
    await studio.dispose();
  }
}

/** `npx tsx bench/pull-statements.ts [pulls]` prints the statements and time of one pull. */
async function main(): Promise<void> {
  const pulls = Number(process.argv[2] ?? 200);
  const { statementsSent, roundTrips, cpuMicros, rows, latencies } =
    await measurePullStatements(pulls);
  const latency = summarize(latencies);
  console.log(
    `pull of ${rows.toFixed(1)} rows: ${statementsSent.toFixed(1)} statements in ` +
      `${roundTrips.toFixed(1)} round trips, server CPU ${(cpuMicros / 1000).toFixed(2)} ms ` +
      `(with its work report); one pull at a time: p50 ${latency.p50.toFixed(2)} ms, ` +
      `p99 ${latency.p99.toFixed(2)} ms`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
