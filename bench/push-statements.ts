import { pathToFileURL } from 'node:url';
import { enrollDevice } from '../src-main/sync/sync-transport';
import { createEnrollmentCode } from '../sync-server/admin/device-admin';
import { addStaff } from '../sync-server/admin/staff-admin';
import { createTenant } from '../sync-server/admin/tenant-admin';
import { createBenchDatabase } from './bench-postgres';
import {
  formatTopStatements,
  resetStatementStats,
  topStatements,
  type TopStatements,
} from './pg-stat-statements';
import { summarize } from './bench-stats';
import { SimulatedDesk } from './simulated-desk';
import { startSyncServerProcess } from './sync-server-process';

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
  const database = await createBenchDatabase();
  let server: Awaited<ReturnType<typeof startSyncServerProcess>> | undefined;
  let desk: SimulatedDesk | undefined;
  try {
    server = await startSyncServerProcess({
      databaseUrl: database.url,
      maxConnections: 10,
      defaultDeviceLimits: false,
    });
    const tenant = await createTenant(
      { db: database.db },
      { name: 'Statements', slug: 'statements', currency: 'USD' },
    );
    const owner = await addStaff(
      { db: database.db },
      {
        tenantId: tenant.tenantId,
        email: 'owner@statements.example.com',
        firstName: 'Olive',
        lastName: 'Owner',
        role: 'owner',
        pin: '1234',
      },
      { N: 2 ** 10, r: 8, p: 1, keyLength: 32 },
    );
    const { code } = await createEnrollmentCode({ db: database.db }, { tenantId: tenant.tenantId });
    const enrolled = await enrollDevice(server.url, { code, deviceName: 'Desk 1' });
    desk = new SimulatedDesk(server.url, enrolled.deviceToken, owner.memberId);
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
    await server?.stop();
    await database.dispose();
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
