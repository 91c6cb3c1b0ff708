import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDeskDatabase } from '../../src-main/store/open-desk-database';
import type { Kysely } from 'kysely';
import { openServerDatabase } from '../../sync-server/db/open-server-database';
import type { SqlDialectName } from '../../src-shared/schema/ddl-builder';

/** The Postgres server tests use; `.ci/run` makes sure it is up. */
export const POSTGRES_ADMIN_URL =
  process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type BackendName = 'sqlite' | 'postgres' | 'pglite';

export interface TestDatabase<DB> {
  readonly backend: BackendName;
  readonly dialect: SqlDialectName;
  readonly db: Kysely<DB>;
  /** Closes the connection and removes whatever the database left behind. */
  dispose(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh database on the real Postgres server, dropped on dispose. */
export async function createPostgresDatabase<DB>(): Promise<TestDatabase<DB> & { url: string }> {
  const name = `studio_test_${randomUUID().replaceAll('-', '')}`;
  // template0: template1 refuses to be copied while another session is connected to it.
  await adminQuery(`create database ${name} template template0`);
  const url = withDatabase(POSTGRES_ADMIN_URL, name);
  const server = await openServerDatabase<DB>({ kind: 'postgres', connectionString: url });
  return {
    backend: 'postgres',
    dialect: 'postgres',
    db: server.db,
    url,
    dispose: async () => {
      await server.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** An in-memory PGlite, the server's embedded default. */
export async function createPgliteDatabase<DB>(): Promise<TestDatabase<DB>> {
  const server = await openServerDatabase<DB>({ kind: 'pglite' });
  return { backend: 'pglite', dialect: 'postgres', db: server.db, dispose: () => server.close() };
}

/** An in-memory SQLite opened the way the desk opens its file. */
export async function createSqliteDatabase<DB>(): Promise<TestDatabase<DB>> {
  const desk = openDeskDatabase<DB>(':memory:');
  return { backend: 'sqlite', dialect: 'sqlite', db: desk.db, dispose: () => desk.close() };
}

export function createTestDatabase<DB>(backend: BackendName): Promise<TestDatabase<DB>> {
  if (backend === 'postgres') return createPostgresDatabase<DB>();
  if (backend === 'pglite') return createPgliteDatabase<DB>();
  return createSqliteDatabase<DB>();
}
