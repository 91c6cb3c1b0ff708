import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { withStatementCache } from './statement-cache';

export interface DeskDatabase<DB> {
  readonly db: Kysely<DB>;
  /** The raw handle, for pragmas, checkpoints and bulk loads with prepared statements. */
  readonly sqlite: BetterSqlite3.Database;
  close(): Promise<void>;
}

/**
 * Opens the desk's local copy. WAL lets screens read while sync writes; `synchronous=FULL`
 * makes a sale acknowledged to the cashier survive a power cut (NORMAL lost acknowledged
 * sales in simulated power cuts). Kysely's statements stay prepared (statement-cache.ts).
 * Pass ':memory:' for a throwaway database.
 */
export function openDeskDatabase<DB>(file: string): DeskDatabase<DB> {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return { db, sqlite, close: () => db.destroy() };
}
