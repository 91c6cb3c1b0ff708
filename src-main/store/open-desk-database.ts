import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { startIdleCheckpoint } from './idle-checkpoint';
import { withStatementCache } from './statement-cache';

export interface DeskDatabase<DB> {
  readonly db: Kysely<DB>;
  /** The raw handle, for pragmas, checkpoints and bulk loads with prepared statements. */
  readonly sqlite: BetterSqlite3.Database;
  close(): Promise<void>;
}

/**
 * Where the WAL is copied back into the database file: `idle` (when nothing was written for
 * a moment: idle-checkpoint.ts, with SQLite's own checkpoint as the fallback), or `inline`
 * (SQLite's alone: inside the commit that crosses 1,000 WAL pages, about one sale in 30),
 * kept for benchmarks' same-run baseline.
 */
export type CheckpointMode = 'idle' | 'inline';

/**
 * WAL pages before a commit checkpoints by itself when the desk is never idle: SQLite's own
 * default (about 4 MiB), the fallback for a queue of sales without a pause. A higher one
 * (10,000 pages) was measured: rarer checkpointing sales, but each copying ten times as much,
 * and every commit of a burst extended a WAL file growing toward 40 MiB, which cost sales
 * 150 ms apart more at p99 than the checkpoints it saved (issue 21, docs/BENCHMARKS.md).
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 1_000;

/**
 * Opens the desk's local copy. WAL lets screens read while sync writes; `synchronous=FULL`
 * makes a sale acknowledged to the cashier survive a power cut (NORMAL lost acknowledged
 * sales in simulated power cuts). Kysely's statements stay prepared (statement-cache.ts).
 * Pass ':memory:' for a throwaway database.
 */
export function openDeskDatabase<DB>(
  file: string,
  checkpoint: CheckpointMode = 'idle',
): DeskDatabase<DB> {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  const mode = sqlite.memory ? 'inline' : checkpoint;
  if (mode !== 'inline') sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const idle =
    mode === 'idle'
      ? startIdleCheckpoint(sqlite, file, { fallbackPages: FALLBACK_AUTOCHECKPOINT_PAGES })
      : undefined;
  return {
    db,
    sqlite,
    close: async () => {
      idle?.stop();
      await db.destroy();
      // Kysely closes the handle only if it ever used it.
      if (sqlite.open) sqlite.close();
    },
  };
}
