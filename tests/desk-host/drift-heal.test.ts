import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import { systemClock } from '../../src-shared/time/clock';
import type { DriftReport } from '../../src-main/sync/drift-check';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import {
  createStudio,
  openMigratedDatabase,
  serverBackends,
  startServer,
  type TestDatabaseHandle,
  type TestStudio,
} from '../server/support/server-harness';
import { eventually } from '../sync/sync-harness';

const MAT = '01900000-0000-7000-8000-00000000e001';
const BLOCK = '01900000-0000-7000-8000-00000000e002';
const LOST_ORDER = '01900000-0000-7000-8000-00000000e0ff';

/**
 * The desk app finds drift by itself (R6.4): after live sync applies changes, the host's
 * drift check compares the touched tables and repairs them, or lists rows only it holds.
 */
describe.each(serverBackends)('the desk host checks for drift by itself on %s', (backend) => {
  let root: string;
  let handle: TestDatabaseHandle;
  let app: FastifyInstance;
  let host: DeskHost;
  let studio: TestStudio;
  const reports: DriftReport[] = [];

  async function ok<M extends keyof DeskMethodResults>(
    method: M,
    args: unknown = {},
  ): Promise<DeskMethodResults[M]> {
    const reply = await host.invoke(method, args);
    if (!reply.ok) throw new Error(`${method} refused: ${reply.error.code} ${reply.error.message}`);
    return reply.value as DeskMethodResults[M];
  }

  const sell = (productId: string, price: number) =>
    ok('desk.mutate', {
      name: 'pos.sale',
      args: {
        lines: [{ kind: 'product', productId, quantity: 1, unitPrice: price }],
        tenders: [{ method: 'external', amount: price, reference: 'drift heal' }],
      },
    });

  /** Waits for a drift check that compared `table` and did not defer it. */
  const checked = (table: string, since: number) =>
    eventually(
      () =>
        Promise.resolve(
          reports
            .slice(since)
            .find((r) => r.compared.includes(table) && !r.deferred.includes(table)),
        ),
      20_000,
    );

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'desk-drift-'));
    handle = await openMigratedDatabase(backend);
    app = await startServer(handle, systemClock);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    studio = await createStudio(handle.db, systemClock);
    await handle.db
      .insertInto('products')
      .values(
        [
          [MAT, 'Yoga mat', 4000],
          [BLOCK, 'Cork block', 1500],
        ].map(([id, name, price]) => ({
          id: String(id),
          tenant_id: studio.tenantId,
          name: String(name),
          price: Number(price),
          stock_quantity: 100,
          taxable: 0,
          active: 1,
          created_at: '2026-11-27T09:00:00.000Z',
        })),
      )
      .execute();
    const { code } = await createEnrollmentCode(
      { db: handle.db, clock: systemClock },
      { tenantId: studio.tenantId },
    );
    host = await createDeskHost({
      dataDir: join(root, 'desk'),
      shell: 'test',
      maxBackoffMs: 200,
      driftCheck: { settleMs: 50, minIntervalMs: 0, onReport: (r) => reports.push(r) },
      log: () => undefined,
    });
    await ok('setup.connect', { serverUrl: url, code, deviceName: 'Drift desk' });
    await ok('staff.signIn', { memberId: studio.ownerId, pin: '1234' });
  });

  afterAll(async () => {
    await host.close();
    await app.close();
    await handle.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('R6.4 repairs a row the server changed behind change capture once a sync touches its table', async () => {
    await handle.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await trx.updateTable('products').set({ price: 4400 }).where('id', '=', MAT).execute();
    });
    const since = reports.length;
    // An ordinary change, captured: the next sync pulls it, and products is touched. This
    // server does not LISTEN and an admin write publishes no poke, so the desk syncs now
    // (as staff pressing Sync would) rather than at its 30 s interval; a drift check still
    // running from the enrolment must not be what finds the change either.
    await handle.db
      .updateTable('products')
      .set({ stock_quantity: 95 })
      .where('id', '=', BLOCK)
      .execute();
    await ok('sync.now');
    const report = await checked('products', since);
    expect(report.mismatched).toContain('products');
    expect(report.repairedRows).toBeGreaterThanOrEqual(1);
    expect(report.onlyHere).toEqual([]);
    expect(await ok('sync.verify')).toMatchObject({ matches: true, mismatchedTables: [] });
    await eventually(async () => ((await ok('sync.status')).allSynced ? true : undefined), 20_000);
  });

  it('R6.4 lists an order only this desk holds, never says all synced, and a repair clears it', async () => {
    let since = reports.length;
    await sell(MAT, 4400);
    await checked('pos_orders', since);

    // A sale the server never got, written into the desk's database behind its back.
    const file = new BetterSqlite3(join(root, 'desk', 'desk.sqlite'), { timeout: 5000 });
    try {
      const columns = (
        file.prepare(`select name from pragma_table_info('pos_orders')`).all() as {
          name: string;
        }[]
      ).map((c) => c.name);
      const source = columns.map((c) =>
        c === 'id' ? '?' : c === 'receipt_number' ? 'null' : `"${c}"`,
      );
      file
        .prepare(
          `insert into pos_orders (${columns.map((c) => `"${c}"`).join(', ')})
           select ${source.join(', ')} from pos_orders limit 1`,
        )
        .run(LOST_ORDER);
    } finally {
      file.close();
    }

    since = reports.length;
    await sell(BLOCK, 1500);
    const report = await checked('pos_orders', since);
    expect(report.onlyHere).toEqual([{ table: 'pos_orders', rowKey: LOST_ORDER }]);
    const status = await ok('sync.status');
    expect(status.driftProblems).toMatchObject([{ table: 'pos_orders', rowKey: LOST_ORDER }]);
    expect(status.pending).toBe(0);
    expect(status.allSynced).toBe(false);

    const repaired = await ok('sync.repair');
    expect(repaired.matches).toBe(true);
    expect((await ok('sync.status')).driftProblems).toEqual([]);
    await eventually(async () => ((await ok('sync.status')).allSynced ? true : undefined), 20_000);
  });
});
