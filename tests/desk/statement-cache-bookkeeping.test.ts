import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { mutationBookkeeping } from '../../src-main/store/mutation-bookkeeping';
import { openDesk } from '../../src-main/store/open-desk';
import { addStaffMember, createEnrolledDesk, TENANT_ID } from './desk-harness';

const member = (n: number) => ({
  firstName: `Ada${n}`,
  lastName: 'Lovelace',
  email: `ada${n}@example.com`,
  barcode: `M-000${n}`,
});

/**
 * The actor read and the outbox append run as statements prepared once per database handle
 * (B6, issue 21): each call must get its own answer, and nothing outlives its handle.
 */
describe('the desk bookkeeping statements kept per handle', () => {
  let harness: Awaited<ReturnType<typeof createEnrolledDesk>>;
  beforeEach(async () => {
    harness = await createEnrolledDesk();
  });
  afterEach(() => harness.dispose());

  it("reads each staff member's own status and roles, in role order", async () => {
    const { desk } = harness;
    const manager = await addStaffMember(desk, 'm@example.com', ['manager', 'front_desk']);
    const desker = await addStaffMember(desk, 'd@example.com', ['front_desk']);
    const none = await addStaffMember(desk, 'n@example.com', []);
    const kept = mutationBookkeeping(desk);
    expect(mutationBookkeeping(desk)).toBe(kept);
    expect(kept.staffRow(TENANT_ID, manager)).toEqual({
      status: 'active',
      roles: ['front_desk', 'manager'],
    });
    expect(kept.staffRow(TENANT_ID, desker)).toEqual({ status: 'active', roles: ['front_desk'] });
    expect(kept.staffRow(TENANT_ID, none)).toEqual({ status: 'active', roles: [] });
    expect(kept.staffRow(TENANT_ID, '01900000-0000-7000-8000-00000000ffff')).toBeUndefined();
    // Another tenant's id never matches this tenant's member.
    expect(kept.staffRow('01900000-0000-7000-8000-0000000000bb', manager)).toBeUndefined();
  });

  it('refuses an inactive or unknown actor as before, writing nothing', async () => {
    const { desk } = harness;
    const gone = await addStaffMember(desk, 'g@example.com', ['front_desk']);
    await desk.db
      .updateTable('tenant_members')
      .set({ status: 'inactive' })
      .where('id', '=', gone)
      .execute();
    const unknown = '01900000-0000-7000-8000-00000000fffe';
    for (const actor of [gone, unknown]) {
      const refusal = await runDeskMutation(desk, actor, 'member.create', member(1)).catch(
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(MutationRefusal);
      expect(refusal).toMatchObject({
        code: 'forbidden',
        message: `staff member ${actor} is not active at this studio`,
      });
    }
    const outbox = await desk.db.selectFrom('desk_outbox').selectAll().execute();
    expect(outbox).toEqual([]);
  });

  it("gives each outbox entry the next seq and the call's own values", async () => {
    const { desk } = harness;
    const first = await addStaffMember(desk, 'a@example.com', ['front_desk']);
    const second = await addStaffMember(desk, 'b@example.com', ['manager']);
    const runs = [
      await runDeskMutation(desk, first, 'member.create', member(1)),
      await runDeskMutation(desk, second, 'member.create', member(2)),
      await runDeskMutation(desk, first, 'member.create', member(3)),
    ];
    expect(runs.map((r) => r.seq)).toEqual([1, 2, 3]);
    const outbox = await desk.db
      .selectFrom('desk_outbox')
      .select(['seq', 'id', 'actor_id', 'args', 'status', 'tables_written'])
      .orderBy('seq')
      .execute();
    expect(outbox.map((row) => row.id)).toEqual(runs.map((r) => r.mutationId));
    expect(outbox.map((row) => row.actor_id)).toEqual([first, second, first]);
    expect(outbox.map((row) => (JSON.parse(row.args) as { email: string }).email)).toEqual([
      'ada1@example.com',
      'ada2@example.com',
      'ada3@example.com',
    ]);
    expect(outbox.every((row) => row.status === 'pending')).toBe(true);
    expect(outbox[0]?.tables_written).toContain('tenant_members');
    // The seq follows the largest there is, as the max() read before it did.
    await desk.db.updateTable('desk_outbox').set({ seq: 40 }).where('seq', '=', 3).execute();
    expect((await runDeskMutation(desk, second, 'member.create', member(4))).seq).toBe(41);
  });

  it('uses up no seq for a mutation that fails', async () => {
    const { desk } = harness;
    const actor = await addStaffMember(desk, 'a@example.com', ['front_desk']);
    await runDeskMutation(desk, actor, 'member.create', member(1));
    // The same barcode again fails the mutation: its transaction, outbox included, rolls back.
    await expect(runDeskMutation(desk, actor, 'member.create', member(1))).rejects.toThrow();
    expect((await runDeskMutation(desk, actor, 'member.create', member(2))).seq).toBe(2);
  });

  it('prepares anew for a reopened database: nothing is kept past its handle', async () => {
    const { desk, dataDir } = harness;
    const actor = await addStaffMember(desk, 'a@example.com', ['front_desk']);
    await runDeskMutation(desk, actor, 'member.create', member(1));
    const closed = { sqlite: desk.sqlite };
    await desk.close();
    const reopened = await openDesk({ dataDir, clock: harness.clock });
    try {
      expect(mutationBookkeeping(reopened)).not.toBe(mutationBookkeeping(closed));
      const again = await runDeskMutation(reopened, actor, 'member.create', member(2));
      expect(again.seq).toBe(2);
    } finally {
      await reopened.close();
    }
    // The harness's desk is closed already: only its folder is left to remove.
    harness = {
      ...harness,
      dispose: () => {
        rmSync(dataDir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  });
});
