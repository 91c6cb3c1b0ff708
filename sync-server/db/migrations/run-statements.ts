import { sql, type Kysely } from 'kysely';

/**
 * Runs DDL one statement at a time: PGlite's extended protocol takes a single statement per
 * query, and one statement per call also makes a failure name the statement that broke.
 * Shared by server migrations; it only executes text, so changing it never changes what a
 * landed migration creates.
 */
export async function runStatements(db: Kysely<unknown>, statements: readonly string[]) {
  for (const statement of statements) {
    try {
      await sql.raw(statement).execute(db);
    } catch (error) {
      const head = statement.trim().split('\n')[0] ?? statement;
      throw new Error(`migration statement failed: ${head}`, { cause: error });
    }
  }
}
