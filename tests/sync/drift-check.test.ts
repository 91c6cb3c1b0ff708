import { sql, type Kysely, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { syncedTablesByName } from '../../src-shared/sync/synced-tables';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { deskStatus } from '../../src-main/sync/sync-status';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { repairTables, tableChecksum, verifyDesk } from '../../src-main/sync/verify-and-repair';
import { runDriftCheck } from '../../src-main/sync/drift-check';
import { recordingPulledTables } from '../../src-main/sync/drift-ledger';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import type { SyncTransport } from '../../src-main/sync/sync-transport';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from './sync-harness';

const MAT = '01900000-0000-7000-8000-00000000d001';
const BLOCK = '01900000-0000-7000-8000-00000000d002';
const STRAP = '01900000-0000-7000-8000-00000000d003';

/** Writes at the server with change capture off: no desk ever hears of these changes. */
async function behindCapture(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<unknown>,
) {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await work(trx);
  });
}

/** A transport that remembers which tables each checksum request named. */
function watched(transport: SyncTransport) {
  const asked: (readonly string[] | undefined)[] = [];
  return {
    asked,
    transport: {
      ...transport,
      checksums: (tables?: readonly string[]) => {
        asked.push(tables);
        return transport.checksums(tables);
      },
    } satisfies SyncTransport,
  };
}

describe.each(serverBackends)('drift check (R6.4) on %s', (backend) => {
  let world: SyncWorld;
  let desk: Desk;
  let staffId: string;
  let transport: SyncTransport;

  const product = (id: string, name: string, price: number) => ({
    id,
    tenant_id: world.studio.tenantId,
    name,
    price,
    stock_quantity: 100,
    taxable: 0 as const,
    active: 1 as const,
    created_at: '2026-11-27T09:00:00.000Z',
  });
  const sale = (productId: string, price: number) => ({
    lines: [{ kind: 'product', productId, quantity: 1, unitPrice: price }],
    tenders: [{ method: 'external', amount: price, reference: 'drift test' }],
  });
  const sync = () => syncOnce(desk, transport);
  const serverSums = async (tables: readonly string[]) =>
    (await transport.checksums(tables)).tables;
  const deskSums = (tables: readonly string[]) =>
    tables.map((name) => {
      const table = syncedTablesByName.get(name);
      if (!table) throw new Error(name);
      return tableChecksum(desk, table);
    });

  beforeAll(async () => {
    world = await createSyncWorld(backend);
    await world.database.db
      .insertInto('products')
      .values([product(MAT, 'Yoga mat', 4000), product(BLOCK, 'Cork block', 1500)])
      .execute();
    desk = await world.enrollNewDesk('Drift desk');
    transport = recordingPulledTables(desk, world.transport(desk));
    staffId = await signInStaff(desk, { email: world.ownerEmail }, '1234');
    // Settle what enrolment and sign-in left to check, so each test starts from a clean slate.
    await sync();
    await runDriftCheck(desk, transport);
  });

  afterAll(() => world.dispose());

  it('R6.4 repairs a row the server changed behind change capture, after a sync touches its table', async () => {
    await behindCapture(world.database.db, (trx) =>
      trx.updateTable('products').set({ price: 4200 }).where('id', '=', MAT).execute(),
    );
    // The desk cannot know yet: nothing it synced touched products.
    expect((await runDriftCheck(desk, transport)).skipped).toBe('nothing_touched');
    expect((await verifyDesk(desk, transport)).mismatched.map((m) => m.table)).toEqual([
      'products',
    ]);

    // An ordinary change to another product: the next pull touches products.
    await world.database.db
      .updateTable('products')
      .set({ stock_quantity: 90 })
      .where('id', '=', BLOCK)
      .execute();
    expect((await sync()).pulledRows).toBeGreaterThan(0);
    const report = await runDriftCheck(desk, transport);
    expect(report).toMatchObject({
      skipped: null,
      compared: ['products'],
      mismatched: ['products'],
      repairedRows: 1,
      onlyHere: [],
      deferred: [],
    });
    const mat = await desk.db
      .selectFrom('products')
      .select('price')
      .where('id', '=', MAT)
      .executeTakeFirstOrThrow();
    expect(mat.price).toBe(4200);
    expect(deskSums(['products'])).toEqual(await serverSums(['products']));
    const status = await deskStatus(desk);
    expect(status.driftProblems).toEqual([]);
    expect(status.allSynced).toBe(true);
  });

  it('R6.4 repairs a row the desk copy lost or had altered, from the server', async () => {
    desk.sqlite.prepare('update products set name = ? where id = ?').run('Tampered', BLOCK);
    await world.database.db
      .insertInto('products')
      .values(product(STRAP, 'Yoga strap', 900))
      .execute();
    await sync();
    // The pulled strap row was applied, then lost at the desk.
    desk.sqlite.prepare('delete from products where id = ?').run(STRAP);
    const report = await runDriftCheck(desk, transport);
    expect(report.mismatched).toEqual(['products']);
    expect(report.repairedRows).toBe(2);
    expect(report.onlyHere).toEqual([]);
    expect(deskSums(['products'])).toEqual(await serverSums(['products']));
  });

  it('R6.4 keeps an order only this desk has, lists it as a problem until a repair', async () => {
    await runDeskMutation(desk, staffId, 'pos.sale', sale(MAT, 4200));
    await sync();
    await runDriftCheck(desk, transport);
    // A sale the server never got: a copy of the real order under a new id, written directly.
    const lost = '01900000-0000-7000-8000-00000000dead';
    copyRow('pos_orders', { id: lost, receipt_number: null });
    // The next sale touches pos_orders; the check then finds the extra order.
    await runDeskMutation(desk, staffId, 'pos.sale', sale(BLOCK, 1500));
    await sync();
    const report = await runDriftCheck(desk, transport);
    expect(report.mismatched).toContain('pos_orders');
    expect(report.onlyHere).toEqual([{ table: 'pos_orders', rowKey: lost }]);
    expect(
      await desk.db.selectFrom('pos_orders').select('id').where('id', '=', lost).execute(),
    ).toHaveLength(1);

    const status = await deskStatus(desk);
    expect(status.driftProblems).toMatchObject([{ table: 'pos_orders', rowKey: lost }]);
    expect(status.pending).toBe(0);
    expect(status.allSynced).toBe(false);
    // Checking again finds the same row and lists it once.
    await runDeskMutation(desk, staffId, 'pos.sale', sale(BLOCK, 1500));
    await sync();
    await runDriftCheck(desk, transport);
    expect((await deskStatus(desk)).driftProblems).toHaveLength(1);

    // A manual repair (verify --repair) replaces the table: the row and the problem go.
    const verified = await verifyDesk(desk, transport);
    await repairTables(
      desk,
      transport,
      verified.mismatched.map((m) => m.table),
    );
    expect((await verifyDesk(desk, transport)).matches).toBe(true);
    expect(
      await desk.db.selectFrom('pos_orders').select('id').where('id', '=', lost).execute(),
    ).toEqual([]);
    const after = await deskStatus(desk);
    expect(after.driftProblems).toEqual([]);
    expect(after.allSynced).toBe(true);
  });

  it('R6.4 compares only the tables syncs touched, and nothing while changes are pending', async () => {
    await sync();
    await runDriftCheck(desk, transport);
    const spy = watched(transport);

    await runDeskMutation(desk, staffId, 'pos.sale', sale(MAT, 4200));
    const pending = await runDriftCheck(desk, spy.transport);
    expect(pending.skipped).toBe('pending');
    expect(spy.asked).toEqual([]);
    expect((await deskStatus(desk)).allSynced).toBe(false);

    await sync();
    const written = JSON.parse(
      (
        await desk.db
          .selectFrom('desk_outbox')
          .select('tables_written')
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow()
      ).tables_written ?? 'null',
    ) as string[];
    expect(written).toEqual(expect.arrayContaining(['pos_orders', 'pos_order_items', 'payments']));
    expect(written).not.toContain('desk_outbox');
    expect((await deskStatus(desk)).uncheckedTables).toEqual(expect.arrayContaining(written));

    const report = await runDriftCheck(desk, spy.transport);
    expect(report.skipped).toBeNull();
    expect(spy.asked).toEqual([report.compared]);
    expect(report.compared).toEqual(expect.arrayContaining(written));
    // Tables nothing touched are left alone.
    for (const untouched of ['bookings', 'classes', 'tenant_members', 'gift_cards', 'leads']) {
      expect(report.compared).not.toContain(untouched);
    }
    expect(report.mismatched).toEqual([]);
    expect(await deskStatus(desk)).toMatchObject({ uncheckedTables: [], allSynced: true });
    expect((await runDriftCheck(desk, spy.transport)).skipped).toBe('nothing_touched');
    expect(spy.asked).toHaveLength(1);
  });

  it('R6.4 compares nothing when the desk is behind the server, and keeps the tables for later', async () => {
    await world.database.db
      .updateTable('products')
      .set({ stock_quantity: 80 })
      .where('id', '=', STRAP)
      .execute();
    await sync();
    // Another change lands after this desk pulled: its checkpoint is behind the checksums.
    await world.database.db
      .updateTable('products')
      .set({ stock_quantity: 70 })
      .where('id', '=', STRAP)
      .execute();
    const behind = await runDriftCheck(desk, transport);
    expect(behind.skipped).toBe('not_caught_up');
    expect((await deskStatus(desk)).uncheckedTables).toContain('products');
    await sync();
    const report = await runDriftCheck(desk, transport);
    expect(report.compared).toContain('products');
    expect(report.mismatched).toEqual([]);
  });

  it('R6.4 defers a table the server changed while its rows were being read', async () => {
    desk.sqlite.prepare('update products set name = ? where id = ?').run('Tampered', MAT);
    await world.database.db
      .updateTable('products')
      .set({ stock_quantity: 60 })
      .where('id', '=', STRAP)
      .execute();
    await sync();
    // A sale at another desk lands between the checksums and the snapshot.
    const racing: SyncTransport = {
      ...transport,
      snapshot: async (table, after, limit) => {
        await world.database.db
          .updateTable('products')
          .set({ stock_quantity: 50 })
          .where('id', '=', STRAP)
          .execute();
        return transport.snapshot(table, after, limit);
      },
    };
    const raced = await runDriftCheck(desk, racing);
    expect(raced).toMatchObject({
      mismatched: ['products'],
      repairedRows: 0,
      deferred: ['products'],
    });
    expect((await deskStatus(desk)).uncheckedTables).toContain('products');

    await sync();
    const report = await runDriftCheck(desk, transport);
    expect(report).toMatchObject({ mismatched: ['products'], repairedRows: 1, deferred: [] });
    expect(deskSums(['products'])).toEqual(await serverSums(['products']));
  });

  /** Inserts a copy of one of the desk's rows of `table`, with `changes` applied. */
  function copyRow(table: string, changes: Record<string, string | null>) {
    const columns = (
      desk.sqlite.prepare(`select name from pragma_table_info('${table}')`).all() as {
        name: string;
      }[]
    ).map((c) => c.name);
    const source = columns.map((c) => (c in changes ? '?' : `"${c}"`)).join(', ');
    desk.sqlite
      .prepare(
        `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')})
         select ${source} from "${table}" limit 1`,
      )
      .run(...columns.filter((c) => c in changes).map((c) => changes[c]));
  }
});
