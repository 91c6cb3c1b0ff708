import type { MutationContext } from '../mutation-definition';
import { deskOnly } from './desk-rules';
import type { CatalogLine, SaleLineArgs } from './sale-lines';

/**
 * A line the desk's catalogue says it may not sell. A retired product or class pack
 * (active = 0, the only reason those two are unavailable) sold at a desk that had not yet
 * heard of the retirement: the desk refuses it, the server keeps the sale (the customer
 * paid) and raises 'retired_item_sold' for the owner, naming the product or pack and what
 * the line came to before discount and tax. Anything else unavailable (a cancelled class, a
 * disabled gift card, a retired membership plan) is the desk's judgement alone.
 */
export async function requireSellable(
  ctx: MutationContext,
  line: SaleLineArgs,
  catalog: CatalogLine,
  unitPrice: number,
): Promise<void> {
  if (catalog.unavailable === null) return;
  const retiredId =
    line.kind === 'product'
      ? line.productId
      : line.kind === 'class_pack'
        ? line.packDefinitionId
        : null;
  if (retiredId === null) {
    deskOnly(ctx, false, catalog.unavailable);
    return;
  }
  await ctx.require(false, {
    kind: 'retired_item_sold',
    message: `${catalog.unavailable}: ${catalog.quantity} sold at ${unitPrice}`,
    subjectId: retiredId,
    amount: catalog.quantity * unitPrice,
  });
}
