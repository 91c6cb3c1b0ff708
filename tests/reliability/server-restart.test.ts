import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { asSharedDb } from '../../src-main/store/desk-tables';
import { systemClock } from '../../src-shared/time/clock';
import {
  createStudio,
  openMigratedDatabase,
  type TestDatabaseHandle,
} from '../server/support/server-harness';
import { POSTGRES_ADMIN_URL } from '../support/test-databases';
import { cleanUp } from './support/cleanup-steps';
import {
  closeFleetDesk,
  enrollFleetDesk,
  sellOffline,
  type FleetDesk,
  type PushGauge,
} from './support/desk-fleet';
import {
  expectDeskMatchesServer,
  expectExactlyOnceOnServer,
  expectLedgersBalanced,
  syncUntilSettled,
} from './support/exactly-once-checks';
import { giftCardIdOf, insertProduct, type SaleKind } from './support/sale-fixtures';
import { envCount, runSeed, seededRandom } from './support/seeded-random';
import { freePort, SERVER_APPLICATION_NAME, SyncServerProcess } from './support/server-process';
import { startTcpFaultProxy, type TcpFaultProxy } from './support/tcp-fault-proxy';

/**
 * Offline sales of the first desk before the server is killed: more than one push batch
 * (500), so a kill can also land after its first batch committed. The others make a third.
 */
const KILL_SALES = envCount('RESTART_SALES', 520);
/** Offline sales per desk before each kind of database outage. */
const OUTAGE_SALES = envCount('OUTAGE_SALES', 150);
const SERVER_KILLS = envCount('SERVER_KILLS', 2);
const TERMINATIONS = envCount('DB_TERMINATIONS', 6);
const DB_OUTAGES = envCount('DB_OUTAGES', 2);
const CARD_BALANCE = 100_000_000;
/** Generous bounds that grow with the soak run's counts; the normal run takes a fraction. */
const KILL_PHASE_MS = 90_000 + SERVER_KILLS * 15_000 + KILL_SALES * 100;
const TERMINATION_PHASE_MS = 90_000 + TERMINATIONS * 3_000 + OUTAGE_SALES * 150;
const OUTAGE_PHASE_MS = 90_000 + DB_OUTAGES * 10_000 + OUTAGE_SALES * 150;

describe('the sync server and its database failing while three desks push', () => {
  const seed = runSeed();
  const random = seededRandom(seed);
  const gauge: PushGauge = { inFlight: 0 };
  const fleet: FleetDesk[] = [];
  const sales: { mutationId: string; orderId: string; kind: SaleKind; total: number }[] = [];
  let handle: TestDatabaseHandle | undefined;
  let server: SyncServerProcess | undefined;
  let dbProxy: TcpFaultProxy | undefined;
  let watcher: pg.Client | undefined;
  let databaseName = '';
  let tenantId = '';
  let staffId = '';
  let goods = { productId: '', giftCardId: '' };

  beforeAll(async () => {
    console.info(`server-restart: seed ${seed} (RELIABILITY_SEED replays it)`);
    handle = await openMigratedDatabase('postgres');
    const url = handle.url ?? '';
    databaseName = new URL(url).pathname.slice(1);
    watcher = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await watcher.connect();
    const studio = await createStudio(handle.db, systemClock);
    tenantId = studio.tenantId;
    staffId = studio.ownerId;
    const productId = await insertProduct(handle.db, tenantId);
    server = new SyncServerProcess(await freePort());
    await server.start(url);
    for (const name of ['Desk A', 'Desk B', 'Desk C']) {
      const target = { db: handle.db, clock: systemClock, url: server.url };
      fleet.push(await enrollFleetDesk(target, tenantId, name, gauge));
    }
    const [first] = fleet;
    if (!first) throw new Error('no desks');
    const sold = await runDeskMutation(first.desk, staffId, 'giftCard.sell', {
      amount: CARD_BALANCE,
      tenders: [{ method: 'external', amount: CARD_BALANCE, reference: 'opening voucher' }],
    });
    goods = { productId, giftCardId: giftCardIdOf(sold.result) };
    for (const d of [first, ...fleet]) await syncUntilSettled(d.desk, d.transport);
    for (const d of fleet) {
      await runDeskMutation(d.desk, staffId, 'drawer.open', { openingFloat: 20_000 });
    }
  });

  afterAll(() =>
    cleanUp([
      () => server?.kill(),
      () => dbProxy?.close(),
      ...fleet.splice(0).map((d) => () => closeFleetDesk(d)),
      () => watcher?.end(),
      () => handle?.dispose(),
    ]),
  );

  function required<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`${what} is set up in beforeAll`);
    return value;
  }

  /** Open transactions of the server's connections: nonzero while a push is being applied. */
  async function serverTransactionsOpen(): Promise<number> {
    const result = await required(watcher, 'the watcher').query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where datname = $1 and application_name = $2 and xact_start is not null`,
      [databaseName, SERVER_APPLICATION_NAME],
    );
    return result.rows[0]?.n ?? 0;
  }

  /** Waits until a desk's push is inside a server transaction; false if syncing ended first. */
  async function midPush(settled: () => boolean): Promise<boolean> {
    while (!settled()) {
      if (gauge.inFlight > 0 && (await serverTransactionsOpen()) > 0) return true;
      await sleep(5);
    }
    return false;
  }

  /** A server that died of a database fault fails the test at once, with its last words. */
  function expectAlive(serverProcess: SyncServerProcess): void {
    if (!serverProcess.running) {
      throw new Error(`the sync server died: ${serverProcess.errorOutput}`);
    }
  }

  async function sellEverywhere(first: number, others = first): Promise<void> {
    for (const [i, d] of fleet.entries()) {
      sales.push(...(await sellOffline(d, staffId, random, i === 0 ? first : others, goods)));
    }
  }

  /**
   * Every desk syncs until settled while `faults` runs against the server; a failing fault
   * loop stops the desks too. Then a second round brings each desk the others' sales.
   */
  async function syncThrough(
    phaseMs: number,
    faults: (settled: () => boolean) => Promise<void>,
  ): Promise<void> {
    const started = Date.now();
    let settled = false;
    const stop = new AbortController();
    const syncing = Promise.all(
      fleet.map((d) => syncUntilSettled(d.desk, d.transport, phaseMs - 30_000, stop.signal)),
    ).finally(() => {
      settled = true;
    });
    const faulting = faults(() => settled).catch((error: unknown) => {
      stop.abort();
      throw error;
    });
    await Promise.all([syncing, faulting]);
    for (const d of fleet) await syncUntilSettled(d.desk, d.transport);
    console.info(`server-restart: synced through the faults in ${Date.now() - started} ms`);
  }

  async function timed(what: string, work: () => Promise<void>): Promise<void> {
    const started = Date.now();
    await work();
    console.info(`server-restart: ${what} took ${Date.now() - started} ms`);
  }

  async function expectNothingLostOrDoubled(): Promise<void> {
    const { db } = required(handle, 'the database');
    // Every sale once, plus the gift card's own sale.
    await expectExactlyOnceOnServer(db, tenantId, sales, sales.length + 1);
    await expectLedgersBalanced(db, tenantId);
    const redeemed = sales.filter((s) => s.kind === 'gift_card').reduce((n, s) => n + s.total, 0);
    const card = await db
      .selectFrom('gift_cards')
      .select('current_balance')
      .where('id', '=', goods.giftCardId)
      .executeTakeFirstOrThrow();
    expect(card.current_balance).toBe(CARD_BALANCE - redeemed);
    for (const d of fleet) {
      await expectDeskMatchesServer(d.desk, d.transport);
      await expectLedgersBalanced(asSharedDb(d.desk.db), tenantId);
    }
  }

  it(
    'R3.2 R3.3 loses and doubles nothing when the server is SIGKILLed mid-push and restarted',
    async () => {
      const serverProcess = required(server, 'the server');
      const url = required(handle, 'the database').url ?? '';
      await timed('sell', () => sellEverywhere(KILL_SALES, Math.ceil(KILL_SALES / 3)));
      let kills = 0;
      const restartMs: number[] = [];
      await syncThrough(KILL_PHASE_MS, async (settled) => {
        while (kills < SERVER_KILLS && (await midPush(settled))) {
          await sleep(random.int(0, 80));
          await serverProcess.kill();
          kills++;
          await sleep(random.int(100, 600));
          const restarting = Date.now();
          await serverProcess.start(url);
          restartMs.push(Date.now() - restarting);
        }
      });
      console.info(
        `server-restart: ${kills} kills mid-push, ${sales.length} sales, ` +
          `restarts took ${restartMs.join('/')} ms`,
      );
      expect(kills).toBeGreaterThan(0);
      await expectNothingLostOrDoubled();
    },
    KILL_PHASE_MS,
  );

  it(
    'R3.3 resumes when the database ends the server’s connections mid-push, again and again',
    async () => {
      const serverProcess = required(server, 'the server');
      await timed('sell', () => sellEverywhere(OUTAGE_SALES));
      let terminated = 0;
      let rounds = 0;
      await syncThrough(TERMINATION_PHASE_MS, async (settled) => {
        while (rounds < TERMINATIONS && (await midPush(settled))) {
          await sleep(random.int(0, 50));
          const result = await required(watcher, 'the watcher').query<{ n: number }>(
            `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
              where datname = $1 and application_name = $2`,
            [databaseName, SERVER_APPLICATION_NAME],
          );
          terminated += result.rows[0]?.n ?? 0;
          rounds++;
          await sleep(random.int(50, 300));
          expectAlive(serverProcess);
        }
      });
      console.info(`server-restart: ${rounds} rounds ended ${terminated} server connections`);
      expect(rounds).toBeGreaterThan(0);
      // The pool dropped the dead connections and opened new ones; the process lived on.
      expectAlive(serverProcess);
      await expectNothingLostOrDoubled();
    },
    TERMINATION_PHASE_MS,
  );

  it(
    'R3.3 resumes when the database is unreachable for seconds (connections cut, new ones refused)',
    async () => {
      const serverProcess = required(server, 'the server');
      const url = new URL(required(handle, 'the database').url ?? '');
      dbProxy = await startTcpFaultProxy({ host: url.hostname, port: Number(url.port || 5432) });
      const proxied = new URL(url);
      proxied.port = String(dbProxy.port);
      await serverProcess.restart(proxied.toString());
      await timed('sell', () => sellEverywhere(OUTAGE_SALES));
      let outages = 0;
      let cut = 0;
      const proxy = dbProxy;
      await syncThrough(OUTAGE_PHASE_MS, async (settled) => {
        while (outages < DB_OUTAGES && (await midPush(settled))) {
          await sleep(random.int(0, 50));
          proxy.refusing = true;
          cut += proxy.cutAll();
          outages++;
          await sleep(random.int(1000, 2500));
          proxy.refusing = false;
          expectAlive(serverProcess);
        }
      });
      console.info(`server-restart: ${outages} outages cut ${cut} database connections`);
      expect(outages).toBeGreaterThan(0);
      expectAlive(serverProcess);
      await expectNothingLostOrDoubled();
    },
    OUTAGE_PHASE_MS,
  );
});
