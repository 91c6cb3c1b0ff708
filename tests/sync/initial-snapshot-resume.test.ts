import { describe, expect, it } from 'vitest';
import { DROPPED_INDEXES } from '../../src-main/store/bulk-load-indexes';
import { recordingPulledTables, touchedTables } from '../../src-main/sync/drift-ledger';
import { SNAPSHOT_CURSOR } from '../../src-main/sync/initial-snapshot';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { syncedTables } from '../../src-shared/sync/synced-tables';
import { serverBackends } from '../server/support/server-harness';
import {
  demoStudioForSnapshots,
  expectEqualToServer,
  killInto,
  readKilledImage,
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
    const studio = demoStudioForSnapshots(backend, 'studio-snapshot-resume-');

    it('resumes inside the table it was copying, ends equal to the server, and every copied table is touched for the drift check', async () => {
      const desk = await studio.enrolledEmptyDesk('Killed mid-table');

      // Killed when the second page after a first one is asked for, anywhere: the desk has
      // then committed a page that ended inside a table.
      let continuations = 0;
      const image = studio.newDir();
      const killed = watchedFetch({
        when: (request) => request.after !== null && ++continuations === 2,
        run: killInto(desk, image),
      });
      await expect(
        syncOnce(
          desk,
          recordingPulledTables(desk, studio.world.transport(desk, killed.fetchImpl)),
          {
            pageSize: PAGE_SIZE,
          },
        ),
      ).rejects.toThrow(/cannot reach the server/);

      const { cursor, tables } = readKilledImage(image);
      expect(tables).toContain(DROPPED_INDEXES);
      expect(cursor.after_key).not.toBeNull();

      const reopened = await studio.openDesk(image);
      // The tables copied before the kill are touched already: recorded with their pages.
      const copiedBeforeKill = tablesWithRows(reopened);
      expect(copiedBeforeKill.length).toBeGreaterThan(0);
      expect(touchedTables(reopened).tables).toEqual(copiedBeforeKill);

      const resumed = watchedFetch();
      const transport = recordingPulledTables(
        reopened,
        studio.world.transport(reopened, resumed.fetchImpl),
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
