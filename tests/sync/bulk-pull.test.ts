import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../src-main/store/open-desk';
import { enrollDesk } from '../../src-main/sync/enrollment';
import { createDemoTenant } from '../../sync-server/admin/demo-admin';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { pullChanges, syncOnce } from '../../src-main/sync/sync-engine';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { SyncOfflineError } from '../../src-main/sync/sync-transport';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from './sync-harness';

interface PullRequestSeen {
  readonly after: number;
  /** The desk's committed checkpoint when the request left. */
  readonly checkpointAtSend: number;
}

/**
 * Real fetch, watched: records each pull with the desk's checkpoint at that moment, counts
 * requests still in flight, and can fail the nth pull as a dropped connection would.
 */
function watchedFetch(desk: Desk, failPullNumber?: number) {
  const pulls: PullRequestSeen[] = [];
  let inFlight = 0;
  const checkpoint = () =>
    (desk.sqlite.prepare('select checkpoint from desk_sync_state').get() as { checkpoint: number })
      .checkpoint;
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === '/v1/pull') {
      pulls.push({ after: Number(url.searchParams.get('after')), checkpointAtSend: checkpoint() });
      if (pulls.length === failPullNumber) throw new TypeError('fetch failed: ECONNRESET');
    }
    inFlight++;
    try {
      return await fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  return { fetchImpl, pulls, inFlight: () => inFlight };
}

function checkpointOf(desk: Desk): number {
  return (
    desk.sqlite.prepare('select checkpoint from desk_sync_state').get() as { checkpoint: number }
  ).checkpoint;
}

describe.each(serverBackends)('bulk pulls on %s', (backend) => {
  let world: SyncWorld;
  let deskA: Desk;
  let ownerId: string;

  beforeAll(async () => {
    world = await createSyncWorld(backend);
    deskA = await world.enrollNewDesk('Front desk A');
    ownerId = await signInStaff(deskA, { email: world.ownerEmail }, '1234');
  });

  afterAll(() => world.dispose());

  async function addMembersAtA(count: number, tag: string) {
    for (let n = 1; n <= count; n++) {
      await runDeskMutation(deskA, ownerId, 'member.create', {
        firstName: `${tag}${n}`,
        lastName: 'Pipeline',
        email: `${tag}${n}@example.com`,
      });
    }
    await syncOnce(deskA, world.transport(deskA));
  }

  it('R4.3 R4.5 asks for the next page before applying the current one, and still converges', async () => {
    const deskB = await world.enrollNewDesk('Front desk B');
    await addMembersAtA(6, 'early');
    const watched = watchedFetch(deskB);
    const report = await pullChanges(deskB, world.transport(deskB, watched.fetchImpl), {
      pageSize: 2,
    });
    expect(report.held).toBe(false);
    expect(watched.pulls.length).toBeGreaterThan(3);
    // Every page after the first was asked for while the one before it was not committed.
    for (const [i, pull] of watched.pulls.entries()) {
      if (i === 0) expect(pull.after).toBe(pull.checkpointAtSend);
      else expect(pull.after).toBeGreaterThan(pull.checkpointAtSend);
    }
    const members = (desk: Desk) =>
      desk.db.selectFrom('tenant_members').select('id').orderBy('id').execute();
    expect(await members(deskB)).toEqual(await members(deskA));
    expect(watched.inFlight()).toBe(0);
  });

  it('R4.3 only pages with more to follow skip their own fsync; the last page and every other write commit with FULL', async () => {
    const deskE = await world.enrollNewDesk('Front desk E');
    await addMembersAtA(5, 'durable');
    const FULL = 2;
    const synchronous = () => deskE.sqlite.pragma('synchronous', { simple: true });
    const settingsAtPull: unknown[] = [];
    const settingsSet: string[] = [];
    const pragma = deskE.sqlite.pragma.bind(deskE.sqlite);
    deskE.sqlite.pragma = (source: string, options?: { simple?: boolean }) => {
      if (source.startsWith('synchronous =')) settingsSet.push(source);
      return pragma(source, options);
    };
    // While a page is in flight other work (a sale) may run: it must find FULL in effect.
    const fetchImpl: typeof fetch = (input, init) => {
      settingsAtPull.push(synchronous());
      return fetch(input, init);
    };
    try {
      const report = await pullChanges(deskE, world.transport(deskE, fetchImpl), { pageSize: 2 });
      expect(report.held).toBe(false);
    } finally {
      deskE.sqlite.pragma = pragma;
    }
    expect(settingsAtPull.length).toBeGreaterThan(3);
    expect(new Set(settingsAtPull)).toEqual(new Set([FULL]));
    // One NORMAL per page with more to follow, each put back to FULL right after its commit.
    const normal = settingsSet.filter((s) => s === 'synchronous = NORMAL').length;
    expect(normal).toBe(settingsAtPull.length - 1);
    expect(settingsSet.at(-1)).toBe('synchronous = FULL');
    expect(synchronous()).toBe(FULL);
  });

  it('R4.4 a held page applies nothing, not even the page asked for early', async () => {
    const deskC = await world.enrollNewDesk('Front desk C');
    await addMembersAtA(4, 'held');
    const staffAtC = await signInStaff(deskC, { email: world.ownerEmail }, '1234');
    await runDeskMutation(deskC, staffAtC, 'member.create', {
      firstName: 'Pending',
      lastName: 'AtC',
      email: 'pending-at-c@example.com',
    });
    const before = checkpointOf(deskC);
    const watched = watchedFetch(deskC);
    const report = await pullChanges(deskC, world.transport(deskC, watched.fetchImpl), {
      pageSize: 2,
    });
    expect(report).toMatchObject({ held: true, pulledRows: 0, checkpoint: before });
    expect(checkpointOf(deskC)).toBe(before);
    // The early request was made, and had finished when pullChanges returned.
    expect(watched.pulls).toHaveLength(2);
    expect(watched.inFlight()).toBe(0);
  });

  it('R4.3 a dropped early request keeps the pages applied before it and is reported', async () => {
    const deskD = await world.enrollNewDesk('Front desk D');
    await addMembersAtA(4, 'dropped');
    const before = checkpointOf(deskD);
    const watched = watchedFetch(deskD, 2);
    await expect(
      pullChanges(deskD, world.transport(deskD, watched.fetchImpl), { pageSize: 2 }),
    ).rejects.toBeInstanceOf(SyncOfflineError);
    // The first page committed with its checkpoint; the next sync resumes after it.
    const afterFirst = checkpointOf(deskD);
    expect(afterFirst).toBeGreaterThan(before);
    expect(afterFirst).toBe(watched.pulls[1]?.after);
    const resumed = await pullChanges(deskD, world.transport(deskD), { pageSize: 2 });
    expect(resumed.held).toBe(false);
    const count = (desk: Desk) =>
      desk.db
        .selectFrom('tenant_members')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
    expect(await count(deskD)).toEqual(await count(deskA));
  });

  it('R4.5 refreshes the planner statistics after a large pull, restores the page cache and checkpoint size, and leaves the WAL empty', async () => {
    // The small demo studio: some 8,000 rows, enough pages for the bulk path.
    const demo = await createDemoTenant({ db: world.database.db, clock: world.clock });
    const dir = mkdtempSync(join(tmpdir(), 'studio-bulk-pull-'));
    const desk = await openDesk({ dataDir: dir });
    try {
      const { code } = await createEnrollmentCode(
        { db: world.database.db, clock: world.clock },
        { tenantId: demo.tenantId },
      );
      await enrollDesk(desk, world.url, code, 'Demo desk');
      const cacheBefore: unknown = desk.sqlite.pragma('cache_size', { simple: true });
      const walPagesBefore: unknown = desk.sqlite.pragma('wal_autocheckpoint', { simple: true });
      const statistics = () =>
        desk.sqlite
          .prepare(`select tbl from sqlite_stat1 where tbl in ('tenant_members', 'bookings')`)
          .all();
      expect(() => statistics()).toThrow(/no such table/);
      const report = await pullChanges(desk, world.transport(desk), { pageSize: 1000 });
      expect(report.pulledRows).toBeGreaterThan(5000);
      expect(statistics()).not.toHaveLength(0);
      expect(desk.sqlite.pragma('cache_size', { simple: true })).toBe(cacheBefore);
      expect(desk.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(walPagesBefore);
      // The pull's last checkpoint copied every page back and truncated the WAL.
      expect(statSync(`${desk.sqlite.name}-wal`).size).toBe(0);
    } finally {
      await desk.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
