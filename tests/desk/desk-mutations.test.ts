import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { deskStatus } from '../../src-main/sync/sync-status';
import { addStaffMember, createEnrolledDesk } from './desk-harness';

const newMember = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  barcode: 'M-0001',
};

describe('mutations at the desk', () => {
  let harness: Awaited<ReturnType<typeof createEnrolledDesk>>;
  let frontDesk: string;
  beforeEach(async () => {
    harness = await createEnrolledDesk();
    frontDesk = await addStaffMember(harness.desk, 'desk@example.com', ['front_desk']);
  });
  afterEach(() => harness.dispose());

  it('opens its database durable: WAL, synchronous=FULL, foreign keys on', () => {
    const { sqlite } = harness.desk;
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('R1.2 commits the effects and an outbox entry together, numbered without gaps', async () => {
    const first = await runDeskMutation(harness.desk, frontDesk, 'member.create', newMember);
    const second = await runDeskMutation(harness.desk, frontDesk, 'member.create', {
      ...newMember,
      email: 'b@example.com',
      barcode: 'M-0002',
    });
    expect([first.seq, second.seq]).toEqual([1, 2]);
    const outbox = await harness.desk.db
      .selectFrom('desk_outbox')
      .select(['seq', 'name', 'status', 'actor_id'])
      .orderBy('seq')
      .execute();
    expect(outbox).toEqual([
      { seq: 1, name: 'member.create', status: 'pending', actor_id: frontDesk },
      { seq: 2, name: 'member.create', status: 'pending', actor_id: frontDesk },
    ]);
    const member = await harness.desk.db
      .selectFrom('tenant_members')
      .select('barcode')
      .where('id', '=', (first.result as { memberId: string }).memberId)
      .executeTakeFirst();
    expect(member).toEqual({ barcode: 'M-0001' });
    expect((await deskStatus(harness.desk)).pending).toBe(2);
  });

  it('R1.2 leaves neither effects nor an outbox entry when a mutation is refused', async () => {
    const before = await harness.desk.db
      .selectFrom('tenant_members')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      runDeskMutation(harness.desk, frontDesk, 'member.create', {
        ...newMember,
        email: 'not-an-email',
      }),
    ).rejects.toMatchObject({ code: 'invalid' });
    await expect(
      runDeskMutation(harness.desk, frontDesk, 'member.create', { ...newMember, extra: 1 }),
    ).rejects.toBeInstanceOf(MutationRefusal);
    await expect(
      runDeskMutation(harness.desk, frontDesk, 'no.such.mutation', {}),
    ).rejects.toMatchObject({ code: 'unknown_mutation' });
    const after = await harness.desk.db
      .selectFrom('tenant_members')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await harness.desk.db.selectFrom('desk_outbox').selectAll().execute()).toEqual([]);
  });

  it('R1.4 refuses a staff member whose roles do not allow the mutation', async () => {
    const instructor = await addStaffMember(harness.desk, 'teacher@example.com', ['instructor']);
    await expect(
      runDeskMutation(harness.desk, instructor, 'member.create', newMember),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps the device identity readable by its owner only', () => {
    expect(statSync(join(harness.dataDir, 'device.json')).mode & 0o777).toBe(0o600);
  });
});
