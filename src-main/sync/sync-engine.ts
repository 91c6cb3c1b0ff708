import { MAX_PULL_LIMIT, type PullResponse } from '../../src-shared/protocol/sync-messages';
import { isoAt } from '../../src-shared/time/clock';
import type { Desk } from '../store/open-desk';
import { pullAfterInitialSnapshot } from './initial-snapshot';
import { pushOutbox } from './outbox-push';
import { OwnRowDigests } from './own-row-digests';
import { PulledRowsApplier } from './pulled-rows-applier';
import { SyncOfflineError, type PullOptions, type SyncTransport } from './sync-transport';

export { pushOutbox } from './outbox-push';

export interface SyncProgress {
  readonly phase: 'push' | 'pull';
  /** Rows or mutations done so far in this phase. */
  readonly done: number;
  /** Pull: the tenant's head position; push: the pending count at the start. */
  readonly total: number;
}

export interface SyncReport {
  readonly pushed: number;
  readonly refused: number;
  /** Unsent mutations given new seqs: the desk's data was restored or copied (R3.8). */
  readonly renumbered: number;
  readonly pulledRows: number;
  /** Pages not applied because local writes were still pending (R4.4). */
  readonly held: boolean;
  readonly checkpoint: number;
}

export interface SyncOptions {
  readonly pageSize?: number;
  readonly onProgress?: (progress: SyncProgress) => void;
}

/**
 * Rows per pull page: the server's most (MAX_PULL_LIMIT). Every page is one commit that
 * writes each index leaf page it touched to the WAL again, so fewer, bigger pages cost less
 * per row: the large initial sync took 54 s at 5,000 rows a page and 43 s at 10,000.
 */
const DEFAULT_PAGE_SIZE = MAX_PULL_LIMIT;
/**
 * Page cache while a pull spans several pages (KiB). An initial sync writes a million rows
 * into indexes keyed by random ids; with SQLite's default 16 MiB most index pages fall out
 * of the cache and are written and re-read mid-transaction. Restored when the pull ends.
 */
const BULK_PULL_CACHE_KIB = 128 * 1024;
/** The desk keeps SQLite's default page size. */
const SQLITE_PAGE_BYTES = 4096;
/**
 * WAL pages before SQLite checkpoints, while a pull spans several pages (default 1,000).
 * Each pulled page dirties thousands of index leaf pages; at the default every page's
 * commit was followed by a checkpoint copying them all back into the database file and
 * fsyncing it (over half of a large initial sync's time). With a WAL as large as the bulk
 * page cache, a leaf page rewritten by several commits is copied back once. The pull ends
 * with a checkpoint that truncates the WAL, and the setting is restored.
 */
const BULK_PULL_WAL_PAGES = (BULK_PULL_CACHE_KIB * 1024) / SQLITE_PAGE_BYTES;
/**
 * After a pull this big the query planner's statistics are refreshed (`PRAGMA optimize`):
 * without them type-ahead on a freshly synced 50,000-member desk picked a scan and took
 * 100+ ms instead of well under one.
 */
const ANALYZE_AFTER_ROWS = 1000;

async function syncState(desk: Desk) {
  return desk.db.selectFrom('desk_sync_state').selectAll().executeTakeFirstOrThrow();
}

/**
 * Pulls pages after the checkpoint and applies each in one transaction with the checkpoint
 * (R4.3). Holds (stops without applying) while local writes are unacknowledged or the page
 * does not yet reflect them (R4.4); the next push-and-pull picks up from the same place.
 */
export async function pullChanges(
  desk: Desk,
  transport: SyncTransport,
  options: SyncOptions = {},
  /** Runs in the last page's transaction, if the pull reaches one (syncOnce's bookkeeping). */
  inLastPage?: () => void,
) {
  const cacheSize: unknown = desk.sqlite.pragma('cache_size', { simple: true });
  const walPages: unknown = desk.sqlite.pragma('wal_autocheckpoint', { simple: true });
  const tally = { appliedRows: 0 };
  // Set from pullPages' callback, which flow analysis cannot see into.
  const bulk = { on: false };
  try {
    const onBulk = () => {
      bulk.on = true;
      desk.sqlite.pragma(`cache_size = -${BULK_PULL_CACHE_KIB}`);
      desk.sqlite.pragma(`wal_autocheckpoint = ${BULK_PULL_WAL_PAGES}`);
    };
    // An empty desk is first copied table by table (initial-snapshot.ts, R4.7).
    return await pullAfterInitialSnapshot(desk, transport, options, onBulk, () =>
      pullPages(desk, transport, options, tally, onBulk, inLastPage),
    );
  } finally {
    if (typeof cacheSize === 'number') desk.sqlite.pragma(`cache_size = ${cacheSize}`);
    // Also after an interrupted pull: the rows it applied are there to be planned over.
    if (tally.appliedRows >= ANALYZE_AFTER_ROWS) {
      // 0x10000: look at every table, not only those this connection has queried.
      desk.sqlite.pragma('optimize = 0x10002');
    }
    if (bulk.on) {
      if (typeof walPages === 'number') desk.sqlite.pragma(`wal_autocheckpoint = ${walPages}`);
      // Busy (a reader still in the WAL) is not an error: the next autocheckpoint catches up.
      desk.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    }
  }
}

interface PullReport {
  readonly pulledRows: number;
  readonly held: boolean;
  readonly checkpoint: number;
}

async function pullPages(
  desk: Desk,
  transport: SyncTransport,
  options: SyncOptions,
  tally: { appliedRows: number },
  onSeveralPages: () => void,
  inLastPage: (() => void) | undefined,
): Promise<PullReport> {
  const applier = new PulledRowsApplier(desk.sqlite);
  const tenantId = desk.identity?.tenantId;
  const ownRows = new OwnRowDigests(desk.sqlite, tenantId ?? '');
  // R4.8: the desk's own rows come as digests where it can fetch the ones that differ.
  const pullOptions: PullOptions =
    transport.rowsByKeys && tenantId !== undefined ? { ownRows: 'digest' } : {};
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const pendingCount = desk.sqlite.prepare(
    `select count(*) as n from desk_outbox where status = 'pending'`,
  );
  const saveCheckpoint = desk.sqlite.prepare(
    `update desk_sync_state set checkpoint = ?, head_position = ?`,
  );
  let pulledRows = 0;
  let next: { readonly after: number; readonly page: Promise<PullResponse> } | undefined;
  try {
    for (;;) {
      const state = await syncState(desk);
      const early = next?.after === state.checkpoint ? next.page : undefined;
      const page = await (early ?? transport.pull(state.checkpoint, pageSize, pullOptions));
      // Ask for the following page before applying this one, so the server reads it while
      // this desk parses and writes (an initial sync is otherwise two halves taking turns).
      // If this page is held, the early answer is dropped: a GET changes nothing.
      next = page.hasMore
        ? {
            after: page.position,
            page: prefetch(transport, page.position, pageSize, pullOptions),
          }
        : undefined;
      if (page.hasMore && tally.appliedRows === 0) onSeveralPages();
      const mustHold = () => {
        const pending = (pendingCount.get() as { n: number }).n;
        const ackedSeq = (
          desk.sqlite.prepare('select last_acked_seq as s from desk_sync_state').get() as {
            s: number;
          }
        ).s;
        return pending > 0 || page.lastAppliedSeq < ackedSeq;
      };
      // A held page's differing rows are not worth fetching.
      const digests =
        page.digests?.length && !mustHold()
          ? await ownRows.fetchDiffering(page, transport)
          : undefined;
      // R4.8: a page of the desk's own rows, all equal to its copy, writes only the
      // checkpoint; losing that to a power cut costs one more comparison, not data, so it
      // needs no fsync of its own (B4's desk A commits one after every sale).
      const onlyCheckpoint = page.changes.length === 0 && (digests?.fetched.size ?? 0) === 0;
      const applied = commitPulledPage(desk, page.hasMore || onlyCheckpoint, () =>
        desk.sqlite.transaction(() => {
          if (mustHold()) return false;
          const ownWrites = !page.digests?.length
            ? []
            : digests && ownRows.writesFor(page, digests);
          if (!ownWrites) return false;
          for (const change of ownWrites) applier.apply(change);
          for (const change of page.changes) applier.apply(change);
          saveCheckpoint.run(page.position, page.headPosition);
          if (!page.hasMore) inLastPage?.();
          return true;
        })(),
      );
      if (!applied) return { pulledRows, held: true, checkpoint: state.checkpoint };
      pulledRows += page.changes.length + (page.digests?.length ?? 0);
      tally.appliedRows = pulledRows;
      options.onProgress?.({ phase: 'pull', done: page.position, total: page.headPosition });
      if (!page.hasMore) return { pulledRows, held: false, checkpoint: page.position };
    }
  } finally {
    // No request outlives the sync that made it (callers close desks and servers after).
    await next?.page.catch(() => undefined);
  }
}

/**
 * Starts a pull whose failure is reported only when it is awaited: an early request that
 * fails while the previous page is being applied must not become an unhandled rejection.
 */
function prefetch(
  transport: SyncTransport,
  after: number,
  limit: number,
  pullOptions: PullOptions,
): Promise<PullResponse> {
  const request = transport.pull(after, limit, pullOptions);
  request.catch(() => undefined);
  return request;
}

/**
 * Pulled pages can hold a child before its parent (rows arrive in order of their latest
 * change), so foreign keys are checked by the server, not while the desk copies its state.
 *
 * A page with more to follow commits without its own fsync (WAL with synchronous=NORMAL is
 * still atomic): a power cut can only lose whole pages together with the checkpoint saved
 * in them, which the desk pulls again. The last page commits with synchronous=FULL, whose
 * fsync of the WAL makes every earlier page durable too, unless it writes nothing but the
 * checkpoint (R4.8: own rows all equal). Both settings change and return
 * with no await in between, so a sale rung up during a pull always commits with FULL.
 */
function commitPulledPage<T>(desk: Desk, withoutFsync: boolean, work: () => T): T {
  desk.sqlite.pragma('foreign_keys = OFF');
  if (withoutFsync) desk.sqlite.pragma('synchronous = NORMAL');
  try {
    return work();
  } finally {
    // FULL is the desk's setting for every other commit (openDeskDatabase).
    if (withoutFsync) desk.sqlite.pragma('synchronous = FULL');
    desk.sqlite.pragma('foreign_keys = ON');
  }
}

/** Push everything, then pull everything: one round of sync, recorded in the sync state. */
export async function syncOnce(
  desk: Desk,
  transport: SyncTransport,
  options: SyncOptions = {},
): Promise<SyncReport> {
  try {
    const pushedReport = await pushOutbox(desk, transport, options);
    // The round's time is written in the last page's transaction, not in a commit (and a
    // disk flush) of its own after it (issue 21: desk B's sale showed after both). It is
    // bookkeeping for the status line: where that page commits without an fsync (R4.8),
    // a power cut can only take it back to the previous round's time, and the next round
    // writes it again.
    const recordRound = desk.sqlite.prepare(
      `update desk_sync_state set last_sync_at = ?, last_error = null`,
    );
    // Set from pullChanges' callback, which flow analysis cannot see into.
    const round = { recorded: false };
    const pulled = await pullChanges(desk, transport, options, () => {
      recordRound.run(isoAt(desk.clock));
      round.recorded = true;
    });
    // A held page commits nothing: the round is recorded on its own.
    if (!round.recorded) recordRound.run(isoAt(desk.clock));
    return { ...pushedReport, ...pulled };
  } catch (error) {
    const message =
      error instanceof SyncOfflineError
        ? `offline: ${error.message}`
        : String(error instanceof Error ? error.message : error);
    await desk.db.updateTable('desk_sync_state').set({ last_error: message }).execute();
    throw error;
  }
}
