import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src-main/store/open-desk';
import { DROPPED_INDEXES, secondaryIndexes } from '../../src-main/store/bulk-load-indexes';
import { SNAPSHOT_CURSOR } from '../../src-main/sync/initial-snapshot';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { syncedTables } from '../../src-shared/sync/synced-tables';
import {
  demoStudioForSnapshots,
  expectEqualToServer,
  killInto,
  readKilledImage,
  tableNames,
  watchedFetch,
} from './initial-snapshot-support';

/** Page size small enough that the small demo studio takes many snapshot pages. */
const PAGE_SIZE = 500;

describe('initial sync of an empty desk as a snapshot (R4.7)', () => {
  const studio = demoStudioForSnapshots('postgres', 'studio-initial-snapshot-');
  /** The indexes every desk has, from a desk that never synced. */
  let expectedIndexes: { name: string; sql: string }[];

  function expectEveryIndex(desk: Desk) {
    expect(secondaryIndexes(desk.sqlite).map(({ name, sql }) => ({ name, sql }))).toEqual(
      expectedIndexes,
    );
    const tables = tableNames(desk.sqlite);
    expect(tables).not.toContain(DROPPED_INDEXES);
    expect(tables).not.toContain(SNAPSHOT_CURSOR);
  }

  beforeAll(async () => {
    const reference = await studio.openDesk(studio.newDir());
    expectedIndexes = secondaryIndexes(reference.sqlite).map(({ name, sql }) => ({ name, sql }));
  });

  it('copies the demo studio table by table; the desk equals the server with every index and fresh statistics', async () => {
    expect(expectedIndexes.length).toBeGreaterThan(10);
    const desk = await studio.enrolledEmptyDesk('Snapshot desk');
    const watched = watchedFetch();
    const transport = studio.world.transport(desk, watched.fetchImpl);
    const report = await syncOnce(desk, transport, { pageSize: PAGE_SIZE });
    expect(report.held).toBe(false);
    expect(report.pulledRows).toBeGreaterThan(5000);
    // The rows came from table-by-table pages, not from the change log read from 0.
    const snapshots = watched.requests.filter((r) => r.path === '/v1/snapshot');
    expect(snapshots.length).toBeGreaterThan(10);
    const pulls = watched.requests.filter((r) => r.path === '/v1/pull');
    expect(pulls.length).toBeLessThanOrEqual(3);
    await expectEqualToServer(desk, transport);
    expectEveryIndex(desk);
    const analyzed = desk.sqlite
      .prepare(`select distinct tbl from sqlite_stat1 where tbl in ('tenant_members', 'bookings')`)
      .all();
    expect(analyzed).toHaveLength(2);
  });

  it('a desk killed mid-load gets its indexes back when it opens, resumes where it stopped and converges', async () => {
    const desk = await studio.enrolledEmptyDesk('Killed desk');
    const image = studio.newDir();
    // Killed while the eighth page is in flight.
    const killed = watchedFetch({
      when: (_request, earlier) => earlier === 7,
      run: killInto(desk, image),
    });
    await expect(
      syncOnce(desk, studio.world.transport(desk, killed.fetchImpl), { pageSize: PAGE_SIZE }),
    ).rejects.toThrow(/cannot reach the server/);

    // The image really is mid-load: indexes dropped and remembered, a cursor past the start.
    const { cursor, tables, indexes } = readKilledImage(image);
    expect(tables).toContain(DROPPED_INDEXES);
    expect(indexes).toEqual([]);
    expect(cursor.table_index > 0 || cursor.after_key !== null).toBe(true);

    const reopened = await studio.openDesk(image);
    // Every index back before anything ran, the cursor kept for the resume.
    expect(secondaryIndexes(reopened.sqlite).map(({ name, sql }) => ({ name, sql }))).toEqual(
      expectedIndexes,
    );
    expect(tableNames(reopened.sqlite)).not.toContain(DROPPED_INDEXES);
    expect(tableNames(reopened.sqlite)).toContain(SNAPSHOT_CURSOR);

    const resumed = watchedFetch();
    const transport = studio.world.transport(reopened, resumed.fetchImpl);
    const report = await syncOnce(reopened, transport, { pageSize: PAGE_SIZE });
    expect(report.held).toBe(false);
    // It went on from the last page committed before the kill, not from the first table.
    const firstSnapshot = resumed.requests.find((r) => r.path === '/v1/snapshot');
    expect(firstSnapshot).toEqual({
      path: '/v1/snapshot',
      table: syncedTables[cursor.table_index]?.name,
      after: cursor.after_key,
    });
    expect(killed.requests.filter((r) => r.path === '/v1/snapshot')).toContainEqual(firstSnapshot);
    await expectEqualToServer(reopened, transport);
    expectEveryIndex(reopened);
  });

  it('writes made on the server between snapshot pages reach the desk', async () => {
    const desk = await studio.enrolledEmptyDesk('Desk during writes');
    let headBefore = 0;
    const writeBetweenPages = async () => {
      const db = studio.world.database.db;
      headBefore = Number(
        (
          await sql<{ position: string }>`select position from sync_positions
            where tenant_id = ${studio.tenantId}`.execute(db)
        ).rows[0]?.position ?? 0,
      );
      // Rows of tables copied already (tenants, tenant_roles: a delete, keyed by two
      // columns) and of one copied later or being copied (classes).
      await sql`update tenants set name = 'Harbor Yoga (renamed mid-sync)'
        where id = ${studio.tenantId}`.execute(db);
      const deleted = await sql`delete from tenant_roles where tenant_id = ${studio.tenantId}
        and role = 'student' and member_id = (select member_id from tenant_roles
          where tenant_id = ${studio.tenantId} and role = 'student' order by member_id limit 1)`.execute(
        db,
      );
      expect(Number(deleted.numAffectedRows)).toBe(1);
      await sql`update classes set capacity = capacity + 1
        where tenant_id = ${studio.tenantId}`.execute(db);
    };
    const watched = watchedFetch({
      when: (_request, earlier) => earlier === 11,
      run: writeBetweenPages,
    });
    const transport = studio.world.transport(desk, watched.fetchImpl);
    const report = await syncOnce(desk, transport, { pageSize: PAGE_SIZE });
    expect(report.held).toBe(false);
    expect(headBefore).toBeGreaterThan(0);
    const tenant = await desk.db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', studio.tenantId)
      .executeTakeFirstOrThrow();
    expect(tenant.name).toBe('Harbor Yoga (renamed mid-sync)');
    // The change log was pulled from the snapshot's head, after the writes' positions.
    const logPulls = watched.requests.filter((r) => r.path === '/v1/pull');
    expect(logPulls.length).toBeGreaterThanOrEqual(2);
    await expectEqualToServer(desk, transport);
    expectEveryIndex(desk);
  });
});
