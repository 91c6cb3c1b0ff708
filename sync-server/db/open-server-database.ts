import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect';
import { PipelinedWritesPostgresDialect } from './pipelined-writes';
import { preparesStatements } from './prepared-statements';

export type ServerDatabaseOptions =
  | {
      readonly kind: 'postgres';
      readonly connectionString: string;
      readonly maxConnections?: number;
      /**
       * Prepare each statement once per connection (default). Off behind a pooler in
       * transaction mode, whose server connections change between statements.
       */
      readonly preparedStatements?: boolean;
      /**
       * Send statements issued together on one connection without waiting for each answer
       * (node-postgres pipeline mode; default on). Code that awaits each statement runs as
       * before; statements started together (Promise.all) share a round trip.
       */
      readonly pipelining?: boolean;
      /**
       * Inside a transaction, send an insert or savepoint whose answer is unused without
       * waiting for it (pipelined-writes.ts; default on with pipelining).
       */
      readonly pipelinedWrites?: boolean;
    }
  /** `dataDir` undefined keeps the database in memory (tests). */
  | { readonly kind: 'pglite'; readonly dataDir?: string };

export interface ServerDatabase<DB> {
  readonly db: Kysely<DB>;
  readonly kind: ServerDatabaseOptions['kind'];
  close(): Promise<void>;
}

const JSON_OIDS = new Set([114, 3802]);
const INT8_OID = 20;

/**
 * node-postgres hands int8 back as a string, and `"200" + 1` once switched a gap check off.
 * Parse it deliberately, refusing values a double cannot hold exactly.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 ${text} exceeds 2^53`);
  return value;
}

const keepText = (text: string) => text;

/** JSON arrives as text on both databases: the desk's SQLite cannot do otherwise. */
function pgTypeOverrides(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  for (const oid of JSON_OIDS) types.setTypeParser(oid, keepText);
  types.setTypeParser(INT8_OID, parseInt8);
  return types;
}

/**
 * A connection the database ends (restart, failover, pg_terminate_backend) emits 'error' on
 * its client, and on the pool too when it sat idle. Node throws an 'error' nobody listens
 * to, which killed the whole server (tests/reliability/server-restart.test.ts). Listening is
 * enough: the query running on that connection rejects on its own (the request fails, the
 * desk retries), and the pool drops a broken client instead of handing it out again.
 */
function survivesLostConnections(pool: pg.Pool): pg.Pool {
  const ignore = () => undefined;
  pool.on('error', ignore);
  pool.on('connect', (client) => client.on('error', ignore));
  return pool;
}

function postgresPool(
  connectionString: string,
  max: number,
  { prepared, pipelining }: { readonly prepared: boolean; readonly pipelining: boolean },
): pg.Pool {
  const pool = survivesLostConnections(
    new pg.Pool({
      connectionString,
      max,
      pipeline: pipelining,
      types: pgTypeOverrides(),
      // A database that hangs rather than refuses fails the request in 10 s (the desk
      // retries) instead of holding it until the desk's own 30 s timeout.
      connectionTimeoutMillis: 10_000,
    }),
  );
  if (prepared) pool.on('connect', preparesStatements);
  return pool;
}

function embeddedPglite(dataDir: string | undefined): PGlite {
  // Parameters for jsonb columns are already JSON text; PGlite would otherwise encode the
  // string a second time.
  const passJson = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  return new PGlite({
    ...(dataDir === undefined ? {} : { dataDir }),
    parsers: {
      [pgliteTypes.JSON]: keepText,
      [pgliteTypes.JSONB]: keepText,
      [pgliteTypes.INT8]: parseInt8,
    },
    serializers: { [pgliteTypes.JSON]: passJson, [pgliteTypes.JSONB]: passJson },
  });
}

/** Opens the server's database: a real Postgres when configured, else embedded PGlite. */
export async function openServerDatabase<DB>(
  options: ServerDatabaseOptions,
): Promise<ServerDatabase<DB>> {
  if (options.kind === 'postgres') {
    const pipelining = options.pipelining ?? true;
    const pool = postgresPool(options.connectionString, options.maxConnections ?? 10, {
      prepared: options.preparedStatements ?? true,
      pipelining,
    });
    const dialect = new PipelinedWritesPostgresDialect(
      { pool },
      pipelining && (options.pipelinedWrites ?? true),
    );
    const db = new Kysely<DB>({ dialect });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const pglite = embeddedPglite(options.dataDir);
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
