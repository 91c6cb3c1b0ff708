import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { enrollDevice } from '../src-main/sync/sync-transport';
import { createEnrollmentCode } from '../sync-server/admin/device-admin';
import { addStaff } from '../sync-server/admin/staff-admin';
import { createTenant } from '../sync-server/admin/tenant-admin';
import { mebibytes, ms, perSecond, times, type BenchOutcome } from './bench-report';
import { createBenchDatabase, rawPostgresClient } from './bench-postgres';
import { summarize } from './bench-stats';
import { postgresCpuMs } from './postgres-cpu';
import { SimulatedDesk } from './simulated-desk';
import { startSyncServerProcess, type ServerMemory } from './sync-server-process';

/** Staff PINs hashed cheaply: set-up only, the hash is never checked in this benchmark. */
const CHEAP_PIN_COST = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };
/** The server's own pool size, used for the raw baseline too. */
const POOL_SIZE = 10;

export interface LoadSizes {
  readonly desks: number;
  readonly tenants: number;
  readonly mutationsPerSecond: number;
  readonly seconds: number;
}

/**
 * Raw Postgres insert throughput: POOL_SIZE connections each inserting single rows, each
 * its own committed transaction, for `seconds`. The ceiling for any server that commits
 * every push on this Postgres with this many connections.
 */
async function rawInsertRate(databaseUrl: string, seconds: number): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: POOL_SIZE }, () => rawPostgresClient(databaseUrl)),
  );
  try {
    await clients[0]?.query(
      'create table bench_raw_inserts (id uuid primary key, tenant_id uuid not null, body jsonb not null, at text not null)',
    );
    const end = performance.now() + seconds * 1000;
    const counts = await Promise.all(
      clients.map(async (client) => {
        let n = 0;
        while (performance.now() < end) {
          await client.query(
            'insert into bench_raw_inserts (id, tenant_id, body, at) values ($1, $2, $3, $4)',
            [
              randomUUID(),
              randomUUID(),
              '{"kind":"gift_card","amount":2500}',
              new Date().toISOString(),
            ],
          );
          n++;
        }
        return n;
      }),
    );
    return counts.reduce((a, b) => a + b, 0) / seconds;
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/**
 * B5: the sync server in a child process under `desks` connected desks of `tenants`
 * studios, each desk holding its event stream open and pushing one sale per request at an
 * even share of the offered rate, with the per-device rate limit as shipped. Figures: the
 * mutations/s applied, push latency, and the server process's memory.
 */
export async function benchServerLoad(
  sizes: LoadSizes,
  log: (line: string) => void,
): Promise<BenchOutcome> {
  const database = await createBenchDatabase();
  const desks: SimulatedDesk[] = [];
  let server: Awaited<ReturnType<typeof startSyncServerProcess>> | undefined;
  try {
    log(`B5: ${sizes.tenants} studios, ${sizes.desks} desks`);
    server = await startSyncServerProcess({
      databaseUrl: database.url,
      maxConnections: POOL_SIZE,
      defaultDeviceLimits: true,
      ...(process.env['BENCH_PREPARED'] === '0' ? { preparedStatements: false } : {}),
    });
    const idleMemory = await server.memory();
    const perTenant = Math.ceil(sizes.desks / sizes.tenants);
    for (let t = 0; t < sizes.tenants && desks.length < sizes.desks; t++) {
      const slug = `load-${t}-${randomUUID().slice(0, 8)}`;
      const tenant = await createTenant(
        { db: database.db },
        { name: `Load ${t}`, slug, currency: 'USD' },
      );
      const owner = await addStaff(
        { db: database.db },
        {
          tenantId: tenant.tenantId,
          email: `owner@${slug}.example.com`,
          firstName: 'Olive',
          lastName: 'Owner',
          role: 'owner',
          pin: '1234',
        },
        CHEAP_PIN_COST,
      );
      for (let d = 0; d < perTenant && desks.length < sizes.desks; d++) {
        const { code } = await createEnrollmentCode(
          { db: database.db },
          { tenantId: tenant.tenantId },
        );
        const enrolled = await enrollDevice(server.url, { code, deviceName: `Desk ${d + 1}` });
        desks.push(new SimulatedDesk(server.url, enrolled.deviceToken, owner.memberId));
      }
    }
    await Promise.all(desks.map((desk) => desk.connect()));
    const connectedMemory = await server.memory();

    const warmUpSeconds = Math.min(2, sizes.seconds / 4);
    const intervalMs = (1000 * sizes.desks) / sizes.mutationsPerSecond;
    log(
      `B5: ${sizes.mutationsPerSecond} sales/s offered for ${warmUpSeconds} s warm-up + ${sizes.seconds} s`,
    );
    const started = performance.now();
    const measureFrom = started + warmUpSeconds * 1000;
    const end = measureFrom + sizes.seconds * 1000;
    const latencies: number[] = [];
    let pushesApplied = 0;
    const workBefore = await server.work();
    const postgresBefore = await postgresCpuMs(database.url);
    let peak: ServerMemory = connectedMemory;
    const sampler = (async () => {
      while (performance.now() < end) {
        await sleep(500);
        const memory = await server.memory();
        if (memory.rss > peak.rss) peak = memory;
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
          if (latency !== undefined && sentAt >= measureFrom && sentAt < end)
            latencies.push(latency);
          next += intervalMs;
        }
      }),
    );
    const measuredSeconds = (Math.min(performance.now(), end) - measureFrom) / 1000;
    const workAfter = await server.work();
    const postgresAfter = await postgresCpuMs(database.url);
    await sampler;
    const perPush = {
      statements: (workAfter.statements - workBefore.statements) / Math.max(1, pushesApplied),
      serverCpuMs: (workAfter.cpuMicros - workBefore.cpuMicros) / 1000 / Math.max(1, pushesApplied),
      postgresCpuMs:
        postgresBefore === undefined || postgresAfter === undefined
          ? undefined
          : (postgresAfter - postgresBefore) / Math.max(1, pushesApplied),
    };
    const refusals = desks.reduce((n, d) => n + d.refusals, 0);
    const pokes = desks.reduce((n, d) => n + d.pokes, 0);
    for (const desk of desks) desk.disconnect();
    const latency = summarize(latencies);
    const rate = latencies.length / measuredSeconds;

    log('B5: raw Postgres insert baseline');
    const raw = await rawInsertRate(database.url, Math.min(5, sizes.seconds));
    return {
      id: 'B5',
      title: `Server under ${sizes.desks} connected desks pushing steadily`,
      lines: [
        {
          bench: 'B5',
          workload: `${sizes.desks} desks push sales, ${sizes.mutationsPerSecond}/s offered`,
          figure: `${perSecond(rate, 'mutations')}, push p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)}`,
          baseline: `raw PG inserts ${perSecond(raw, 'rows')}`,
          ratio: `${times(rate / raw)} of raw`,
          target: '≥ 2,000/s, p99 ≤ 50 ms',
          met: rate >= 2000 && latency.p99 <= 50,
        },
        {
          bench: 'B5',
          workload: 'server work per applied push',
          figure:
            `${perPush.statements.toFixed(1)} statements (round trips), ${ms(perPush.serverCpuMs)} server CPU` +
            (perPush.postgresCpuMs === undefined
              ? ''
              : `, ${ms(perPush.postgresCpuMs)} Postgres CPU`),
          baseline: '',
          ratio: '',
          target: '(reported)',
        },
        {
          bench: 'B5',
          workload: 'server process memory',
          figure: `RSS ${mebibytes(peak.rss)} peak under load`,
          baseline: `idle ${mebibytes(idleMemory.rss)}, ${sizes.desks} streams open ${mebibytes(connectedMemory.rss)}`,
          ratio: '',
          target: '(reported)',
        },
      ],
      details: {
        ...sizes,
        warmUpSeconds,
        measuredSeconds,
        applied: latencies.length,
        mutationsPerSecond: rate,
        latency,
        refusals,
        pokesReceived: pokes,
        rawInsertsPerSecond: raw,
        pushesApplied,
        perPush,
        serverMemory: { idle: idleMemory, connected: connectedMemory, peak },
      },
      notes: [
        `each push is one pos.sale (a gift card paid by card) re-run by the server; ${refusals} pushes refused or rate limited; desks received ${pokes} pokes`,
        'the simulated desks run in the bench process, on the same two cores as the server and Postgres',
      ],
    };
  } finally {
    for (const desk of desks) desk.disconnect();
    await server?.stop();
    await database.dispose();
  }
}
