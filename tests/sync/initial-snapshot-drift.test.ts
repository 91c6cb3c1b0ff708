import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../src-main/store/open-desk';
import { runDriftCheck } from '../../src-main/sync/drift-check';
import { recordingPulledTables, touchedTables } from '../../src-main/sync/drift-ledger';
import { enrollDesk } from '../../src-main/sync/enrollment';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { createDemoTenant } from '../../sync-server/admin/demo-admin';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { tablesWithRows } from './initial-snapshot-support';
import { createSyncWorld, type SyncWorld } from './sync-harness';

/** Small enough that the small demo studio is copied, not pulled from the log (R4.7). */
const PAGE_SIZE = 500;

describe('the tables an initial snapshot copies are checked for drift (R4.7, R6.4)', () => {
  let world: SyncWorld;
  let tenantId: string;
  const dirs: string[] = [];
  const desks: Desk[] = [];

  beforeAll(async () => {
    world = await createSyncWorld('postgres');
    tenantId = (await createDemoTenant({ db: world.database.db, clock: world.clock })).tenantId;
  }, 120_000);

  afterAll(async () => {
    for (const desk of desks) await desk.close();
    await world.dispose();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('a copied desk has every table it holds rows of touched, and a row changed after the copy is repaired by the drift check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-snapshot-drift-'));
    dirs.push(dir);
    const desk = await openDesk({ dataDir: dir });
    desks.push(desk);
    const { code } = await createEnrollmentCode(
      { db: world.database.db, clock: world.clock },
      { tenantId },
    );
    await enrollDesk(desk, world.url, code, 'Drift desk');
    // As the desk's host syncs: pulled pages record their tables through the transport.
    const transport = recordingPulledTables(desk, world.transport(desk));
    const report = await syncOnce(desk, transport, { pageSize: PAGE_SIZE });
    expect(report.held).toBe(false);
    expect(report.pulledRows).toBeGreaterThan(5000);

    const copied = tablesWithRows(desk);
    expect(copied.length).toBeGreaterThan(20);
    expect(touchedTables(desk).tables).toEqual(copied);

    // Drift the desk's copy of a class behind the sync's back (a bug, a hand edit).
    const drifted = desk.sqlite
      .prepare('select id, capacity from classes order by id limit 1')
      .get() as { id: string; capacity: number };
    desk.sqlite.prepare('update classes set capacity = capacity + 7 where id = ?').run(drifted.id);

    const drift = await runDriftCheck(desk, transport);
    expect(drift.skipped).toBeNull();
    expect(drift.compared).toEqual(copied);
    expect(drift.mismatched).toEqual(['classes']);
    expect(drift.repairedRows).toBe(1);
    const repaired = desk.sqlite
      .prepare('select capacity from classes where id = ?')
      .get(drifted.id) as { capacity: number };
    expect(repaired.capacity).toBe(drifted.capacity);
    expect(touchedTables(desk).tables).toEqual([]);
  });
});
