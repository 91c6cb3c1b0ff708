import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';

/** The tables whose rows belong to one studio: each has a `tenant_id`. */
export type TenantTable = {
  [K in keyof Database]: Database[K] extends { tenant_id: string } ? K : never;
}[keyof Database];

/**
 * How many rows the studio holds in each of `tables`, on SQLite or Postgres. A refused
 * mutation must leave every count as it was, so tests take these before and after and
 * compare.
 */
export async function countTenantRows<T extends TenantTable>(
  studio: { readonly db: Kysely<Database>; readonly tenantId: string },
  tables: readonly T[],
): Promise<Record<T, number>> {
  const counts = {} as Record<T, number>;
  for (const table of tables) {
    const { rows } = await sql<{ n: number | string }>`
      select count(*) as n from ${sql.table(table)} where tenant_id = ${studio.tenantId}
    `.execute(studio.db);
    // node-postgres answers count(*) as a string.
    counts[table] = Number(rows[0]?.n);
  }
  return counts;
}
