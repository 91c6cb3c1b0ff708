import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DROPPED_INDEXES } from '../../src-main/store/bulk-load-indexes';
import { DESK_DATABASE_FILE, openDesk, type Desk } from '../../src-main/store/open-desk';
import { recordingPulledTables, touchedTables } from '../../src-main/sync/drift-ledger';
import { enrollDesk } from '../../src-main/sync/enrollment';
import { SNAPSHOT_CURSOR } from '../../src-main/sync/initial-snapshot';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { syncedTables } from '../../src-shared/sync/synced-tables';
import { createDemoTenant } from '../../sync-server/admin/demo-admin';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from './sync-harness';
import {
  expectEqualToServer,
  killInto,
  tableNames,
  tablesWithRows,
  watchedFetch,
} from './initial-snapshot-support';

/**
 * Pages of a thousand rows: the small demo studio's log (some 6,000 changes) is then longer
 * than four pages, so it is copied (R4.7), and its biggest tables take several pages each.
 */
const PAGE_SIZE = 1000;

describe.each(serverBackends)(
  'an initial snapshot killed mid-table on %s (R4.7, R6.4)',
  (backend) => {
    let world: SyncWorld;
    let tenantId: string;
    const dirs: string[] = [];
    const desks: Desk[] = [];

    const newDir = () => {
      const dir = mkdtempSync(join(tmpdir(), 'studio-snapshot-resume-'));
      dirs.push(dir);
      return dir;
    };

    beforeAll(async () => {
      world = await createSyncWorld(backend);
      tenantId = (await createDemoTenant({ db: world.database.db, clock: world.clock })).tenantId;
    }, 240_000);

    afterAll(async () => {
      for (const desk of desks) await desk.close();
      await world.dispose();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    it('resumes inside the table it was copying, ends equal to the server, and every copied table is touched for the drift check', async () => {
      const desk = await openDesk({ dataDir: newDir() });
      desks.push(desk);
      const { code } = await createEnrollmentCode(
        { db: world.database.db, clock: world.clock },
        { tenantId },
      );
      await enrollDesk(desk, world.url, code, 'Killed mid-table');

      // Killed when the second page after a first one is asked for, anywhere: the desk has
      // then committed a page that ended inside a table.
      let continuations = 0;
      const image = newDir();
      const killed = watchedFetch({
        when: (request) => request.after !== null && ++continuations === 2,
        run: killInto(desk, image),
      });
      await expect(
        syncOnce(desk, recordingPulledTables(desk, world.transport(desk, killed.fetchImpl)), {
          pageSize: PAGE_SIZE,
        }),
      ).rejects.toThrow(/cannot reach the server/);

      const raw = new BetterSqlite3(join(image, DESK_DATABASE_FILE));
      const cursor = raw.prepare(`select table_index, after_key from ${SNAPSHOT_CURSOR}`).get() as {
        table_index: number;
        after_key: string | null;
      };
      expect(tableNames(raw)).toContain(DROPPED_INDEXES);
      raw.close();
      expect(cursor.after_key).not.toBeNull();

      const reopened = await openDesk({ dataDir: image });
      desks.push(reopened);
      // The tables copied before the kill are touched already: recorded with their pages.
      const copiedBeforeKill = tablesWithRows(reopened);
      expect(copiedBeforeKill.length).toBeGreaterThan(0);
      expect(touchedTables(reopened).tables).toEqual(copiedBeforeKill);

      const resumed = watchedFetch();
      const transport = recordingPulledTables(
        reopened,
        world.transport(reopened, resumed.fetchImpl),
      );
      const report = await syncOnce(reopened, transport, { pageSize: PAGE_SIZE });
      expect(report.held).toBe(false);
      expect(resumed.requests.find((r) => r.path === '/v1/snapshot')).toEqual({
        path: '/v1/snapshot',
        table: syncedTables[cursor.table_index]?.name,
        after: cursor.after_key,
      });
      await expectEqualToServer(reopened, transport);
      expect(tableNames(reopened.sqlite)).not.toContain(SNAPSHOT_CURSOR);
      expect(touchedTables(reopened).tables).toEqual(tablesWithRows(reopened));
    });
  },
);
