import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import postgres from 'postgres';
import { uuidV7 } from '../src-shared/ids/uuid-v7';
import type { Database } from '../src-shared/schema/catalog';
import { systemClock } from '../src-shared/time/clock';
import { openServerDatabase } from '../sync-server/db/open-server-database';
import { tenantDatabase } from '../sync-server/db/tenant-database';
import { enrollDevice } from '../sync-server/sync/device-enrollment';
import { createBenchDatabase } from './bench-postgres';
import { enrolBenchDesks } from './bench-studios';
import { saleStatements, type HandwrittenSale, type SaleSeller } from './handwritten-sale-sql';
import { formatTopStatements, resetStatementStats, topStatements } from './pg-stat-statements';
import { postgresCpuBetween, samplePostgresCpu } from './postgres-cpu';
import { rawInsertRate } from './raw-insert-rate';

/**
 * B5's "hand-written SQL" baseline (issue 21): the same sale as a desk pushes it, written by
 * hand with no framework, one transaction per sale with its statements pipelined, on as
 * many connections as the server's pool, against the same kind of studios and desks. What
 * our server reaches is read as a ratio to it.
 */

/** The sync server's pool size in B5, and so the baseline's connection count. */
export const BASELINE_CONNECTIONS = 10;
/** begin, the eight of saleStatements (one round trip), commit. */
const STATEMENTS_PER_SALE = 10;

export interface HandwrittenSaleOptions {
  /** How long the timed load lasts, after a short warm-up that prepares the statements. */
  readonly seconds: number;
  /** Connections, each with one transaction in flight (default the server's pool, 10). */
  readonly connections?: number;
  /** Studios and desks set up for the baseline, as B5 spreads its desks (default 10 × 4). */
  readonly tenants?: number;
  readonly desks?: number;
  /** Where the one-line progress goes. */
  readonly log?: (line: string) => void;
  /** Runs after set-up and warm-up, right before the timed load (to reset statement stats). */
  readonly beforeTimedLoad?: () => Promise<void>;
}

export interface HandwrittenSaleRate {
  readonly salesPerSecond: number;
  readonly sales: number;
  readonly seconds: number;
  readonly connections: number;
  readonly desks: number;
  /** Round trips per sale: begin, the pipelined statements, commit. */
  readonly roundTripsPerSale: number;
  readonly statementsPerSale: number;
  /** CPU of this process (the driver and the sale's rows) per sale: B5's server CPU per push. */
  readonly clientCpuMsPerSale: number;
  /** CPU of the Postgres backends of the database per sale, where /proc shows them. */
  readonly postgresCpuMsPerSale: number | undefined;
}

/** One desk of the baseline: who sells, and the seq its next sale takes. */
export interface BaselineDesk extends SaleSeller {
  nextSeq: number;
}

/**
 * Studios with an owner and desks enrolled the way B5 makes them (admin services, then the
 * enrolment service with a one-time code), spread evenly: `desks` over `tenants` studios.
 */
export async function prepareBaselineDesks(
  db: Kysely<Database>,
  sizes: { readonly tenants: number; readonly desks: number },
): Promise<BaselineDesk[]> {
  const tenants = tenantDatabase(db);
  return enrolBenchDesks(db, { ...sizes, namePrefix: 'Handwritten' }, async (desk) => {
    const enrolled = await enrollDevice(
      { tenants, clock: systemClock },
      { code: desk.code, deviceName: desk.deviceName },
    );
    return {
      tenantId: desk.tenantId,
      deviceId: enrolled.deviceId,
      actorId: desk.ownerId,
      nextSeq: 1,
    };
  });
}

/** The next sale of a desk, born now, as SimulatedDesk makes it. */
export function nextSale(desk: BaselineDesk): HandwrittenSale {
  const now = Date.now();
  const seq = desk.nextSeq;
  return {
    seq,
    mutationId: uuidV7(now, randomBytes),
    at: new Date(now).toISOString(),
    appliedAt: new Date(now).toISOString(),
    paymentIntentId: `pi_handwritten_${seq}`,
  };
}

/**
 * One sale in one transaction: begin, the statements pipelined, commit. Throws when the
 * device did not take the seq (not next, or revoked), which rolls the sale back.
 */
export async function writeHandwrittenSale(
  sql: postgres.Sql,
  desk: BaselineDesk,
  sale: HandwrittenSale = nextSale(desk),
): Promise<void> {
  await sql.begin(async (trx) => {
    // Issued together before the first await: postgres.js sends them in one round trip.
    const results = await Promise.all(saleStatements(trx, desk, sale));
    // Thrown inside the transaction, so what the other statements wrote is rolled back.
    if (results.at(-1)?.count !== 1) {
      throw new Error(`desk ${desk.deviceId} did not take seq ${sale.seq}`);
    }
  });
  desk.nextSeq = sale.seq + 1;
}

/** A postgres.js pool as the bench's raw clients: int8 as a number, no notices printed. */
export function handwrittenPool(databaseUrl: string, connections: number): postgres.Sql {
  return postgres(databaseUrl, {
    max: connections,
    onnotice: () => undefined,
    types: { bigint: postgres.BigInt },
  });
}

/**
 * The desks not selling at the moment. A connection takes one at random for each sale and
 * gives it back after the commit: a desk has one sale in flight at a time, as its seqs
 * require, and the studios meet on their counter rows (the positions taken at commit) about
 * as often as B5's desks, which push on their own timers, meet there.
 */
class IdleDesks {
  constructor(private readonly idle: BaselineDesk[]) {}

  take(): BaselineDesk {
    const index = Math.floor(Math.random() * this.idle.length);
    const desk = this.idle[index];
    const last = this.idle.pop();
    if (!desk || !last) throw new Error('more connections than desks');
    if (last !== desk) this.idle[index] = last;
    return desk;
  }

  giveBack(desk: BaselineDesk): void {
    this.idle.push(desk);
  }
}

async function loadFor(sql: postgres.Sql, desks: IdleDesks, until: number): Promise<number> {
  let sales = 0;
  while (performance.now() < until) {
    const desk = desks.take();
    try {
      await writeHandwrittenSale(sql, desk);
    } finally {
      desks.giveBack(desk);
    }
    sales++;
  }
  return sales;
}

/**
 * Sales per second of the hand-written sale: `connections` loops, each running one
 * transaction after another for `seconds` on a desk taken at random from the idle ones,
 * after a one-second warm-up in which each connection prepares its statements. Sets up its
 * own studios and desks in the database (any migrated server database: B5's after its load).
 */
export async function measureHandwrittenSaleRate(
  databaseUrl: string,
  options: HandwrittenSaleOptions,
): Promise<HandwrittenSaleRate> {
  const connections = options.connections ?? BASELINE_CONNECTIONS;
  const admin = await openServerDatabase<Database>({
    kind: 'postgres',
    connectionString: databaseUrl,
  });
  let desks: BaselineDesk[];
  try {
    desks = await prepareBaselineDesks(admin.db, {
      tenants: options.tenants ?? 10,
      desks: Math.max(options.desks ?? 40, connections),
    });
  } finally {
    await admin.close();
  }
  options.log?.(`hand-written sales: ${desks.length} desks on ${connections} connections`);
  const idle = new IdleDesks([...desks]);
  const everyConnection = (until: number) =>
    Promise.all(Array.from({ length: connections }, () => loadFor(sql, idle, until)));
  const sql = handwrittenPool(databaseUrl, connections);
  try {
    const warmUpEnd = performance.now() + 1000;
    await everyConnection(warmUpEnd);
    await options.beforeTimedLoad?.();
    // Read while the pool's connections are open: their backends are the ones counted.
    const postgresBefore = await samplePostgresCpu(databaseUrl);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const end = started + options.seconds * 1000;
    const counts = await everyConnection(end);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const postgresAfter = await samplePostgresCpu(databaseUrl);
    const postgresMs = postgresCpuBetween(postgresBefore, postgresAfter);
    const sales = counts.reduce((a, b) => a + b, 0);
    const perSale = (total: number) => total / Math.max(1, sales);
    return {
      salesPerSecond: sales / seconds,
      sales,
      seconds,
      connections,
      desks: desks.length,
      roundTripsPerSale: 3,
      statementsPerSale: STATEMENTS_PER_SALE,
      clientCpuMsPerSale: perSale((cpu.user + cpu.system) / 1000),
      postgresCpuMsPerSale: postgresMs === undefined ? undefined : perSale(postgresMs),
    };
  } finally {
    await sql.end();
  }
}

/**
 * `npx tsx bench/handwritten-sale-baseline.ts [seconds]`: a fresh bench database, the
 * hand-written sale rate next to the raw single-row insert rate on it, then dropped.
 */
async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 5);
  const database = await createBenchDatabase();
  try {
    const log = (line: string) => {
      console.error(line);
    };
    const handwritten = await measureHandwrittenSaleRate(database.url, {
      seconds,
      log,
      beforeTimedLoad: async () => {
        await resetStatementStats(database.url, database.name, { log });
      },
    });
    const top = await topStatements(database.url, database.name, 15, {
      pushes: handwritten.sales,
      log,
    });
    const raw = await rawInsertRate(database.url, seconds, BASELINE_CONNECTIONS);
    if (top) for (const line of formatTopStatements(top)) console.error(line);
    console.log(
      JSON.stringify({
        handwrittenSalesPerSecond: Math.round(handwritten.salesPerSecond),
        rawInsertsPerSecond: Math.round(raw),
        handwrittenToRaw: Number((handwritten.salesPerSecond / raw).toFixed(3)),
        ...handwritten,
      }),
    );
  } finally {
    await database.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
