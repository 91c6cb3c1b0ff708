import { appendAuditEntry } from '../../audit/audit-chain';
import { z } from 'zod';
import { defineMutation, MutationRefusal, type MutationContext } from '../mutation-definition';
import { deskOnly, found } from '../front-desk/desk-rules';
import { DESK_ROLES, MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { reasonSchema } from '../front-desk/front-desk-schemas';
import { moveStock } from '../front-desk/stock-ledger';
import { MAX_STOCK_UNITS, stockUnitsSchema } from './catalogue-schemas';

/** A product whose stock the ledger tracks; untracked ones (NULL) have nothing to move. */
async function trackedProduct(ctx: MutationContext, productId: string) {
  const product = found(
    await ctx.db
      .selectFrom('products')
      .select(['id', 'name', 'stock_quantity'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', productId)
      .executeTakeFirst(),
    `product ${productId}`,
  );
  const stock = product.stock_quantity;
  if (stock === null) {
    throw new MutationRefusal('invalid', `${product.name}: its stock is not tracked`);
  }
  return { ...product, stock };
}

const signedUnits = z
  .number()
  .int()
  .min(-MAX_STOCK_UNITS)
  .max(MAX_STOCK_UNITS)
  .refine((n) => n !== 0, { error: 'an adjustment moves at least one unit' });

export const receiveStock = defineMutation({
  name: 'stock.receive',
  description: 'Records a delivery: the units put on the shelf, as a restock movement.',
  args: z.strictObject({ productId: z.uuid(), quantity: stockUnitsSchema.min(1) }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const movementId = ctx.newId();
    const product = await trackedProduct(ctx, args.productId);
    await moveStock(ctx, {
      id: movementId,
      productId: product.id,
      delta: args.quantity,
      reason: 'restock',
      orderItemId: null,
    });
    return { movementId, stockQuantity: product.stock + args.quantity };
  },
  audit: (args) => ({ targetId: args.productId }),
});

/**
 * A stock count says what is on the shelf; its movement is the difference from what the
 * desk's copy held when staff counted. The desk fills in that difference (R1.7) and the
 * server moves stock by it, relatively: sales other desks made meanwhile still count, where
 * setting the count as the quantity would undo them.
 */
export const countStock = defineMutation({
  name: 'stock.count',
  description: 'Records a shelf count: stock moves by the difference from what the desk held.',
  args: z.strictObject({
    productId: z.uuid(),
    counted: stockUnitsSchema,
    /** Filled in by the desk: counted minus the desk's stock when counted. */
    difference: z
      .number()
      .int()
      .min(-2 * MAX_STOCK_UNITS)
      .max(2 * MAX_STOCK_UNITS)
      .optional(),
  }),
  roles: MANAGER_ROLES,
  async chooseAtDesk(ctx, args) {
    const product = await trackedProduct(ctx, args.productId);
    return { ...args, difference: args.counted - product.stock };
  },
  async run(ctx, args) {
    const movementId = ctx.newId();
    const product = await trackedProduct(ctx, args.productId);
    if (args.difference === undefined) {
      throw new MutationRefusal('invalid', 'a count reaches the server with its difference');
    }
    // A count that matches is recorded too: it says when the shelf was last checked.
    await moveStock(ctx, {
      id: movementId,
      productId: product.id,
      delta: args.difference,
      reason: 'count',
      orderItemId: null,
    });
    return {
      movementId,
      difference: args.difference,
      stockQuantity: product.stock + args.difference,
    };
  },
  audit: (args) => ({ targetId: args.productId }),
});

/**
 * A hand adjustment is stock leaving or appearing without a sale: it goes into the audit
 * chain with its note (stock_movements has no column for one), like a refund or a void.
 */
export const adjustStock = defineMutation({
  name: 'stock.adjust',
  description:
    'Moves stock by a signed number of units with a note saying why (damaged, lost, found).',
  args: z.strictObject({ productId: z.uuid(), quantity: signedUnits, note: reasonSchema }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const movementId = ctx.newId();
    const product = await trackedProduct(ctx, args.productId);
    // Offline sales may take stock below zero at the server; a hand adjustment need not.
    deskOnly(
      ctx,
      product.stock + args.quantity >= 0,
      `${product.name}: ${product.stock} in stock, so it cannot go down by ${-args.quantity}`,
    );
    await moveStock(ctx, {
      id: movementId,
      productId: product.id,
      delta: args.quantity,
      reason: 'adjustment',
      orderItemId: null,
    });
    await appendAuditEntry(ctx, {
      id: ctx.newId(),
      action: 'stock.adjust',
      targetId: product.id,
      details: { movementId, quantity: args.quantity, note: args.note },
    });
    return { movementId, stockQuantity: product.stock + args.quantity };
  },
});
