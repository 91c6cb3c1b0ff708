import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncRow } from '../../src-shared/protocol/sync-messages';
import { openDesk, type Desk } from '../store/open-desk';
import { PulledRowsApplier, ROWS_PER_STATEMENT, SnapshotRowsWriter } from './pulled-rows-applier';

const TENANT = '00000000-0000-4000-8000-000000000001';
const dirs: string[] = [];
const open: Desk[] = [];

async function freshDesk() {
  const dir = mkdtempSync(join(tmpdir(), 'studio-snapshot-writer-'));
  dirs.push(dir);
  const desk = await openDesk({ dataDir: dir });
  open.push(desk);
  // As the snapshot copy writes: rows of a child table may come before their parents'.
  desk.sqlite.pragma('foreign_keys = OFF');
  return desk;
}

/** Rows of tenant_features in key order, text and integer cells. */
function features(count: number, from = 0): SyncRow[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const createdAt = `2026-12-05T00:00:${String(n % 60).padStart(2, '0')}.000Z`;
    return {
      id,
      tenant_id: TENANT,
      feature_key: `feature-${n}`,
      enabled: n % 2,
      created_at: createdAt,
    };
  });
}

function tableRows(desk: Desk): unknown[] {
  return desk.sqlite.prepare('select * from tenant_features order by id').all();
}

afterEach(async () => {
  for (const desk of open.splice(0)) await desk.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('snapshot pages written as plain multi-row inserts (R4.7, issue 21 B1)', () => {
  it.each([0, 1, ROWS_PER_STATEMENT - 1, ROWS_PER_STATEMENT, 2 * ROWS_PER_STATEMENT + 5])(
    'a page of %i rows leaves the table as the per-row upsert of pulled rows does',
    async (count) => {
      const rows = features(count);
      const upserted = await freshDesk();
      const applier = new PulledRowsApplier(upserted.sqlite);
      for (const row of rows) applier.apply({ op: 'upsert', table: 'tenant_features', row });
      const inserted = await freshDesk();
      inserted.sqlite.transaction(() => {
        new SnapshotRowsWriter(inserted.sqlite).write('tenant_features', rows);
      })();
      expect(tableRows(inserted)).toHaveLength(count);
      expect(tableRows(inserted)).toEqual(tableRows(upserted));
    },
  );

  it("pages of a resumed copy add the rows after the last one; no statement binds more than SQLite's parameter limit", async () => {
    const desk = await freshDesk();
    // More rows per statement asked for than 32,766 parameters allow at 5 columns a row.
    const writer = new SnapshotRowsWriter(desk.sqlite, 100_000);
    desk.sqlite.transaction(() => {
      writer.write('tenant_features', features(7000));
    })();
    desk.sqlite.transaction(() => {
      writer.write('tenant_features', features(7000, 7000));
    })();
    const stored = desk.sqlite
      .prepare('select count(*) as n, sum(enabled) as enabled from tenant_features')
      .get();
    expect(stored).toEqual({ n: 14_000, enabled: 7000 });
  });

  it('a row the table already holds fails the page loudly and leaves nothing of it: never overwritten', async () => {
    const desk = await freshDesk();
    const writer = new SnapshotRowsWriter(desk.sqlite);
    desk.sqlite.transaction(() => {
      writer.write('tenant_features', features(10));
    })();
    const before = tableRows(desk);
    // The last row has the key of a row held, with other cells: an upsert would overwrite it.
    const [held] = features(1, 9);
    const overlapping = [
      ...features(ROWS_PER_STATEMENT * 2, 10),
      { ...held, feature_key: 'again' },
    ];
    expect(() => {
      desk.sqlite.transaction(() => {
        writer.write('tenant_features', overlapping);
      })();
    }).toThrow(/UNIQUE constraint failed: tenant_features\.tenant_id, tenant_features\.id$/);
    expect(tableRows(desk)).toEqual(before);
  });

  it('refuses rows of a table desks do not hold', async () => {
    const desk = await freshDesk();
    expect(() => {
      new SnapshotRowsWriter(desk.sqlite).write('platform_config', [{ id: 'x' }]);
    }).toThrow(/unknown table "platform_config"/);
  });
});
