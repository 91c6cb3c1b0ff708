import { describe, expect, it } from 'vitest';
import { runDriftCheck } from '../../src-main/sync/drift-check';
import { recordingPulledTables, touchedTables } from '../../src-main/sync/drift-ledger';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { demoStudioForSnapshots, tablesWithRows } from './initial-snapshot-support';

/** Small enough that the small demo studio is copied, not pulled from the log (R4.7). */
const PAGE_SIZE = 500;

describe('the tables an initial snapshot copies are checked for drift (R4.7, R6.4)', () => {
  const studio = demoStudioForSnapshots('postgres', 'studio-snapshot-drift-');

  it('a copied desk has every table it holds rows of touched, and a row changed after the copy is repaired by the drift check', async () => {
    const desk = await studio.enrolledEmptyDesk('Drift desk');
    // As the desk's host syncs: pulled pages record their tables through the transport.
    const transport = recordingPulledTables(desk, studio.world.transport(desk));
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
