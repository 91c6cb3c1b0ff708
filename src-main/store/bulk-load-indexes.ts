import type BetterSqlite3 from 'better-sqlite3';
import { syncedTables } from '../../src-shared/sync/synced-tables';

/**
 * Secondary indexes are set aside while an empty desk loads its studio, and built once at the
 * end: SQLite then sorts each index's keys once instead of inserting a million random keys
 * one by one into B-trees that do not fit in the page cache (issue 21).
 *
 * Only indexes created with their own `create index` are dropped (they have SQL in
 * sqlite_master). Primary keys and UNIQUE column constraints (sqlite_autoindex_*) stay: the
 * pulled-rows applier's upsert names the primary key in its ON CONFLICT, and the snapshot's
 * plain inserts rely on it to refuse a row sent twice.
 *
 * Crash safety: the dropped indexes' SQL is written into DROPPED_INDEXES in the same
 * transaction that drops them, and the rebuild creates them and removes that table in one
 * transaction. A desk killed in between still has the table, and openDesk rebuilds from it
 * before anything else runs (restoreDroppedIndexes), so no desk ever runs without them.
 */
export const DROPPED_INDEXES = 'desk_bulk_load_dropped_indexes';

/** Rows ANALYZE samples per index after a rebuild (PRAGMA optimize's own limit is similar). */
const ANALYSIS_ROWS = 2000;

/**
 * Pragmas of the connection while it builds the indexes, each restored after. SQLite's sorter
 * then spills a large index's keys into memory rather than temporary files, and sorts those
 * runs on auxiliary threads (better-sqlite3 is built with SQLITE_MAX_WORKER_THREADS=8, and
 * `threads` defaults to 0): a large studio's build took 0.80-0.86 of the time with both,
 * where threads alone gained nothing (bench/initial-sync-write-ab.ts measures it again).
 * temp_store also drops the connection's temporary tables when it changes; the desk keeps none.
 */
const INDEX_BUILD_PRAGMAS = { threads: 2, temp_store: 'MEMORY' } as const;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface IndexDefinition {
  readonly name: string;
  readonly tableName: string;
  readonly sql: string;
}

export class DroppedUniqueIndexViolated extends Error {
  constructor(index: IndexDefinition, cause: unknown) {
    super(
      `the rows the server sent break the unique index ${index.name} on ${index.tableName} ` +
        `(a server bug: its copy never should). The desk will not run without the index: ` +
        `re-sync it once the server is fixed. ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'DroppedUniqueIndexViolated';
  }
}

function hasDroppedIndexes(sqlite: BetterSqlite3.Database): boolean {
  return (
    sqlite
      .prepare(`select 1 from sqlite_master where type = 'table' and name = ?`)
      .get(DROPPED_INDEXES) !== undefined
  );
}

/** The secondary indexes of the synced tables as they stand in the desk's file now. */
export function secondaryIndexes(sqlite: BetterSqlite3.Database): IndexDefinition[] {
  const synced = syncedTables.map((t) => t.name);
  return sqlite
    .prepare(
      `select name, tbl_name as tableName, sql from sqlite_master
       where type = 'index' and sql is not null
         and tbl_name in (select value from json_each(?))
       order by tbl_name, name`,
    )
    .all(JSON.stringify(synced)) as IndexDefinition[];
}

/**
 * Drops the synced tables' secondary indexes, remembering them durably in the same
 * transaction. Returns how many were dropped (already-dropped ones stay remembered).
 */
export function dropSecondaryIndexes(sqlite: BetterSqlite3.Database): number {
  return sqlite.transaction(() => {
    sqlite
      .prepare(
        `create table if not exists ${quote(DROPPED_INDEXES)}
         (name text primary key, table_name text not null, sql text not null)`,
      )
      .run();
    const remember = sqlite.prepare(
      `insert into ${quote(DROPPED_INDEXES)} (name, table_name, sql) values (?, ?, ?)`,
    );
    const indexes = secondaryIndexes(sqlite);
    for (const index of indexes) {
      remember.run(index.name, index.tableName, index.sql);
      sqlite.prepare(`drop index ${quote(index.name)}`).run();
    }
    return indexes.length;
  })();
}

/**
 * Creates every index dropped for a bulk load, in one transaction with forgetting them, then
 * refreshes the planner's statistics of the tables they belong to. A unique index the rows
 * break is reported as a server bug (DroppedUniqueIndexViolated): nothing is created and the
 * indexes stay remembered. Does nothing when no load left indexes out. Returns how many
 * indexes it built.
 */
export function rebuildDroppedIndexes(sqlite: BetterSqlite3.Database): number {
  if (!hasDroppedIndexes(sqlite)) return 0;
  const dropped = sqlite
    .prepare(`select name, table_name as tableName, sql from ${quote(DROPPED_INDEXES)}`)
    .all() as IndexDefinition[];
  const exists = sqlite.prepare(`select 1 from sqlite_master where type = 'index' and name = ?`);
  const restore = setPragmas(sqlite, INDEX_BUILD_PRAGMAS);
  try {
    return buildAndAnalyze(sqlite, dropped, exists);
  } finally {
    restore();
  }
}

function buildAndAnalyze(
  sqlite: BetterSqlite3.Database,
  dropped: readonly IndexDefinition[],
  exists: BetterSqlite3.Statement,
): number {
  const built = sqlite.transaction(() => {
    let count = 0;
    for (const index of dropped) {
      if (exists.get(index.name) !== undefined) continue;
      try {
        sqlite.prepare(index.sql).run();
      } catch (error) {
        if (isUniqueViolation(error)) throw new DroppedUniqueIndexViolated(index, error);
        throw error;
      }
      count++;
    }
    sqlite.prepare(`drop table ${quote(DROPPED_INDEXES)}`).run();
    return count;
  })();
  // The planner needs statistics of the freshly built indexes (a scan instead of a seek on
  // a 50,000-member desk otherwise): ANALYZE of just these tables, each index sampled as
  // PRAGMA optimize samples it (analysis_limit), not read whole.
  const limit: unknown = sqlite.pragma('analysis_limit', { simple: true });
  sqlite.pragma(`analysis_limit = ${ANALYSIS_ROWS}`);
  try {
    for (const table of new Set(dropped.map((d) => d.tableName))) {
      sqlite.prepare(`analyze ${quote(table)}`).run();
    }
  } finally {
    if (typeof limit === 'number') sqlite.pragma(`analysis_limit = ${limit}`);
  }
  return built;
}

/** Sets `pragmas` on the connection; returns what sets them back as they were. */
function setPragmas(
  sqlite: BetterSqlite3.Database,
  pragmas: Readonly<Record<string, string | number>>,
): () => void {
  const saved = Object.keys(pragmas).map((name) => [name, sqlite.pragma(name, { simple: true })]);
  for (const [name, value] of Object.entries(pragmas)) sqlite.pragma(`${name} = ${value}`);
  return () => {
    for (const [name, value] of saved) {
      if (typeof value === 'number') sqlite.pragma(`${String(name)} = ${value}`);
    }
  };
}

/** Run by openDesk before migrations: a desk killed mid-load gets its indexes back. */
export function restoreDroppedIndexes(sqlite: BetterSqlite3.Database): void {
  rebuildDroppedIndexes(sqlite);
}

function isUniqueViolation(error: unknown): boolean {
  const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
