import type { Database } from '../schema/catalog';
import type { MutationContext } from './mutation-definition';

/**
 * Merges that keep every fact (PROTOCOL.md R9). When the server folds a desk's operation
 * into a record it already holds, the id the desk gave its own copy becomes an alias of the
 * surviving record: the desk's later mutations name that id, and must land on the record
 * that survived rather than be refused as `not_found`.
 */

export type AliasedTable = Database['id_aliases']['table_name'];

/**
 * Records that the calling mutation's `aliasId` now names `survivingId`. Written in the
 * mutation's own transaction, so a later mutation of the same push batch already finds it.
 */
export async function recordAlias(
  ctx: MutationContext,
  alias: { readonly table: AliasedTable; readonly aliasId: string; readonly survivingId: string },
): Promise<void> {
  await ctx.db
    .insertInto('id_aliases')
    .values({
      tenant_id: ctx.tenantId,
      alias_id: alias.aliasId,
      table_name: alias.table,
      surviving_id: alias.survivingId,
      mutation_id: ctx.mutationId,
      created_at: ctx.at,
    })
    .execute();
}

/** The record an alias names, or undefined when `id` is no alias in `table`. */
export async function survivorOf(
  ctx: MutationContext,
  table: AliasedTable,
  id: string,
): Promise<string | undefined> {
  const alias = await ctx.db
    .selectFrom('id_aliases')
    .select('surviving_id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('alias_id', '=', id)
    .where('table_name', '=', table)
    .executeTakeFirst();
  return alias?.surviving_id;
}
