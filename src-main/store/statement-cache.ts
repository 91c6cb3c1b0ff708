import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * How many distinct statements stay prepared. The desk's operations compile to a few hundred
 * texts; queries with `in (?, ?, …)` lists of varying length make more, which age out.
 */
export const PREPARED_STATEMENT_LIMIT = 500;

/**
 * The desk's database as Kysely's SQLite driver sees it, keeping prepared statements by their
 * SQL text (least recently used dropped first). The driver prepares every query it runs;
 * a POS sale runs 14 statements, and preparing them cost about as much as running them
 * (B6, issue 21). A statement still iterating (a streamed select) is never handed out twice:
 * the second use gets a fresh one. SQLite re-prepares a kept statement by itself when the
 * schema changes, so a cached `select *` sees columns added since.
 */
export function withStatementCache(
  sqlite: BetterSqlite3.Database,
  limit = PREPARED_STATEMENT_LIMIT,
): SqliteDatabase {
  const prepared = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql) => {
      const kept = prepared.get(sql);
      if (kept?.busy === true) return sqlite.prepare(sql);
      // Map keeps insertion order: deleting and setting again marks it the most recent.
      if (kept !== undefined) prepared.delete(sql);
      const statement = kept ?? sqlite.prepare(sql);
      prepared.set(sql, statement);
      if (prepared.size > limit) {
        const oldest = prepared.keys().next();
        if (oldest.done !== true) prepared.delete(oldest.value);
      }
      return statement;
    },
  };
}
