import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { deskStatus } from '../../src-main/sync/sync-status';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { verifyDesk } from '../../src-main/sync/verify-and-repair';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import type { ServerOnlyTables } from '../../sync-server/db/server-tables';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from './sync-harness';

/**
 * Issue 13, case 1: a desk's data folder restored from an older copy, or copied to a second
 * computer, reuses seqs the server has applied. Every sale must still reach the server once.
 */
describe.each(serverBackends)('restored and copied desks on %s (R3.8)', (backend) => {
  let world: SyncWorld;
  let staffId: string;
  const folders: string[] = [];
  const opened: Desk[] = [];

  beforeAll(async () => {
    world = await createSyncWorld(backend);
  });
  afterEach(async () => {
    for (const desk of opened.splice(0)) await desk.close();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  afterAll(() => world.dispose());

  /** A copy of a closed desk's folder, as a studio would back it up or move it. */
  function copyFolder(desk: Desk): string {
    const folder = mkdtempSync(join(tmpdir(), 'studio-desk-copy-'));
    folders.push(folder);
    cpSync(desk.dataDir, folder, { recursive: true });
    return folder;
  }

  async function reopen(folder: string): Promise<Desk> {
    const desk = await openDesk({ dataDir: folder });
    opened.push(desk);
    return desk;
  }

  async function sell(desk: Desk, amount: number): Promise<void> {
    await runDeskMutation(desk, staffId, 'giftCard.sell', {
      amount,
      tenders: [{ method: 'external', amount, reference: `voucher ${amount}` }],
    });
  }

  async function serverCardAmounts(): Promise<number[]> {
    const rows = await world.database.db
      .selectFrom('gift_cards')
      .select('initial_balance')
      .where('tenant_id', '=', world.studio.tenantId)
      .execute();
    return rows.map((r) => r.initial_balance).sort((a, b) => a - b);
  }

  async function expectInStep(desk: Desk): Promise<void> {
    const status = await deskStatus(desk);
    expect(status.pending).toBe(0);
    expect(status.problems).toEqual([]);
    const verified = await verifyDesk(desk, world.transport(desk));
    expect(verified.mismatched.map((m) => [m.table, m.desk.rows, m.server?.rows])).toEqual([]);
  }

  it('a desk restored from a backup sends its new sale; the sales made after the backup stay once', async () => {
    const original = await world.enrollNewDesk('Front desk');
    staffId = await signInStaff(original, { email: world.ownerEmail }, '1234');
    const before = await serverCardAmounts();
    await sell(original, 1001);
    await syncOnce(original, world.transport(original));
    await original.close();
    const backup = copyFolder(original);
    const live = await reopen(original.dataDir);
    await sell(live, 1002);
    await sell(live, 1003);
    await syncOnce(live, world.transport(live));
    await live.close();
    opened.splice(opened.indexOf(live), 1);

    const restored = await reopen(backup);
    await sell(restored, 1004);
    const report = await syncOnce(restored, world.transport(restored));

    expect(report.renumbered).toBe(1);
    expect(await serverCardAmounts()).toEqual([...before, 1001, 1002, 1003, 1004]);
    await expectInStep(restored);
    // The restored desk also learned the sales made after its backup.
    const local = await restored.db.selectFrom('gift_cards').select('initial_balance').execute();
    expect(local.map((r) => r.initial_balance)).toEqual(expect.arrayContaining([1002, 1003]));
  });

  it('a backup taken with a sale unsent: the sale is applied once, the new one is kept', async () => {
    const original = await world.enrollNewDesk('Studio B desk');
    staffId = await signInStaff(original, { email: world.ownerEmail }, '1234');
    const before = await serverCardAmounts();
    await sell(original, 2001);
    await original.close();
    const backup = copyFolder(original); // 2001 is still pending in the copy
    const live = await reopen(original.dataDir);
    await sell(live, 2002);
    await syncOnce(live, world.transport(live));

    const restored = await reopen(backup);
    await sell(restored, 2003);
    const report = await syncOnce(restored, world.transport(restored));

    expect(report.renumbered).toBe(2);
    expect(await serverCardAmounts()).toEqual([...before, 2001, 2002, 2003]);
    await expectInStep(restored);
    const duplicates = await world.database.db
      .withTables<ServerOnlyTables>()
      .selectFrom('mutation_log')
      .select(['outcome', 'code'])
      .where('tenant_id', '=', world.studio.tenantId)
      .where('code', '=', 'duplicate')
      .execute();
    expect(duplicates).toEqual([{ outcome: 'refused', code: 'duplicate' }]);
  });

  it('a copy of a desk and the original, both selling, each sale recorded exactly once', async () => {
    const original = await world.enrollNewDesk('Copied desk');
    staffId = await signInStaff(original, { email: world.ownerEmail }, '1234');
    await sell(original, 3000);
    await syncOnce(original, world.transport(original));
    await original.close();
    const first = await reopen(original.dataDir);
    const second = await reopen(copyFolder(original));
    const before = await serverCardAmounts();
    const sold: number[] = [];
    for (let round = 1; round <= 4; round++) {
      for (const [index, desk] of [first, second].entries()) {
        const amount = 3000 + round * 10 + index;
        await sell(desk, amount);
        sold.push(amount);
        // Both desks sell before either syncs every other round: their seqs collide.
        if (round % 2 === 0) await syncOnce(desk, world.transport(desk));
      }
    }
    await Promise.all([first, second].map((desk) => syncOnce(desk, world.transport(desk))));
    for (const desk of [first, second]) await syncOnce(desk, world.transport(desk));

    expect(await serverCardAmounts()).toEqual([...before, ...sold].sort((a, b) => a - b));
    await expectInStep(first);
    await expectInStep(second);
  });
});
