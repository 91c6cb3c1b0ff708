import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { pushOutbox, syncOnce } from '../../src-main/sync/sync-engine';
import { serverBackends } from '../server/support/server-harness';
import type { SyncWorld } from './sync-harness';
import { FULL, synchronousSettings } from './synchronous-settings';
import { twoSyncedDesksSellingMats } from './two-desks-selling-mats';

/**
 * Runs `work` noting, for each run of a statement that writes `last_sync_at`, whether a
 * transaction was open (the pulled page's) when it ran.
 */
async function roundRecords(desk: Desk, work: () => Promise<unknown>): Promise<boolean[]> {
  const inTransaction: boolean[] = [];
  const prepare = desk.sqlite.prepare.bind(desk.sqlite);
  desk.sqlite.prepare = ((source: string) => {
    const statement = prepare(source);
    if (!source.includes('last_sync_at')) return statement;
    const run = statement.run.bind(statement);
    statement.run = (...params: unknown[]) => {
      inTransaction.push(desk.sqlite.inTransaction);
      return run(...params);
    };
    return statement;
  }) as typeof desk.sqlite.prepare;
  try {
    await work();
  } finally {
    desk.sqlite.prepare = prepare;
  }
  return inTransaction;
}

const syncState = (desk: Desk) =>
  desk.db.selectFrom('desk_sync_state').selectAll().executeTakeFirstOrThrow();

describe.each(serverBackends)('a sync round’s commits on %s (issue 21, B4)', (backend) => {
  let world: SyncWorld;
  let deskA: Desk;
  let deskB: Desk;
  let staffId: string;

  beforeAll(async () => {
    ({ world, deskA, deskB, staffId } = await twoSyncedDesksSellingMats(backend));
  });

  afterAll(() => world.dispose());

  it('R3.3 a push’s acknowledgement commits without an fsync of its own, and FULL is back after it', async () => {
    const { seq } = await runDeskMutation(deskA, staffId, 'giftCard.sell', {
      amount: 2500,
      tenders: [{ method: 'external', amount: 2500, reference: 'voucher 21' }],
    });
    const pushed = await synchronousSettings(deskA, () =>
      pushOutbox(deskA, world.transport(deskA)),
    );
    expect(pushed.set).toEqual(['synchronous = NORMAL', 'synchronous = FULL']);
    expect(pushed.now).toBe(FULL);
    const entry = await deskA.db
      .selectFrom('desk_outbox')
      .select('status')
      .where('seq', '=', seq)
      .executeTakeFirstOrThrow();
    expect(entry.status).toBe('applied');
    expect((await syncState(deskA)).last_acked_seq).toBe(seq);
  });

  it('R4.3 a round records its time in the last pulled page’s commit, clearing the last error', async () => {
    await runDeskMutation(deskA, staffId, 'giftCard.sell', {
      amount: 3000,
      tenders: [{ method: 'external', amount: 3000, reference: 'voucher 22' }],
    });
    await syncOnce(deskA, world.transport(deskA));
    await deskB.db
      .updateTable('desk_sync_state')
      .set({ last_error: 'offline: earlier', last_sync_at: null })
      .execute();
    const before = await syncState(deskB);

    let pulledRows = 0;
    const records = await roundRecords(deskB, async () => {
      pulledRows = (await syncOnce(deskB, world.transport(deskB))).pulledRows;
    });
    expect(pulledRows).toBeGreaterThan(0);
    // Written once, inside the page's transaction: no commit of its own after the page.
    expect(records).toEqual([true]);
    const after = await syncState(deskB);
    expect(after.last_error).toBeNull();
    expect(after.last_sync_at).not.toBeNull();
    expect(after.checkpoint).toBeGreaterThan(before.checkpoint);
  });

  it('R4.4 a round whose page is held still records its time, in a commit of its own', async () => {
    // A page is held when the desk's outbox gains an entry between its push and its pull.
    await runDeskMutation(deskA, staffId, 'giftCard.sell', {
      amount: 1000,
      tenders: [{ method: 'external', amount: 1000, reference: 'voucher 23' }],
    });
    await syncOnce(deskA, world.transport(deskA));
    const inner = world.transport(deskB);
    let sold = false;
    const transport = {
      ...inner,
      pull: async (...args: Parameters<typeof inner.pull>) => {
        if (!sold) {
          sold = true;
          await runDeskMutation(deskB, staffId, 'giftCard.sell', {
            amount: 1500,
            tenders: [{ method: 'external', amount: 1500, reference: 'voucher 24' }],
          });
        }
        return inner.pull(...args);
      },
    };
    await deskB.db.updateTable('desk_sync_state').set({ last_sync_at: null }).execute();
    const before = await syncState(deskB);
    let held = false;
    const records = await roundRecords(deskB, async () => {
      held = (await syncOnce(deskB, transport)).held;
    });
    expect(held).toBe(true);
    expect(records).toEqual([false]);
    const after = await syncState(deskB);
    expect(after.checkpoint).toBe(before.checkpoint);
    expect(after.last_sync_at).not.toBeNull();
  });
});
