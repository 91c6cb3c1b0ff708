import { sql, type Kysely } from 'kysely';
import type { SchemaMigration } from '../../src-shared/schema/schema-migration';

/**
 * The nullable JSON columns when this migration was written: only tenants has any. Frozen
 * with the migration; tables created later get the new CHECK from the DDL builder.
 */
const NULLABLE_JSON_COLUMNS = [
  'mailchimp_credentials',
  'zapier_credentials',
  'google_credentials',
  'slack_credentials',
] as const;

const oldCheck = (column: string) => `check (json_valid("${column}"))`;
const newCheck = (column: string) => `check ("${column}" is null or json_valid("${column}"))`;

async function tenantsTableSql(db: Kysely<unknown>): Promise<string> {
  const result = await sql<{ sql: string }>`select sql from sqlite_schema
    where type = 'table' and name = 'tenants'`.execute(db);
  const text = result.rows[0]?.sql;
  if (text === undefined) throw new Error('the desk database has no tenants table');
  return text;
}

/** tenants' CREATE TABLE with the CHECKs SQLite 3.40 also accepts, or undefined if it has them. */
function rewrittenTenantsSql(before: string): string | undefined {
  let after = before;
  for (const column of NULLABLE_JSON_COLUMNS) {
    if (after.includes(newCheck(column))) continue;
    // Exactly one occurrence, or the file is not one this code wrote: refuse to guess.
    if (after.split(oldCheck(column)).length !== 2) {
      throw new Error(`tenants has no single CHECK of the known form on ${column}`);
    }
    after = after.replace(oldCheck(column), newCheck(column));
  }
  return after === before ? undefined : after;
}

/** Edits tenants' SQL in place; the caller holds the savepoint that makes it all-or-nothing. */
async function replaceTenantsSql(db: Kysely<unknown>, after: string): Promise<void> {
  const version = await sql<{ schema_version: number }>`pragma schema_version`.execute(db);
  const current = version.rows[0]?.schema_version;
  if (current === undefined) throw new Error('pragma schema_version returned nothing');
  await sql`pragma writable_schema = on`.execute(db);
  try {
    const writable = await sql<{ writable_schema: number }>`pragma writable_schema`.execute(db);
    if (writable.rows[0]?.writable_schema !== 1) {
      throw new Error(
        'this connection refuses writable_schema (defensive mode): open the desk with openDesk',
      );
    }
    await sql`update sqlite_schema set sql = ${after}
      where type = 'table' and name = 'tenants'`.execute(db);
    await sql.raw(`pragma schema_version = ${current + 1}`).execute(db);
  } finally {
    await sql`pragma writable_schema = off`.execute(db);
  }
  // Reading after the bump re-parses the whole schema, so a malformed edit fails here.
  if ((await tenantsTableSql(db)) !== after) throw new Error('tenants did not take the new SQL');
  // Only tenants' definition changed and no stored row did: checking that one table keeps a
  // large desk's start-up short.
  const check = await sql<{ integrity_check: string }>`pragma integrity_check(tenants)`.execute(db);
  const problems = check.rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  if (problems.length > 0) throw new Error(`integrity_check failed: ${problems.join('; ')}`);
}

/**
 * Rewrites `CHECK (json_valid(col))` on nullable JSON columns as
 * `CHECK (col IS NULL OR json_valid(col))`. SQLite before 3.45 (Debian 12's sqlite3 is 3.40)
 * evaluates json_valid(NULL) to 0, so its `pragma integrity_check` reported every desk file
 * as broken; the SQLite the desk bundles gives NULL, so for the desk both spellings accept
 * exactly the same rows.
 *
 * SQLite cannot ALTER a CHECK. Its documentation gives two routes
 * (https://sqlite.org/lang_altertable.html#otheralter): rebuild the table, or, for changes
 * that leave every stored byte as it is (removing or loosening a CHECK), edit the table's SQL
 * through PRAGMA writable_schema. Rebuilding tenants means dropping the table every tenant
 * row in the file references, which needs foreign keys off; that pragma is silently ignored
 * inside a transaction, so the rebuild's safety would rest on how the migrator happens to
 * run. The edit touches no row and no other table, so it is the route taken: under a
 * savepoint, update the SQL, bump schema_version so every connection re-reads the schema,
 * re-read it and run integrity_check on tenants, and roll back on any failure. The new CHECK
 * accepts every row the old one did, so no stored row can violate it. better-sqlite3's
 * defensive mode forbids writable_schema; openDesk lifts it for the desk's migrations only.
 */
export const jsonChecksAllowNullMigration: SchemaMigration = {
  name: '20261203160100_json_checks_allow_null',
  async up({ db }) {
    const after = rewrittenTenantsSql(await tenantsTableSql(db));
    // A file created after the DDL builder changed already has the new CHECKs.
    if (after === undefined) return;
    // Kysely's migrator runs SQLite migrations outside any transaction. A savepoint is a
    // transaction of its own when none is open, and nests inside one when there is.
    await sql`savepoint json_checks_allow_null`.execute(db);
    try {
      await replaceTenantsSql(db, after);
    } catch (error) {
      await sql`rollback to json_checks_allow_null`.execute(db);
      await sql`release json_checks_allow_null`.execute(db);
      throw error;
    }
    await sql`release json_checks_allow_null`.execute(db);
  },
};
