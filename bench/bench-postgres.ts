import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../src-shared/schema/catalog';
import { migrateServerDatabase } from '../sync-server/db/migrate-server-database';
import { openServerDatabase } from '../sync-server/db/open-server-database';

/** The Postgres server the benchmarks use: the machine's own, on loopback. */
export const BENCH_POSTGRES_ADMIN_URL =
  process.env['BENCH_POSTGRES_URL'] ??
  process.env['TEST_POSTGRES_URL'] ??
  'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  readonly db: Kysely<Database>;
  dispose(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Drops without `force` first: forcing ends connections a pool is still closing, whose
 * error event would then crash the process. Closed pools let go within moments.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await adminQuery(`drop database if exists ${name}`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await adminQuery(`drop database if exists ${name} with (force)`);
}

/**
 * A fresh, migrated database on the real Postgres server, dropped on dispose. Named
 * `studio_bench_…` so a run that died can be told from the tests' databases and dropped.
 */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `studio_bench_${randomUUID().replaceAll('-', '')}`;
  await adminQuery(`create database ${name} template template0`);
  const parsed = new URL(BENCH_POSTGRES_ADMIN_URL);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  const server = await openServerDatabase<Database>({ kind: 'postgres', connectionString: url });
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await server.close();
    await dropDatabase(name);
  };
  try {
    await migrateServerDatabase(server.db);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { name, url, db: server.db, dispose };
}

const JSON_OIDS = new Set([114, 3802]);
const INT8_OID = 20;

/**
 * A plain node-postgres client that hands back what the sync server's pool does (JSON as
 * text, int8 as a number), for the raw baselines that bypass our code.
 */
export async function rawPostgresClient(url: string): Promise<pg.Client> {
  const types = new pg.TypeOverrides();
  for (const oid of JSON_OIDS) types.setTypeParser(oid, (text: string) => text);
  types.setTypeParser(INT8_OID, (text: string) => Number(text));
  const client = new pg.Client({ connectionString: url, types });
  await client.connect();
  return client;
}
