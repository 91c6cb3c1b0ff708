import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema/catalog';
import { found } from './front-desk/desk-rules';

/** Tables whose rows belong to one studio and are named by their `id`. */
export type TenantTable = {
  [T in keyof Database]: Database[T] extends { tenant_id: string; id: string } ? T : never;
}[keyof Database];

/**
 * The row `id` of `table` in this studio, every column, or a `not_found` refusal that names
 * it as `what` ("class 0191…"): a row the arguments name must exist on both sides (found).
 */
export async function tenantRow<T extends TenantTable>(
  db: Kysely<Database>,
  tenantId: string,
  table: T,
  id: string,
  what: string,
): Promise<Selectable<Database[T]>> {
  // Kysely cannot type a where on a generic table; every TenantTable has both columns.
  const untyped = db as unknown as Kysely<Record<string, { tenant_id: string; id: string }>>;
  const name: string = table;
  const row = await untyped
    .selectFrom(name)
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return found(row as Selectable<Database[T]> | undefined, `${what} ${id}`);
}
