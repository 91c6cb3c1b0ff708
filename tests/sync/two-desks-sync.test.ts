import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_DATABASE_FILE, type Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { deskStatus } from '../../src-main/sync/sync-status';
import { pushOutbox, syncOnce } from '../../src-main/sync/sync-engine';
import { deskChecksums, verifyDesk } from '../../src-main/sync/verify-and-repair';
import { startLiveSync } from '../../src-main/sync/live-sync';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { SyncOfflineError } from '../../src-main/sync/sync-transport';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, eventually, type SyncWorld } from './sync-harness';

const SECRET = 'mailchimp-secret-4f1c9a';

const member = (n: number) => ({
  firstName: `Member${n}`,
  lastName: 'Test',
  email: `member${n}@example.com`,
  barcode: `BAR-${String(n).padStart(4, '0')}`,
});

/** A fetch that sends the request, lets the server commit, then loses the response. */
function losingResponses(): typeof fetch {
  return async (input, init) => {
    await fetch(input, init);
    throw new TypeError('fetch failed: connection reset after the request was sent');
  };
}

const deadFetch: typeof fetch = async () => {
  throw new TypeError('fetch failed: ECONNREFUSED');
};

async function countRows(
  world: SyncWorld,
  table: 'tenant_members' | 'student_notes',
): Promise<number> {
  const row = await world.database.db
    .selectFrom(table)
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', world.studio.tenantId)
    .executeTakeFirstOrThrow();
  return row.n;
}

describe.each(serverBackends)('two desks and one server on %s', (backend) => {
  let world: SyncWorld;
  let deskA: Desk;
  let deskB: Desk;
  let ownerId: string;

  beforeAll(async () => {
    world = await createSyncWorld(backend);
    await world.database.db
      .updateTable('tenants')
      .set({ mailchimp_credentials: JSON.stringify({ apiKey: SECRET }) })
      .where('id', '=', world.studio.tenantId)
      .execute();
    deskA = await world.enrollNewDesk('Front desk A');
    deskB = await world.enrollNewDesk('Front desk B');
    ownerId = await signInStaff(deskA, { email: world.ownerEmail }, '1234');
    expect(await signInStaff(deskB, { email: world.ownerEmail }, '1234')).toBe(ownerId);
  });

  afterAll(() => world.dispose());

  it('R1.2 R3.2 R4.4 converge after both desks record changes offline', async () => {
    const offline = world.transport(deskA, deadFetch);
    for (let n = 1; n <= 3; n++) await runDeskMutation(deskA, ownerId, 'member.create', member(n));
    const created = await runDeskMutation(deskB, ownerId, 'member.create', member(4));
    const memberB = (created.result as { memberId: string }).memberId;
    const note = await runDeskMutation(deskB, ownerId, 'note.add', {
      memberId: memberB,
      note: 'knee injury',
      isAlert: true,
    });
    await runDeskMutation(deskB, ownerId, 'note.add', { memberId: memberB, note: 'paid cash' });
    await runDeskMutation(deskB, ownerId, 'note.delete', {
      noteId: (note.result as { noteId: string }).noteId,
    });

    await expect(syncOnce(deskA, offline)).rejects.toBeInstanceOf(SyncOfflineError);
    const offlineStatus = await deskStatus(deskA);
    expect(offlineStatus.pending).toBe(3);
    expect(offlineStatus.lastError).toMatch(/^offline/);

    await syncOnce(deskA, world.transport(deskA));
    await syncOnce(deskB, world.transport(deskB));
    await syncOnce(deskA, world.transport(deskA));

    expect(await countRows(world, 'tenant_members')).toBe(1 + 4);
    expect(await countRows(world, 'student_notes')).toBe(1);
    expect((await deskStatus(deskA)).pending).toBe(0);
    expect((await deskStatus(deskB)).pending).toBe(0);
    expect(deskChecksums(deskA)).toEqual(deskChecksums(deskB));
    expect((await verifyDesk(deskA, world.transport(deskA))).mismatched).toEqual([]);
    expect((await verifyDesk(deskB, world.transport(deskB))).mismatched).toEqual([]);
  });

  it('R3.2 a response lost after the server committed has no second effect', async () => {
    await runDeskMutation(deskA, ownerId, 'member.create', member(5));
    const before = await countRows(world, 'tenant_members');
    await expect(
      pushOutbox(deskA, world.transport(deskA, losingResponses())),
    ).rejects.toBeInstanceOf(SyncOfflineError);
    expect((await deskStatus(deskA)).pending).toBe(1);
    expect(await countRows(world, 'tenant_members')).toBe(before + 1);
    const report = await syncOnce(deskA, world.transport(deskA));
    expect(report.pushed).toBe(1);
    expect(await countRows(world, 'tenant_members')).toBe(before + 1);
    expect((await verifyDesk(deskA, world.transport(deskA))).matches).toBe(true);
  });

  it('R3.2 the same batch sent twice is answered as duplicates', async () => {
    const applied = await deskA.db.selectFrom('desk_outbox').selectAll().orderBy('seq').execute();
    const batch = applied.map((e) => ({
      seq: e.seq,
      id: e.id,
      name: e.name,
      args: JSON.parse(e.args) as unknown,
      actorId: e.actor_id,
      at: e.at,
    }));
    const before = await countRows(world, 'tenant_members');
    const response = await world.transport(deskA).push(batch);
    expect(response.results.map((r) => r.outcome)).toEqual(batch.map(() => 'duplicate'));
    expect(await countRows(world, 'tenant_members')).toBe(before);
  });

  it('R4.6 never stores a tenant credential on a desk', async () => {
    await syncOnce(deskB, world.transport(deskB));
    for (const desk of [deskA, deskB]) {
      desk.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      const bytes = readFileSync(join(desk.dataDir, DESK_DATABASE_FILE)).toString('latin1');
      expect(bytes.includes(SECRET)).toBe(false);
      const tenant = await desk.db
        .selectFrom('tenants')
        .select('mailchimp_credentials')
        .executeTakeFirstOrThrow();
      expect(tenant.mailchimp_credentials).toBeNull();
    }
  });

  it('R5.1 a change at one desk shows at the other within a second', async () => {
    // What each desk's live sync did, shown if the change does not arrive in time.
    const trace: string[] = [];
    const traced = (desk: string) => ({
      onError: (error: unknown) => trace.push(`${desk} error ${String(error)}`),
      onSynced: (report: object) => trace.push(`${desk} ${Date.now()} ${JSON.stringify(report)}`),
    });
    const liveA = startLiveSync(deskA, world.transport(deskA), traced('A'));
    const liveB = startLiveSync(deskB, world.transport(deskB), traced('B'));
    try {
      await Promise.all([liveA.connected, liveB.connected]);
      const started = Date.now();
      const created = await runDeskMutation(deskA, ownerId, 'member.create', member(6));
      const memberId = (created.result as { memberId: string }).memberId;
      await eventually(
        async () =>
          (
            await deskB.db
              .selectFrom('tenant_members')
              .select('id')
              .where('id', '=', memberId)
              .executeTakeFirst()
          )?.id,
        5000,
      );
      expect(Date.now() - started).toBeLessThan(1000);
    } catch (error) {
      throw new Error(`${String(error)}\n${trace.join('\n')}`);
    } finally {
      await liveA.stop();
      await liveB.stop();
    }
  });
});
