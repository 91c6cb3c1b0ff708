import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';

/**
 * Row count and a hash of every row of every table in the server's public schema (server-only
 * tables too), read as the superuser the tests connect as. Two equal fingerprints mean no row
 * was added, removed or changed in between.
 */
export async function databaseFingerprint(
  db: Kysely<Database>,
  skip: readonly string[] = [],
): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = 'public' order by tablename`.execute(
    db,
  );
  const fingerprint: Record<string, string> = {};
  for (const { name } of tables.rows) {
    if (skip.includes(name)) continue;
    const result = await sql<{ n: number; h: string | null }>`
      select count(*)::int as n, md5(string_agg(t::text, ',' order by t::text)) as h
        from ${sql.table(name)} t`.execute(db);
    const row = result.rows[0];
    fingerprint[name] = `${row?.n ?? 0}:${row?.h ?? '-'}`;
  }
  return fingerprint;
}
