import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import type { SqlDialectName } from './ddl-builder';
import type { SchemaMigration } from './schema-migration';

export interface RunMigrationsOptions<DB> {
  readonly db: Kysely<DB>;
  readonly dialect: SqlDialectName;
  readonly migrations: readonly SchemaMigration[];
  /** Kysely's bookkeeping table; each migration set (shared, desk, server) has its own. */
  readonly tableName?: string;
}

/**
 * Applies pending migrations in order with Kysely's migrator, which takes a lock, runs each
 * migration in a transaction (both SQLite and Postgres have transactional DDL) and refuses
 * to run when a pending migration sorts before one already applied.
 */
export async function runMigrations<DB>(
  options: RunMigrationsOptions<DB>,
): Promise<MigrationResultSet> {
  const { dialect, migrations } = options;
  // Migrations build schema, which no table type describes; the cast only forgets DB.
  const db = options.db as unknown as Kysely<unknown>;
  const tableName = options.tableName ?? 'schema_migrations';
  const migrator = new Migrator({
    db,
    migrationTableName: tableName,
    migrationLockTableName: `${tableName}_lock`,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          migrations.map((m): [string, Migration] => [
            m.name,
            { up: (transaction) => m.up({ db: transaction, dialect }) },
          ]),
        ),
    },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const where = failed ? ` in ${failed.migrationName}` : '';
    const reason =
      result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new Error(`schema migration failed${where}: ${reason}`, {
      cause: result.error,
    });
  }
  return result;
}
