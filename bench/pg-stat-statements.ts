import type pg from 'pg';
import { rawPostgresClient } from './bench-postgres';

/**
 * Postgres's own account of where a benchmark's time went: the statements of one database
 * from `pg_stat_statements`, where the server loads it (`shared_preload_libraries`). The
 * bench resets that database's entries before its load and reads the top ones after, so
 * other databases on a shared server neither count nor get reset.
 */

/** A connected client, or a URL to open one on (closed again afterwards). */
export type StatementStatsSource = pg.Client | string;

/** One normalised statement's figures over the load; per push where the push count is known. */
export interface StatementFigure {
  /** The statement with its constants as $n, whitespace folded, at most 300 characters. */
  readonly query: string;
  /** False for statements run inside another (a trigger's, a function's): their time is in the caller's too. */
  readonly toplevel: boolean;
  readonly calls: number;
  readonly rows: number;
  readonly meanMs: number;
  readonly totalMs: number;
  readonly callsPerPush?: number;
  readonly msPerPush?: number;
}

export interface TopStatements {
  readonly statements: readonly StatementFigure[];
  /** Execution time of every top-level statement of the database, not only the top ones. */
  readonly topLevelTotalMs: number;
  readonly topLevelCalls: number;
  readonly pushes?: number;
}

export interface StatementStatsOptions {
  /** Pushes applied during the load: adds calls and milliseconds per push. */
  readonly pushes?: number;
  /** Where the one-line reason goes when the figures cannot be had. */
  readonly log?: (line: string) => void;
}

const QUERY_CHARACTERS = 300;

async function withClient<T>(
  source: StatementStatsSource,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  if (typeof source !== 'string') return work(source);
  const client = await rawPostgresClient(source);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/**
 * Why the view cannot be read on this connection's database, or undefined when it can. The
 * extension is created where missing (a bench database is fresh and the bench's login a
 * superuser); a server that does not preload the library refuses the view's first read
 * ("must be loaded via shared_preload_libraries", which takes a server restart).
 */
async function whyUnavailable(client: pg.Client): Promise<string | undefined> {
  try {
    await client.query('create extension if not exists pg_stat_statements');
  } catch (error) {
    const present = await client.query(
      "select 1 from pg_extension where extname = 'pg_stat_statements'",
    );
    if (present.rowCount === 0) {
      return `pg_stat_statements is not in this database and cannot be created here: ${messageOf(error)}`;
    }
  }
  try {
    await client.query('select 1 from pg_stat_statements limit 1');
  } catch (error) {
    return `pg_stat_statements cannot be read: ${messageOf(error)}`;
  }
  return undefined;
}

/**
 * Forgets the statistics of `databaseName` only, before a load. Returns false (and logs the
 * reason) where pg_stat_statements is not available; the load then runs without it.
 */
export async function resetStatementStats(
  source: StatementStatsSource,
  databaseName: string,
  options: Pick<StatementStatsOptions, 'log'> = {},
): Promise<boolean> {
  return withClient(source, async (client) => {
    const reason = await whyUnavailable(client);
    if (reason !== undefined) {
      options.log?.(reason);
      return false;
    }
    await client.query(
      'select pg_stat_statements_reset(0, (select oid from pg_database where datname = $1), 0)',
      [databaseName],
    );
    return true;
  });
}

interface StatementRow {
  query: string;
  toplevel: boolean;
  calls: string;
  rows: string;
  mean_ms: number;
  total_ms: number;
}

/**
 * The `limit` statements of `databaseName` with the most execution time since the last
 * reset, with calls, rows, mean and total milliseconds, and per push when `pushes` is
 * given. Undefined, with the reason logged in one line, where pg_stat_statements is not
 * loaded or cannot be read. The bench's own reads of the view are left out.
 */
export async function topStatements(
  source: StatementStatsSource,
  databaseName: string,
  limit: number,
  options: StatementStatsOptions = {},
): Promise<TopStatements | undefined> {
  return withClient(source, async (client) => {
    const reason = await whyUnavailable(client);
    if (reason !== undefined) {
      options.log?.(reason);
      return undefined;
    }
    const ofDatabase = `from pg_stat_statements s
      where s.dbid = (select oid from pg_database where datname = $1)
        and s.query not ilike '%pg_stat_statements%'`;
    const top = await client.query<StatementRow>(
      `select s.query, s.toplevel, s.calls::text as calls, s.rows::text as rows,
          s.mean_exec_time as mean_ms, s.total_exec_time as total_ms
        ${ofDatabase}
        order by s.total_exec_time desc
        limit $2`,
      [databaseName, limit],
    );
    const totals = await client.query<{ total_ms: number | null; calls: string | null }>(
      `select sum(s.total_exec_time) as total_ms, sum(s.calls)::text as calls
        ${ofDatabase} and s.toplevel`,
      [databaseName],
    );
    const pushes = options.pushes;
    const perPush = (value: number) =>
      pushes === undefined || pushes <= 0 ? undefined : value / pushes;
    const statements = top.rows.map((row): StatementFigure => {
      const calls = Number(row.calls);
      const callsPerPush = perPush(calls);
      const msPerPush = perPush(row.total_ms);
      return {
        query: row.query.replace(/\s+/g, ' ').trim().slice(0, QUERY_CHARACTERS),
        toplevel: row.toplevel,
        calls,
        rows: Number(row.rows),
        meanMs: row.mean_ms,
        totalMs: row.total_ms,
        ...(callsPerPush === undefined ? {} : { callsPerPush }),
        ...(msPerPush === undefined ? {} : { msPerPush }),
      };
    });
    return {
      statements,
      topLevelTotalMs: totals.rows[0]?.total_ms ?? 0,
      topLevelCalls: Number(totals.rows[0]?.calls ?? 0),
      ...(pushes === undefined ? {} : { pushes }),
    };
  });
}

/** Printable lines, one per statement: per push where known, else totals. */
export function formatTopStatements(top: TopStatements, queryCharacters = 160): string[] {
  const header =
    top.pushes === undefined
      ? `top-level statements: ${top.topLevelCalls} calls, ${top.topLevelTotalMs.toFixed(1)} ms`
      : `top-level statements per push: ${(top.topLevelCalls / top.pushes).toFixed(1)} calls, ${(top.topLevelTotalMs / top.pushes).toFixed(2)} ms of execution`;
  return [
    header,
    ...top.statements.map((s) => {
      const nested = s.toplevel ? '' : ' (nested)';
      const figures =
        s.msPerPush === undefined || s.callsPerPush === undefined
          ? `${s.calls} calls, mean ${s.meanMs.toFixed(3)} ms, total ${s.totalMs.toFixed(1)} ms`
          : `${s.callsPerPush.toFixed(2)}/push, mean ${s.meanMs.toFixed(3)} ms, ${s.msPerPush.toFixed(3)} ms/push`;
      return `${figures}${nested}: ${s.query.slice(0, queryCharacters)}`;
    }),
  ];
}
