import type { Kysely } from 'kysely';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import { serverMigrations } from './migrations';

export const SERVER_MIGRATION_TABLE = 'server_schema_migrations';

/**
 * Brings the server's database up to date: the shared schema first (the same history the
 * desks run), then the server's own tables, change capture and row-level security.
 */
export async function migrateServerDatabase<DB>(db: Kysely<DB>): Promise<void> {
  await runMigrations({ db, dialect: 'postgres', migrations: sharedMigrations });
  await runMigrations({
    db,
    dialect: 'postgres',
    migrations: serverMigrations,
    tableName: SERVER_MIGRATION_TABLE,
  });
}
