import { sql, type Kysely } from 'kysely';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { syncedTables } from '../../src-shared/sync/synced-tables';
import { serverMigrations } from './migrations';
import { SERVER_MIGRATION_TABLE } from './migrate-server-database';

const CAPTURE_TRIGGERS = ['sync_capture_insert', 'sync_capture_update', 'sync_capture_delete'];

/**
 * The server refuses to start on a database it would serve wrongly: migrations pending, a
 * synced table without change capture (its changes would never reach desks) or without
 * forced row-level security, or an application role that bypasses the policies.
 */
export async function serverSchemaProblems<DB>(db: Kysely<DB>): Promise<string[]> {
  const problems: string[] = [];
  const applied = new Set<string>();
  for (const table of ['schema_migrations', SERVER_MIGRATION_TABLE]) {
    const exists = await sql<{
      found: string | null;
    }>`select to_regclass(${table})::text as found`.execute(db);
    if (!exists.rows[0]?.found) continue;
    const names = await sql<{ name: string }>`select name from ${sql.table(table)}`.execute(db);
    for (const row of names.rows) applied.add(row.name);
  }
  const pending = [...sharedMigrations, ...serverMigrations].filter((m) => !applied.has(m.name));
  if (pending.length > 0) {
    problems.push(`migrations not applied: ${pending.map((m) => m.name).join(', ')}`);
    return problems;
  }
  const tables = syncedTables.map((t) => t.name);
  const triggers = await sql<{ table_name: string; trigger_name: string }>`
    select c.relname as table_name, t.tgname as trigger_name
      from pg_trigger t join pg_class c on c.oid = t.tgrelid
     where c.relnamespace = current_schema()::regnamespace and c.relname = any(${tables}::text[])`.execute(
    db,
  );
  const security = await sql<{ table_name: string; enabled: boolean; forced: boolean }>`
    select relname as table_name, relrowsecurity as enabled, relforcerowsecurity as forced
      from pg_class
     where relnamespace = current_schema()::regnamespace and relname = any(${tables}::text[])`.execute(
    db,
  );
  for (const table of tables) {
    const found = new Set(
      triggers.rows.filter((r) => r.table_name === table).map((r) => r.trigger_name),
    );
    if (!CAPTURE_TRIGGERS.every((name) => found.has(name))) {
      problems.push(`${table} has no change capture: add a server migration that captures it`);
    }
    const rls = security.rows.find((r) => r.table_name === table);
    if (!rls?.enabled || !rls.forced) {
      problems.push(`${table} does not force row-level security: add a server migration for it`);
    }
  }
  const role = await sql<{ unsafe: boolean }>`
    select rolbypassrls or rolsuper as unsafe from pg_roles where rolname = 'studio_app'`.execute(
    db,
  );
  if (role.rows[0]?.unsafe !== false)
    problems.push('role studio_app is missing or bypasses row-level security');
  return problems;
}

export async function assertServerSchemaReady<DB>(db: Kysely<DB>): Promise<void> {
  const problems = await serverSchemaProblems(db);
  if (problems.length > 0) {
    throw new Error(
      `the database is not ready to serve (run "serverctl migrate"): ${problems.join('; ')}`,
    );
  }
}
