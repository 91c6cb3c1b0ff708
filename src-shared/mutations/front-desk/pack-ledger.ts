import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';
import { packTakers } from './breach-parties';

type PackRow = Database['purchased_packs'];

/**
 * Class pack credits move relatively (`remaining_credits ± 1`), tied to a booking's
 * used_pack_id: a booking consumes one credit when it is made and gets it back only on the
 * transition to `cancelled`, so re-running a mutation at the server never counts twice.
 */

export async function findPack(ctx: MutationContext, packId: string): Promise<PackRow | undefined> {
  return ctx.db
    .selectFrom('purchased_packs')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', packId)
    .executeTakeFirst();
}

/**
 * Takes one credit. Two offline desks may spend the last one: the desk refuses on its
 * copy, the server records it (remaining goes to -1) and raises pack_exhausted with the
 * class's drop-in price as the amount owed.
 */
export async function consumePackCredit(
  ctx: MutationContext,
  use: { readonly pack: PackRow; readonly classId: string; readonly dropInPrice: number },
): Promise<void> {
  const { pack } = use;
  await ctx.require(pack.remaining_credits > 0, {
    kind: 'pack_exhausted',
    message: `pack ${pack.id} has ${pack.remaining_credits} credits left; class ${use.classId} used one`,
    memberId: pack.member_id,
    amount: use.dropInPrice,
    subjectId: pack.id,
    parties: packTakers(ctx, pack, 1),
  });
  await movePackCredits(ctx, pack.id, -1);
}

export async function movePackCredits(
  ctx: MutationContext,
  packId: string,
  delta: number,
): Promise<void> {
  await ctx.db
    .updateTable('purchased_packs')
    .set((eb) => ({ remaining_credits: eb('remaining_credits', '+', delta) }))
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', packId)
    .execute();
}
