import { enrollDevice } from '../src-main/sync/sync-transport';
import {
  mebibytes,
  ms,
  perSecond,
  times,
  type BenchOutcome,
  type FigureLine,
} from './bench-report';
import { createBenchDatabase } from './bench-postgres';
import { enrolBenchDesks } from './bench-studios';
import { handwrittenBaselineLine } from './handwritten-baseline-line';
import { measureHandwrittenSaleRate, type HandwrittenSaleRate } from './handwritten-sale-baseline';
import {
  formatTopStatements,
  resetStatementStats,
  topStatements,
  type TopStatements,
} from './pg-stat-statements';
import { rawInsertRate } from './raw-insert-rate';
import {
  benchPoolSize,
  serverLoadConnection,
  type ServerLoadConnection,
} from './server-load-connection';
import { runLoadPhase, type LoadPhaseResult, type LoadSizes } from './server-load-phase';
import { SimulatedDesk } from './simulated-desk';
import { startSyncServerProcess, type SyncServerProcess } from './sync-server-process';

export type { LoadSizes } from './server-load-phase';

/**
 * Connections of the raw baseline: the server's default pool. Fixed whatever BENCH_POOL,
 * BENCH_POSTGRES_SOCKET or BENCH_PGBOUNCER say, so the baseline measures the machine alone
 * and runs with different settings can be set side by side through it.
 */
const RAW_CONNECTIONS = 10;

/** The instance counts to run, in order: BENCH_INSTANCES=2,1 alternates the order. */
function instanceCounts(env: Readonly<Record<string, string | undefined>>): number[] {
  const text = env['BENCH_INSTANCES'] ?? '1,2';
  const counts = text.split(',').map((part) => Number(part.trim()));
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 4)) {
    throw new Error(`BENCH_INSTANCES must list counts from 1 to 4, like "1,2"; got "${text}"`);
  }
  return counts;
}

const instancesLabel = (n: number) => (n === 1 ? '1 instance' : `${String(n)} instances`);

/** Creates the studios and enrols their desks through the first instance. */
async function enrolDesks(
  database: Awaited<ReturnType<typeof createBenchDatabase>>,
  serverUrl: string,
  sizes: LoadSizes,
): Promise<SimulatedDesk[]> {
  return enrolBenchDesks(database.db, { ...sizes, namePrefix: 'Load' }, async (desk) => {
    const enrolled = await enrollDevice(serverUrl, {
      code: desk.code,
      deviceName: desk.deviceName,
    });
    return new SimulatedDesk(serverUrl, enrolled.deviceToken, desk.ownerId);
  });
}

function phaseLines(phase: LoadPhaseResult, sizes: LoadSizes, raw: number): FigureLine[] {
  const label = instancesLabel(phase.instances);
  const { perPush, latency } = phase;
  return [
    {
      bench: 'B5',
      workload: `${String(sizes.desks)} desks push sales, ${String(sizes.mutationsPerSecond)}/s offered, ${label}`,
      figure: `${perSecond(phase.mutationsPerSecond, 'mutations')}, push p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)}`,
      baseline: `raw PG inserts ${perSecond(raw, 'rows')}`,
      ratio: `${times(phase.mutationsPerSecond / raw)} of raw`,
      target: phase.instances === 1 ? '≥ 1,500/s, p99 ≤ 100 ms' : 'more than 1 instance',
      ...(phase.instances === 1
        ? { met: phase.mutationsPerSecond >= 1500 && latency.p99 <= 100 }
        : {}),
    },
    {
      bench: 'B5',
      workload: `server work per applied push, ${label}`,
      figure:
        `${perPush.statements.toFixed(1)} statements in ${perPush.roundTrips.toFixed(1)} round trips, ${ms(perPush.serverCpuMs)} server CPU` +
        (perPush.postgresCpuMs === undefined ? '' : `, ${ms(perPush.postgresCpuMs)} Postgres CPU`) +
        (phase.pushesPerGroup === undefined
          ? ''
          : `, ${phase.pushesPerGroup.toFixed(1)} pushes per group commit`),
      baseline: '',
      ratio: '',
      target: '(reported)',
    },
  ];
}

/**
 * B5: the sync server in child processes under `desks` connected desks of `tenants`
 * studios, each desk holding its event stream open and pushing one sale per request at an
 * even share of the offered rate, with the per-device rate limit as shipped. The same desks
 * and load run on one instance and then spread over two (separate ports, one Postgres;
 * BENCH_INSTANCES). Figures: the mutations/s applied, push latency, the work per push and
 * the server processes' memory, next to a raw insert baseline of the same run.
 *
 * How the server reaches Postgres: BENCH_POOL (connections per instance, default 10),
 * BENCH_POSTGRES_SOCKET=1 (the Unix socket instead of TCP), BENCH_PGBOUNCER=1 (a pgbouncer
 * of the bench's own in transaction mode in front of the pool; LISTEN stays direct),
 * BENCH_PREPARED=0 (no prepared statements).
 */
export async function benchServerLoad(
  sizes: LoadSizes,
  log: (line: string) => void,
): Promise<BenchOutcome> {
  const env = process.env;
  const counts = instanceCounts(env);
  const poolSize = benchPoolSize(env);
  const database = await createBenchDatabase();
  let desks: SimulatedDesk[] = [];
  const servers: SyncServerProcess[] = [];
  let connection: ServerLoadConnection | undefined;
  try {
    connection = await serverLoadConnection(database.url, database.name, poolSize, env);
    const using = connection;
    const preparedOff =
      using.preparedStatements === false || env['BENCH_PREPARED'] === '0'
        ? { preparedStatements: false }
        : {};
    const connectionLabel = `${using.label}, pool ${String(poolSize)} per instance${
      'preparedStatements' in preparedOff ? ', unprepared' : ''
    }`;
    const startInstance = () =>
      startSyncServerProcess({
        databaseUrl: using.poolUrl,
        listenUrl: using.listenUrl,
        maxConnections: poolSize,
        defaultDeviceLimits: true,
        ...preparedOff,
      });
    log(`B5: ${sizes.tenants} studios, ${sizes.desks} desks; server over ${connectionLabel}`);
    const first = await startInstance();
    servers.push(first);
    const idleMemory = await first.memory();
    desks = await enrolDesks(database, first.url, sizes);
    await Promise.all(desks.map((desk) => desk.connect()));
    const connectedMemory = await first.memory();

    // Each phase is followed by its own raw baseline: on a shared machine the load drifts
    // within minutes, and a phase is best compared with the baseline taken next to it.
    const phases: (LoadPhaseResult & {
      rawInsertsPerSecond: number;
      top: TopStatements | undefined;
    })[] = [];
    let handwritten: HandwrittenSaleRate | undefined;
    for (const count of counts) {
      while (servers.length < count) servers.push(await startInstance());
      while (servers.length > count) await servers.pop()?.stop();
      log(
        `B5: ${instancesLabel(count)}, ${sizes.mutationsPerSecond} sales/s offered for ` +
          `${Math.min(2, sizes.seconds / 4)} s warm-up + ${sizes.seconds} s, then the raw baseline`,
      );
      const counting = await resetStatementStats(database.url, database.name, { log });
      const phase = await runLoadPhase(servers, desks, sizes, database.url);
      const top = counting
        ? await topStatements(database.url, database.name, 10, {
            pushes: phase.pushesApplied,
            log,
          })
        : undefined;
      for (const desk of desks) desk.disconnect();
      const raw = await rawInsertRate(database.url, Math.min(5, sizes.seconds), RAW_CONNECTIONS);
      // Next to the one-instance phase: the same sale written by hand (issue 21's yardstick).
      if (count === 1) {
        handwritten = await measureHandwrittenSaleRate(database.url, {
          seconds: Math.min(5, sizes.seconds),
          tenants: sizes.tenants,
          desks: sizes.desks,
          log,
        });
      }
      phases.push({ ...phase, rawInsertsPerSecond: raw, top });
    }
    const peak = Math.max(...phases.flatMap((p) => p.peakMemory.map((m) => m.rss)));
    const one = phases.find((p) => p.instances === 1);
    const two = phases.find((p) => p.instances === 2);
    const scaling =
      one && two
        ? [
            `2 instances over 1: ${times(two.mutationsPerSecond / one.mutationsPerSecond)} the mutations/s, ` +
              `${times(two.mutationsPerSecond / two.rawInsertsPerSecond / (one.mutationsPerSecond / one.rawInsertsPerSecond))} the ratio to raw`,
          ]
        : [];
    return {
      id: 'B5',
      title: `Server under ${sizes.desks} connected desks pushing steadily`,
      lines: [
        ...phases.flatMap((phase) => phaseLines(phase, sizes, phase.rawInsertsPerSecond)),
        ...(one && handwritten
          ? [
              handwrittenBaselineLine(
                { mutationsPerSecond: one.mutationsPerSecond, label: instancesLabel(1) },
                handwritten,
              ),
            ]
          : []),
        {
          bench: 'B5',
          workload: 'server process memory',
          figure: `RSS ${mebibytes(peak)} peak under load (one instance)`,
          baseline: `idle ${mebibytes(idleMemory.rss)}, ${sizes.desks} streams open ${mebibytes(connectedMemory.rss)}`,
          ratio: '',
          target: '(reported)',
        },
      ],
      details: {
        ...sizes,
        connection: connectionLabel,
        poolSize,
        phases,
        handwritten,
        rawConnections: RAW_CONNECTIONS,
        serverMemory: { idle: idleMemory, connected: connectedMemory, peakRss: peak },
      },
      notes: [
        `each push is one pos.sale (a gift card paid by card) re-run by the server; server over ${connectionLabel}`,
        ...phases.map(
          (p) =>
            `${instancesLabel(p.instances)}: ${p.refusals} pushes refused or rate limited; desks received ${p.pokesReceived} pokes`,
        ),
        ...scaling,
        ...(handwritten
          ? [
              `hand-written sale: ${handwritten.roundTripsPerSale.toFixed(1)} round trips, ` +
                `${handwritten.clientCpuMsPerSale.toFixed(2)} ms client CPU` +
                (handwritten.postgresCpuMsPerSale === undefined
                  ? ''
                  : `, ${handwritten.postgresCpuMsPerSale.toFixed(2)} ms Postgres CPU`) +
                ' per sale',
            ]
          : []),
        ...phases.flatMap((p) =>
          p.top
            ? [`top statements, ${instancesLabel(p.instances)}:`, ...formatTopStatements(p.top)]
            : [],
        ),
        `the raw baseline, after each phase: ${String(RAW_CONNECTIONS)} connections over TCP, whatever the server's connection`,
        'the simulated desks run in the bench process, on the same two cores as the server and Postgres',
      ],
    };
  } finally {
    for (const desk of desks) desk.disconnect();
    await Promise.all(servers.map((s) => s.stop()));
    await connection?.close();
    await database.dispose();
  }
}
