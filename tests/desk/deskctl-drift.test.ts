import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src-main/store/open-desk';
import { DESKCTL, runCli } from '../support/cli-process';
import { createSyncWorld, type SyncWorld } from '../sync/sync-harness';

const MAT = '01900000-0000-7000-8000-00000000c001';
const ONLY_HERE = '01900000-0000-7000-8000-00000000c0ff';

/** deskctl sync runs the drift check; status shows what it found (R6.4). */
describe('deskctl and the drift check', () => {
  let world: SyncWorld;
  let desk: Desk;

  const deskctl = async (...args: string[]): Promise<unknown> => {
    const outcome = await runCli(DESKCTL, ['--data', desk.dataDir, ...args]);
    expect(outcome.code, outcome.stderr).toBe(0);
    return JSON.parse(outcome.stdout) as unknown;
  };

  beforeAll(async () => {
    world = await createSyncWorld('pglite');
    desk = await world.enrollNewDesk('CLI desk');
  });

  afterAll(() => world.dispose());

  it('R6.4 sync lists a row only this desk holds; status shows it until verify --repair', async () => {
    // A product only this desk has, and then a change at the server that touches products.
    desk.sqlite
      .prepare(
        `insert into products (id, tenant_id, name, price, stock_quantity, taxable, active, created_at)
         values (?, ?, 'Desk only', 100, 1, 0, 1, '2026-11-27T09:00:00.000Z')`,
      )
      .run(ONLY_HERE, world.studio.tenantId);
    await world.database.db
      .insertInto('products')
      .values({
        id: MAT,
        tenant_id: world.studio.tenantId,
        name: 'Yoga mat',
        price: 4000,
        stock_quantity: 10,
        taxable: 0,
        active: 1,
        created_at: '2026-11-27T09:00:00.000Z',
      })
      .execute();

    expect(await deskctl('sync')).toMatchObject({
      drift: {
        skipped: null,
        compared: ['products'],
        mismatched: ['products'],
        onlyHere: [{ table: 'products', rowKey: ONLY_HERE }],
      },
    });
    expect(await deskctl('status')).toMatchObject({
      pending: 0,
      driftProblems: [{ table: 'products', rowKey: ONLY_HERE }],
      allSynced: false,
    });

    expect(await deskctl('verify', '--repair')).toMatchObject({ repaired: ['products'] });
    expect(await deskctl('status')).toMatchObject({ driftProblems: [], allSynced: true });
  });
});
