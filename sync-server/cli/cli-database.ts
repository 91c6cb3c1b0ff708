import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../src-shared/schema/catalog';
import { openServerDatabase, type ServerDatabase } from '../db/open-server-database';
import { postgresLocation } from './postgres-url';

export const DEFAULT_DATA_DIR = './.data/server';

export interface CliDatabase extends ServerDatabase<Database> {
  /** The Postgres URL when there is one. */
  readonly url: string | undefined;
  /**
   * Where `serve` LISTENs: Postgres itself, DATABASE_DIRECT_URL when DATABASE_URL goes
   * through a pooler, else DATABASE_URL; undefined on PGlite.
   */
  readonly listenUrl: string | undefined;
  /** For messages: where the data lives. */
  readonly where: string;
}

export interface CliDatabaseOptions {
  /** Connections of the Postgres pool (openServerDatabase's default when left out). */
  readonly maxConnections?: number;
}

/** Whether the CLI works on Postgres (DATABASE_URL set) rather than the embedded PGlite. */
export function usesPostgres(env: Readonly<Record<string, string | undefined>>): boolean {
  const url = env['DATABASE_URL'];
  return url !== undefined && url !== '';
}

/**
 * The database the CLI works on: a real Postgres when DATABASE_URL is set, else the
 * embedded PGlite in `dataDir`. PGlite is one process: stop `serve` before other commands.
 *
 * DATABASE_DIRECT_URL, when set, says DATABASE_URL is a connection pooler in transaction mode
 * (pgbouncer) and names Postgres itself: statements go through the pooler unprepared (its
 * server connections change between transactions and keep no prepared statement), and
 * LISTEN, which needs a session of its own, goes direct.
 */
export async function openCliDatabase(
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string | undefined,
  options: CliDatabaseOptions = {},
): Promise<CliDatabase> {
  const url = env['DATABASE_URL'];
  if (url !== undefined && usesPostgres(env)) {
    const direct = env['DATABASE_DIRECT_URL'];
    const pooled = direct !== undefined && direct !== '';
    const opened = await openServerDatabase<Database>({
      kind: 'postgres',
      connectionString: url,
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
      ...(pooled ? { preparedStatements: false } : {}),
    });
    return {
      ...opened,
      url,
      listenUrl: pooled ? direct : url,
      where: pooled
        ? `Postgres (${postgresLocation(direct)}, through ${postgresLocation(url)})`
        : `Postgres (${postgresLocation(url)})`,
    };
  }
  const dir = path.resolve(dataDir ?? DEFAULT_DATA_DIR);
  await mkdir(dir, { recursive: true });
  const opened = await openServerDatabase<Database>({ kind: 'pglite', dataDir: dir });
  return { ...opened, url: undefined, listenUrl: undefined, where: `PGlite (${dir})` };
}
