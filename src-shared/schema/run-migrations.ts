import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import type { SqlDialectName } from './ddl-builder';
import type { SchemaMigration } from './schema-migration';

export interface RunMigrationsOptions<DB> {
  readonly db: Kysely<DB>;
  readonly dialect: SqlDialectName;
  readonly migrations: readonly SchemaMigration[];
  /** Kysely's bookkeeping table; each migration set (shared, desk, server) has its own. */
  readonly tableName?: string;
}

/** Rows breaking a foreign key, counted by child and parent table (rowids may change in a rebuild). */
async function foreignKeyViolations(db: Kysely<unknown>): Promise<Map<string, number>> {
  const found = await sql<{ table: string; parent: string }>`pragma foreign_key_check`.execute(db);
  const counts = new Map<string, number>();
  for (const row of found.rows) {
    const key = `${row.table} -> ${row.parent}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Runs one SQLite migration and refuses it, inside its transaction, if it left rows breaking
 * a foreign key that did not break one before (foreign keys are off while migrations run, so
 * SQLite would not have said). Rows that broke one already (a pull interrupted between pages
 * may leave a child before its parent, R4) neither fail it nor are counted again.
 */
async function withForeignKeysChecked(
  db: Kysely<unknown>,
  name: string,
  up: () => Promise<void>,
): Promise<void> {
  const before = await foreignKeyViolations(db);
  await up();
  const after = await foreignKeyViolations(db);
  const broken = [...after].filter(([key, count]) => count > (before.get(key) ?? 0));
  if (broken.length > 0) {
    const list = broken.map(([key, count]) => `${key}: ${count} rows`).join('; ');
    throw new Error(`${name} left rows whose foreign keys point nowhere: ${list}`);
  }
}

/**
 * Applies pending migrations in order with Kysely's migrator, which takes a lock, runs the
 * pending migrations in a transaction on Postgres (each in its own on SQLite, see below) and
 * refuses to run when a pending migration sorts before one already applied.
 *
 * On SQLite foreign keys are off while migrations run, as SQLite's procedure for rebuilding
 * a table asks (replaceChecks): dropping the old copy of a table others point at would
 * otherwise delete through their keys. `PRAGMA foreign_keys` cannot change inside a
 * transaction, so it is set around the migrator and restored after; each migration instead
 * checks, before it commits, that it broke no foreign key (`PRAGMA foreign_key_check`).
 */
export async function runMigrations<DB>(
  options: RunMigrationsOptions<DB>,
): Promise<MigrationResultSet> {
  // Migrations build schema, which no table type describes; the cast only forgets DB.
  const db = options.db as unknown as Kysely<unknown>;
  if (options.dialect !== 'sqlite') return migrate(db, options);
  const enforced = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  const wasOn = enforced.rows[0]?.foreign_keys === 1;
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    return await migrate(db, options);
  } finally {
    if (wasOn) await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function migrate<DB>(
  db: Kysely<unknown>,
  options: RunMigrationsOptions<DB>,
): Promise<MigrationResultSet> {
  const { dialect, migrations } = options;
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
            {
              up: (transaction: Kysely<unknown>) =>
                dialect === 'sqlite'
                  ? // Kysely runs SQLite migrations outside any transaction (its SQLite adapter
                    // claims no transactional DDL): each gets its own here, so a failed or
                    // refused one leaves nothing half done.
                    transaction
                      .transaction()
                      .execute((own) =>
                        withForeignKeysChecked(own, m.name, () => m.up({ db: own, dialect })),
                      )
                  : m.up({ db: transaction, dialect }),
            },
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
