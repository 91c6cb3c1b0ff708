import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DROPPED_INDEXES,
  DroppedUniqueIndexViolated,
  dropSecondaryIndexes,
  rebuildDroppedIndexes,
  secondaryIndexes,
} from './bulk-load-indexes';
import { openDesk, type Desk } from './open-desk';

const TENANT = '00000000-0000-4000-8000-000000000001';
const dirs: string[] = [];
const open: Desk[] = [];

async function freshDesk(dir = mkdtempSync(join(tmpdir(), 'studio-bulk-indexes-'))) {
  dirs.push(dir);
  const desk = await openDesk({ dataDir: dir });
  open.push(desk);
  return desk;
}

function hasTable(desk: Desk, name: string): boolean {
  return (
    desk.sqlite
      .prepare(`select 1 from sqlite_master where type = 'table' and name = ?`)
      .get(name) !== undefined
  );
}

function addFeature(desk: Desk, id: string, key: string) {
  desk.sqlite.pragma('foreign_keys = OFF');
  desk.sqlite
    .prepare(
      `insert into tenant_features (id, tenant_id, feature_key, enabled, created_at)
       values (?, ?, ?, 1, '2026-12-05T00:00:00.000Z')`,
    )
    .run(id, TENANT, key);
  desk.sqlite.pragma('foreign_keys = ON');
}

afterEach(async () => {
  for (const desk of open.splice(0)) await desk.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('secondary indexes set aside for a bulk load', () => {
  it('drops only secondary indexes, keeps primary keys, and builds the same ones back', async () => {
    const desk = await freshDesk();
    const before = secondaryIndexes(desk.sqlite);
    // Primary keys and UNIQUE constraints of the desk's own tables (not the list's own key).
    const autoIndexes = () =>
      desk.sqlite
        .prepare(
          `select name from sqlite_master where type = 'index' and sql is null and tbl_name <> ?`,
        )
        .all(DROPPED_INDEXES);
    const keys = autoIndexes();
    expect(before.length).toBeGreaterThan(10);
    expect(dropSecondaryIndexes(desk.sqlite)).toBe(before.length);
    expect(secondaryIndexes(desk.sqlite)).toEqual([]);
    // The upsert's ON CONFLICT needs the primary keys: they stay.
    expect(autoIndexes()).toEqual(keys);
    expect(rebuildDroppedIndexes(desk.sqlite)).toBe(before.length);
    expect(secondaryIndexes(desk.sqlite)).toEqual(before);
    expect(hasTable(desk, DROPPED_INDEXES)).toBe(false);
    // Nothing set aside: nothing to do.
    expect(rebuildDroppedIndexes(desk.sqlite)).toBe(0);
  });

  it('a desk closed with its indexes dropped has them all again when it opens', async () => {
    const desk = await freshDesk();
    const before = secondaryIndexes(desk.sqlite);
    dropSecondaryIndexes(desk.sqlite);
    const dir = desk.dataDir;
    await desk.close();
    open.splice(open.indexOf(desk), 1);
    const reopened = await openDesk({ dataDir: dir });
    open.push(reopened);
    expect(secondaryIndexes(reopened.sqlite)).toEqual(before);
    expect(hasTable(reopened, DROPPED_INDEXES)).toBe(false);
  });

  it('rows that break a dropped unique index fail the rebuild loudly and keep it remembered', async () => {
    const desk = await freshDesk();
    const before = secondaryIndexes(desk.sqlite);
    dropSecondaryIndexes(desk.sqlite);
    addFeature(desk, '00000000-0000-4000-8000-0000000000a1', 'automations');
    addFeature(desk, '00000000-0000-4000-8000-0000000000a2', 'automations');
    let thrown: unknown;
    try {
      rebuildDroppedIndexes(desk.sqlite);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DroppedUniqueIndexViolated);
    expect(String(thrown)).toMatch(/ux_tenant_features_key on tenant_features.*server bug/);
    // Nothing was half built: every index is still missing and still remembered.
    expect(secondaryIndexes(desk.sqlite)).toEqual([]);
    expect(hasTable(desk, DROPPED_INDEXES)).toBe(true);
    desk.sqlite.prepare(`delete from tenant_features where id like '%a2'`).run();
    rebuildDroppedIndexes(desk.sqlite);
    expect(secondaryIndexes(desk.sqlite)).toEqual(before);
  });

  it("sorts on SQLite's auxiliary threads, which this build has, and leaves the connection's pragmas as they were, failed or not", async () => {
    const desk = await freshDesk();
    const pragmas = () => ({
      threads: desk.sqlite.pragma('threads', { simple: true }),
      tempStore: desk.sqlite.pragma('temp_store', { simple: true }),
    });
    // Worker threads compiled in (SQLITE_MAX_WORKER_THREADS > 0): the setting takes.
    expect(desk.sqlite.pragma('threads = 2', { simple: true })).toBe(2);
    desk.sqlite.pragma('threads = 0');
    const before = pragmas();
    expect(before).toEqual({ threads: 0, tempStore: 0 });

    dropSecondaryIndexes(desk.sqlite);
    addFeature(desk, '00000000-0000-4000-8000-0000000000b1', 'automations');
    addFeature(desk, '00000000-0000-4000-8000-0000000000b2', 'automations');
    expect(() => rebuildDroppedIndexes(desk.sqlite)).toThrow(DroppedUniqueIndexViolated);
    expect(pragmas()).toEqual(before);
    desk.sqlite.prepare(`delete from tenant_features where id like '%b2'`).run();
    expect(rebuildDroppedIndexes(desk.sqlite)).toBeGreaterThan(10);
    expect(pragmas()).toEqual(before);
  });
});
