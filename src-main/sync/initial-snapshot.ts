import type BetterSqlite3 from 'better-sqlite3';
import { MAX_PULL_LIMIT, type SnapshotResponse } from '../../src-shared/protocol/sync-messages';
import { syncedTables } from '../../src-shared/sync/synced-tables';
import type { Desk } from '../store/open-desk';
import { dropSecondaryIndexes, rebuildDroppedIndexes } from '../store/bulk-load-indexes';
import { copiedTableRecorder } from './drift-ledger';
import { SnapshotRowsWriter } from './pulled-rows-applier';
import type { SyncProgress } from './sync-engine';
import type { SyncTransport } from './sync-transport';

/**
 * The initial sync of an empty desk as a snapshot (R4.7): the tenant's head H is taken
 * first, then every synced table is copied in keyset pages (`GET /v1/snapshot`, R6.3), and
 * the desk's checkpoint is set to H; the ordinary change-log pull then goes on from H. That
 * converges: every change up to H is visible to each page (they are all read after H was),
 * and every change after H is pulled again from the log, each carrying its row's latest
 * state or its tombstone. The server reads each table along its primary key instead of
 * reading the log and then looking every row up by key.
 *
 * The desk's secondary indexes are set aside for the load (store/bulk-load-indexes.ts) and the
 * cursor is kept in SNAPSHOT_CURSOR, written in the same transaction as each page, so an
 * interrupted snapshot resumes at the same H and table position after a restart. That
 * transaction also marks the page's table for the drift check (R6.4).
 */
export const SNAPSHOT_CURSOR = 'desk_snapshot_cursor';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface SnapshotCursor {
  /** The tenant's head when the snapshot began: the checkpoint it ends at. */
  readonly head: number;
  /** Index into syncedTables of the table being copied; syncedTables.length when done. */
  readonly tableIndex: number;
  /** Row key of the last row copied of that table; null before its first page. */
  readonly afterKey: string | null;
}

export interface SnapshotReport {
  readonly pulledRows: number;
  /** Stopped without applying a page: a local write is pending (R4.4). */
  readonly held: boolean;
}

export interface SnapshotOptions {
  readonly pageSize?: number;
  readonly onProgress?: (progress: SyncProgress) => void;
}

/**
 * A copy asks once per synced table (some 70), where the change log of a small studio is a
 * page or two: below this many pages of log the ordinary pull is the quicker one (the
 * demo studio on PGlite, where each request costs most).
 */
const SNAPSHOT_FROM_PAGES = 4;

const NOTHING: SnapshotReport = { pulledRows: 0, held: false };

function readCursor(sqlite: BetterSqlite3.Database): SnapshotCursor | undefined {
  const exists = sqlite
    .prepare(`select 1 from sqlite_master where type = 'table' and name = ?`)
    .get(SNAPSHOT_CURSOR);
  if (exists === undefined) return undefined;
  return sqlite
    .prepare(
      `select head, table_index as tableIndex, after_key as afterKey from ${quote(SNAPSHOT_CURSOR)}`,
    )
    .get() as SnapshotCursor | undefined;
}

function pendingWrites(sqlite: BetterSqlite3.Database): number {
  return (
    sqlite.prepare(`select count(*) as n from desk_outbox where status = 'pending'`).get() as {
      n: number;
    }
  ).n;
}

function ackedSeq(sqlite: BetterSqlite3.Database): number {
  return (sqlite.prepare('select last_acked_seq as s from desk_sync_state').get() as { s: number })
    .s;
}

/** An empty desk: nothing pulled yet and no row in any synced table. */
function isEmptyDesk(sqlite: BetterSqlite3.Database): boolean {
  const state = sqlite.prepare('select checkpoint from desk_sync_state').get() as {
    checkpoint: number;
  };
  if (state.checkpoint !== 0) return false;
  return syncedTables.every(
    (table) => sqlite.prepare(`select 1 from ${quote(table.name)} limit 1`).get() === undefined,
  );
}

function startCursor(sqlite: BetterSqlite3.Database, head: number): SnapshotCursor {
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `create table ${quote(SNAPSHOT_CURSOR)} (
          singleton integer primary key check (singleton = 1),
          head integer not null, table_index integer not null, after_key text)`,
      )
      .run();
    sqlite
      .prepare(
        `insert into ${quote(SNAPSHOT_CURSOR)} (singleton, head, table_index, after_key)
         values (1, ?, 0, null)`,
      )
      .run(head);
  })();
  return { head, tableIndex: 0, afterKey: null };
}

/**
 * First pages of the tables after the current one asked for at once: most of a studio's
 * tables fit in one page, and one request after another would spend the copy of a small
 * studio waiting on round trips. Few enough to stay well inside a device's rate limit.
 */
const TABLES_AHEAD = 6;

/** Snapshot pages asked for before they are needed, each at most once. */
class PageRequests {
  private readonly inFlight = new Map<string, Promise<SnapshotResponse>>();

  constructor(
    private readonly transport: SyncTransport,
    private readonly limit: number,
  ) {}

  /** Starts the request for the page at `cursor` (undefined once every table is copied). */
  ask(cursor: SnapshotCursor): Promise<SnapshotResponse> | undefined {
    const table = syncedTables[cursor.tableIndex];
    if (!table) return undefined;
    const key = `${cursor.tableIndex}|${cursor.afterKey ?? ''}`;
    let page = this.inFlight.get(key);
    if (!page) {
      page = this.transport.snapshot(table.name, cursor.afterKey, this.limit);
      // Reported when awaited: a page asked for early that fails is no unhandled rejection.
      page.catch(() => undefined);
      this.inFlight.set(key, page);
    }
    return page;
  }

  /** The page at `cursor`, with the first pages of the next tables asked for too. */
  take(cursor: SnapshotCursor): Promise<SnapshotResponse> | undefined {
    const page = this.ask(cursor);
    this.inFlight.delete(`${cursor.tableIndex}|${cursor.afterKey ?? ''}`);
    for (let ahead = 1; ahead <= TABLES_AHEAD; ahead++) {
      void this.ask({ head: cursor.head, tableIndex: cursor.tableIndex + ahead, afterKey: null });
    }
    return page;
  }

  /** No request outlives the sync that made it. */
  async settle(): Promise<void> {
    await Promise.all([...this.inFlight.values()].map((page) => page.catch(() => undefined)));
  }
}

/**
 * Copies the tenant into an empty desk table by table, or resumes a copy a restart
 * interrupted; does nothing (and returns no rows) for a desk that has pulled before. The
 * caller pulls the change log from the checkpoint this leaves, and rebuilds the indexes
 * (rebuildDroppedIndexes) whatever happens, as pullAfterInitialSnapshot does.
 */
export async function loadInitialSnapshot(
  desk: Desk,
  transport: SyncTransport,
  options: SnapshotOptions,
  onBulkLoad: () => void,
): Promise<SnapshotReport> {
  const { sqlite } = desk;
  let cursor = readCursor(sqlite);
  if (!cursor && !isEmptyDesk(sqlite)) return NOTHING;
  if (pendingWrites(sqlite) > 0) return { pulledRows: 0, held: true };
  // The head first, before any row is read (R4.7). Its lastAppliedSeq bounds the writes of
  // this desk that every page read from now on reflects (R4.4).
  const probe = await transport.pull(cursor?.head ?? 0, 1);
  if (probe.lastAppliedSeq < ackedSeq(sqlite)) return { pulledRows: 0, held: true };
  const limit = Math.min(options.pageSize ?? MAX_PULL_LIMIT, MAX_PULL_LIMIT);
  if (!cursor) {
    if (probe.headPosition <= SNAPSHOT_FROM_PAGES * limit) return NOTHING;
    cursor = startCursor(sqlite, probe.headPosition);
  }
  onBulkLoad();
  dropSecondaryIndexes(sqlite);

  // Plain inserts: every table was empty when the copy began, and a resumed copy asks for
  // the rows after the last one it committed (SnapshotRowsWriter).
  const writer = new SnapshotRowsWriter(sqlite);
  const recordCopied = copiedTableRecorder(desk);
  const saveCursor = sqlite.prepare(
    `update ${quote(SNAPSHOT_CURSOR)} set table_index = ?, after_key = ?`,
  );
  const head = cursor.head;
  let pulledRows = 0;
  const requests = new PageRequests(transport, limit);
  let at: SnapshotCursor = cursor;
  try {
    for (let pending = requests.take(at); pending; pending = requests.take(at)) {
      const page = await pending;
      const table = syncedTables[at.tableIndex];
      if (!table) break;
      const after: SnapshotCursor =
        page.nextAfter === null
          ? { head, tableIndex: at.tableIndex + 1, afterKey: null }
          : { head, tableIndex: at.tableIndex, afterKey: page.nextAfter };
      // The server reads the next page while this one is written.
      void requests.ask(after);
      const applied = commitSnapshotPage(sqlite, () => {
        if (pendingWrites(sqlite) > 0 || ackedSeq(sqlite) > probe.lastAppliedSeq) return false;
        writer.write(table.name, page.rows);
        // The drift check (R6.4) compares the tables a copy wrote, as those pulled pages do.
        if (page.rows.length > 0) recordCopied(table.name);
        saveCursor.run(after.tableIndex, after.afterKey);
        return true;
      });
      if (!applied) return { pulledRows, held: true };
      pulledRows += page.rows.length;
      at = after;
      options.onProgress?.({ phase: 'pull', done: Math.min(pulledRows, head), total: head });
    }
  } finally {
    await requests.settle();
  }
  // Every table copied: the change log takes over from the head the copy began at.
  sqlite.transaction(() => {
    sqlite.prepare('update desk_sync_state set checkpoint = ?, head_position = ?').run(head, head);
    sqlite.prepare(`drop table ${quote(SNAPSHOT_CURSOR)}`).run();
  })();
  return { pulledRows, held: false };
}

/**
 * One page in one transaction without its own fsync, foreign keys unchecked (rows of a
 * child table may come before their parents' table), as commitPulledPage does for the
 * change log (R4.3): the last commit of the pull, with synchronous=FULL, makes them durable.
 */
function commitSnapshotPage(sqlite: BetterSqlite3.Database, work: () => boolean): boolean {
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('synchronous = NORMAL');
  try {
    return sqlite.transaction(work)();
  } finally {
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
  }
}

export interface PullOutcome {
  readonly pulledRows: number;
  readonly held: boolean;
  readonly checkpoint: number;
}

/**
 * The pull of the sync engine with the snapshot in front: an empty desk is copied table by
 * table first, then `pullLog` pulls the change log from the snapshot's head as always.
 */
export async function pullAfterInitialSnapshot(
  desk: Desk,
  transport: SyncTransport,
  options: SnapshotOptions,
  onBulkLoad: () => void,
  pullLog: () => Promise<PullOutcome>,
): Promise<PullOutcome> {
  try {
    const snapshot = await loadInitialSnapshot(desk, transport, options, onBulkLoad);
    if (snapshot.held) return { pulledRows: snapshot.pulledRows, held: true, checkpoint: 0 };
    const pulled = await pullLog();
    return { ...pulled, pulledRows: pulled.pulledRows + snapshot.pulledRows };
  } finally {
    // Built once the rows are in, or the pull stopped: the desk never works without them.
    // Before the engine's own clean-up, so its final checkpoint also carries the indexes.
    rebuildDroppedIndexes(desk.sqlite);
  }
}
