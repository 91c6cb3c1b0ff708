import { performance } from 'node:perf_hooks';
import type { PullResponse, SyncRow } from '../src-shared/protocol/sync-messages';
import { canonicalRow } from '../src-shared/sync/row-checksum';
import { syncedTablesByName } from '../src-shared/sync/synced-tables';
import type { Desk } from '../src-main/store/open-desk';
import type { SyncTransport } from '../src-main/sync/sync-transport';
import { fixed } from './bench-report';

/**
 * Where a desk's sync time goes in B3 and B4: its push and pull requests (time from the
 * request until its answer is parsed, server work included), the pages and rows pulled, and
 * how many of those rows were already in the desk's copy exactly as the server sent them
 * (the desk's own sales coming back). Counting those compares every pulled row with the
 * desk's copy before the page is applied, which costs time in the measured path, so it is
 * done only with BENCH_OWN_ROWS=1 (a run for the breakdown, not for the figure).
 */
export interface SyncBreakdown {
  pushes: number;
  pushMs: number;
  pushedMutations: number;
  pulls: number;
  pullMs: number;
  /** Full rows and tombstones the pulls carried. */
  pulledRows: number;
  /** Changes the server sent as a digest instead of a row (the desk's own writes). */
  pulledDigests: number;
  /** Rows the desk fetched in full because its copy's digest differed from the server's. */
  refetchedRows: number;
  /** Of pulledRows: upserts equal to the desk's copy before applying (BENCH_OWN_ROWS=1). */
  unchangedRows: number;
  pulledBytes: number;
}

export const countOwnRows = process.env['BENCH_OWN_ROWS'] === '1';

export function emptyBreakdown(): SyncBreakdown {
  return {
    pushes: 0,
    pushMs: 0,
    pushedMutations: 0,
    pulls: 0,
    pullMs: 0,
    pulledRows: 0,
    pulledDigests: 0,
    refetchedRows: 0,
    unchangedRows: 0,
    pulledBytes: 0,
  };
}

function sameAsDesk(desk: Desk, tableName: string, row: SyncRow): boolean {
  const table = syncedTablesByName.get(tableName);
  if (!table) return false;
  const where = table.keyColumns.map((c) => `"${c}" = ?`).join(' and ');
  const local = desk.sqlite
    .prepare(`select * from "${table.name}" where ${where}`)
    .get(table.keyColumns.map((c) => row[c] ?? null)) as Record<string, unknown> | undefined;
  return local !== undefined && canonicalRow(table, local) === canonicalRow(table, row);
}

/** Optional fields of the pull page that only a digest-speaking server sends. */
function digestCount(page: PullResponse): number {
  const digests: unknown = Reflect.get(page, 'digests');
  return Array.isArray(digests) ? digests.length : 0;
}

/** Wraps a desk's transport so every request it makes adds to `tally`. */
export function measuredTransport(
  desk: Desk,
  inner: SyncTransport,
  tally: SyncBreakdown,
): SyncTransport {
  return {
    ...inner,
    push: async (mutations) => {
      const started = performance.now();
      try {
        return await inner.push(mutations);
      } finally {
        tally.pushes++;
        tally.pushMs += performance.now() - started;
        tally.pushedMutations += mutations.length;
      }
    },
    pull: async (...args: Parameters<SyncTransport['pull']>) => {
      const started = performance.now();
      const page = await inner.pull(...args);
      tally.pulls++;
      tally.pullMs += performance.now() - started;
      tally.pulledRows += page.changes.length;
      tally.pulledDigests += digestCount(page);
      if (countOwnRows) {
        tally.pulledBytes += JSON.stringify(page).length;
        for (const change of page.changes) {
          if (change.op === 'upsert' && sameAsDesk(desk, change.table, change.row)) {
            tally.unchangedRows++;
          }
        }
      }
      return page;
    },
    ...(inner.rowsByKeys
      ? {
          rowsByKeys: async (...args: Parameters<NonNullable<SyncTransport['rowsByKeys']>>) => {
            const rows = await (inner.rowsByKeys?.(...args) ?? Promise.resolve([]));
            tally.refetchedRows += rows.length;
            return rows;
          },
        }
      : {}),
  };
}

/** One line per desk: requests, their time, and what the pulls carried. */
export function describeBreakdown(label: string, tally: SyncBreakdown): string {
  const own = countOwnRows ? `, ${tally.unchangedRows} equal to the desk's copy` : '';
  const bytes = countOwnRows ? `, ${fixed(tally.pulledBytes / 1024, 0)} KiB` : '';
  return (
    `${label}: ${tally.pushes} pushes (${tally.pushedMutations} mutations) ${fixed(tally.pushMs, 0)} ms; ` +
    `${tally.pulls} pulls ${fixed(tally.pullMs, 0)} ms, ${tally.pulledRows} rows${own}, ` +
    `${tally.pulledDigests} digests, ${tally.refetchedRows} refetched${bytes}`
  );
}
