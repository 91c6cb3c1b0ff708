import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncedTablesByName, type SyncedTable } from '../../src-shared/sync/synced-tables';
import { checksumsAt } from '../../src-main/store/snapshot-reader';
import { tableChecksum } from '../../src-main/sync/verify-and-repair';
import { AT, createEnrolledDesk, fixtureId, TENANT_ID } from './desk-harness';

const ROWS = 20_000;

function productsTable(): SyncedTable {
  const table = syncedTablesByName.get('products');
  if (!table) throw new Error('products is a synced table');
  return table;
}

describe('the drift check reads the desk from a snapshot (R6.4)', () => {
  let harness: Awaited<ReturnType<typeof createEnrolledDesk>>;

  beforeAll(async () => {
    harness = await createEnrolledDesk();
    const insert = harness.desk.sqlite.prepare(
      `insert into products (id, tenant_id, name, price, stock_quantity, taxable, active, created_at)
       values (?, ?, ?, 1000, 5, 0, 1, ?)`,
    );
    harness.desk.sqlite.transaction(() => {
      for (let i = 0; i < ROWS; i++) insert.run(fixtureId(), TENANT_ID, `Product ${i}`, AT);
    })();
  });

  afterAll(() => harness.dispose());

  it('sums a large table in slices: the desk keeps serving and writing meanwhile', async () => {
    const { desk } = harness;
    const table = productsTable();
    const before = tableChecksum(desk, table);
    let turns = 0;
    const ticker = setInterval(() => {
      turns++;
    }, 0);
    let done = false;
    const reading = checksumsAt(desk, [table], 0).finally(() => {
      done = true;
    });
    // A sale-sized write while the sums are under way: it neither waits nor shows in them.
    await new Promise((resolve) => setImmediate(resolve));
    desk.sqlite
      .prepare(
        `insert into products (id, tenant_id, name, price, stock_quantity, taxable, active, created_at)
         values (?, ?, 'Late', 1, 1, 0, 1, ?)`,
      )
      .run(fixtureId(), TENANT_ID, AT);
    expect(done).toBe(false);
    const result = await reading;
    clearInterval(ticker);
    expect(turns).toBeGreaterThan(5);
    expect(result?.sums).toEqual([before]);
    expect(result?.mark).toMatchObject({ checkpoint: 0, pending: 0 });
    expect(tableChecksum(desk, table).rows).toBe(ROWS + 1);
  });

  it('reads nothing when the desk is not at the asked position', async () => {
    expect(await checksumsAt(harness.desk, [productsTable()], 7)).toBeUndefined();
  });
});
