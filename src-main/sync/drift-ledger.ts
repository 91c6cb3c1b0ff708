import { syncedTables } from '../../src-shared/sync/synced-tables';
import type { Desk } from '../store/open-desk';
import type { SyncTransport } from './sync-transport';

/**
 * What the drift check (R6.4) keeps in the desk's database, so a restart between a sync
 * and its check loses nothing: the tables syncs touched since they were last checked, and
 * the rows only this desk holds. Every function here is synchronous, so callers can run
 * them inside one SQLite transaction with the work they describe.
 */

/** The tables awaiting a drift check, and what was seen of each source of them. */
export interface TouchedTables {
  /** In the order desks hold tables. */
  readonly tables: readonly string[];
  /** Pulled-page touches seen per table: a check clears only those it saw. */
  readonly pulled: ReadonlyMap<string, number>;
  /** Acknowledged mutations up to this seq are covered by `tables`. */
  readonly throughSeq: number;
}

const ALL_TABLES = syncedTables.map((t) => t.name);

const TOUCH_SQL = `insert into desk_drift_touched (table_name, touches) values (?, 1)
  on conflict (table_name) do update set touches = touches + 1`;

/** Marks tables as touched (by a pulled page, or left over from a deferred check). */
export function recordPulledTables(desk: Desk, tables: Iterable<string>): void {
  const touch = desk.sqlite.prepare(TOUCH_SQL);
  desk.sqlite.transaction(() => {
    for (const table of new Set(tables)) touch.run(table);
  })();
}

/**
 * Marks one table as touched inside the caller's transaction: the snapshot copy (R4.7)
 * records each table with the page that writes its rows, so the rows it copied are checked
 * (R6.4) as pulled rows are, and a page rolled back leaves no touch without its rows.
 */
export function copiedTableRecorder(desk: Desk): (table: string) => void {
  const touch = desk.sqlite.prepare(TOUCH_SQL);
  return (table) => {
    touch.run(table);
  };
}

/**
 * The transport a syncing desk uses: every pull page's tables are recorded as touched. A
 * page later held back (R4.4) or prefetched and dropped is recorded too; checking a table
 * needlessly costs little, missing one would let drift stand.
 */
export function recordingPulledTables(desk: Desk, transport: SyncTransport): SyncTransport {
  return {
    ...transport,
    async pull(after, limit, options) {
      const page = await transport.pull(after, limit, options);
      // Recorded before the engine applies the page: a crash in between costs a needless
      // check, never a missed one.
      if (page.changes.length > 0) {
        const tables = page.changes.map((c) => c.table);
        recordPulledTables(desk, tables);
      }
      return page;
    },
  };
}

function parseWritten(json: string | null): readonly string[] {
  if (json === null) return ALL_TABLES;
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
}

/** Tables pulled pages or this desk's acknowledged mutations touched since their last check. */
export function touchedTables(desk: Desk): TouchedTables {
  const state = desk.sqlite
    .prepare('select drift_checked_seq as seq from desk_sync_state')
    .get() as { seq: number };
  const acknowledged = desk.sqlite
    .prepare(
      `select seq, tables_written as written from desk_outbox
       where seq > ? and status <> 'pending' order by seq`,
    )
    .all(state.seq) as { seq: number; written: string | null }[];
  const pulledRows = desk.sqlite
    .prepare('select table_name as name, touches from desk_drift_touched')
    .all() as { name: string; touches: number }[];
  const pulled = new Map(pulledRows.map((r) => [r.name, r.touches]));
  const names = new Set<string>(pulled.keys());
  for (const entry of acknowledged) for (const t of parseWritten(entry.written)) names.add(t);
  return {
    tables: ALL_TABLES.filter((t) => names.has(t)),
    pulled,
    throughSeq: acknowledged.at(-1)?.seq ?? state.seq,
  };
}

/**
 * Records that `touched` has been checked, except the `deferred` tables, which stay
 * touched for the next check. Touches recorded since `touched` was read stay too.
 */
export function markTouchedChecked(
  desk: Desk,
  touched: TouchedTables,
  deferred: readonly string[],
): void {
  const clear = desk.sqlite.prepare(
    'delete from desk_drift_touched where table_name = ? and touches = ?',
  );
  const advance = desk.sqlite.prepare(
    'update desk_sync_state set drift_checked_seq = max(drift_checked_seq, ?)',
  );
  desk.sqlite.transaction(() => {
    for (const [table, touches] of touched.pulled) {
      if (!deferred.includes(table)) clear.run(table, touches);
    }
    // The seq mark covers every table at once, so deferred ones carry on as pulled touches.
    recordPulledTables(desk, deferred);
    advance.run(touched.throughSeq);
  })();
}

/** Lists rows only this desk holds as open problems; a row already listed stays as it is. */
export function recordOnlyHere(
  desk: Desk,
  table: string,
  rowKeys: readonly string[],
  at: string,
): void {
  const insert = desk.sqlite.prepare(
    `insert or ignore into desk_drift_problems (table_name, row_key, detected_at)
     values (?, ?, ?)`,
  );
  for (const key of rowKeys) insert.run(table, key, at);
}

/**
 * Closes a table's open problems, except rows still only here (`keep`): the server has
 * them now, or they are gone (a repair replaced the table).
 */
export function resolveOnlyHere(
  desk: Desk,
  table: string,
  at: string,
  keep: ReadonlySet<string> = new Set(),
): void {
  const open = desk.sqlite
    .prepare(
      `select id, row_key as key from desk_drift_problems
       where table_name = ? and resolved_at is null`,
    )
    .all(table) as { id: number; key: string }[];
  const resolve = desk.sqlite.prepare(
    'update desk_drift_problems set resolved_at = ? where id = ?',
  );
  for (const problem of open) if (!keep.has(problem.key)) resolve.run(at, problem.id);
}
