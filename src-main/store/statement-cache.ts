import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * How many distinct statements stay prepared. The desk's operations compile to a few hundred
 * texts; queries with `in (?, ?, …)` lists of varying length make more, which age out.
 */
export const PREPARED_STATEMENT_LIMIT = 500;

interface KeptStatement {
  readonly statement: BetterSqlite3.Statement;
  /** The use counter's value at this statement's latest use: the smallest is the oldest. */
  lastUse: number;
}

/**
 * The desk's database as Kysely's SQLite driver sees it, keeping prepared statements by their
 * SQL text (least recently used dropped first). The driver prepares every query it runs; a
 * POS sale ran 14 statements through it, and preparing them cost about as much as running
 * them (B6, issue 21). A statement still iterating (a streamed select) is never handed out
 * twice: the second use gets a fresh one. SQLite re-prepares a kept statement by itself when
 * the schema changes, so a cached `select *` sees columns added since.
 *
 * A hit only stamps the statement with a counter; the oldest is looked for only when a new
 * one would pass the limit. Re-inserting every hit at the end of the map (the earlier way to
 * keep the order) cost more than the lookup itself, on every statement of every sale.
 */
export function withStatementCache(
  sqlite: BetterSqlite3.Database,
  limit = PREPARED_STATEMENT_LIMIT,
): SqliteDatabase {
  const prepared = new Map<string, KeptStatement>();
  let uses = 0;
  const dropOldest = () => {
    let oldest: string | undefined;
    let oldestUse = Infinity;
    for (const [sql, kept] of prepared) {
      if (kept.lastUse < oldestUse) {
        oldest = sql;
        oldestUse = kept.lastUse;
      }
    }
    if (oldest !== undefined) prepared.delete(oldest);
  };
  return {
    close: () => sqlite.close(),
    prepare: (sql) => {
      const kept = prepared.get(sql);
      if (kept !== undefined) {
        if (kept.statement.busy) return sqlite.prepare(sql);
        kept.lastUse = ++uses;
        return kept.statement;
      }
      const statement = sqlite.prepare(sql);
      if (prepared.size >= limit) dropOldest();
      prepared.set(sql, { statement, lastUse: ++uses });
      return statement;
    },
  };
}
