import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';
import { stockTakers } from './breach-parties';

type Reason = Database['stock_movements']['reason'];

/**
 * Moves a tracked product's stock by `delta` with a stock_movements row, relatively, so
 * products.stock_quantity stays equal to the sum of its movements on both sides. Products
 * whose stock is not tracked (NULL) get no movement. Returns whether stock was moved.
 */
export async function moveStock(
  ctx: MutationContext,
  move: {
    readonly id: string;
    readonly productId: string;
    readonly delta: number;
    readonly reason: Reason;
    readonly orderItemId: string | null;
  },
): Promise<boolean> {
  const updated = await ctx.db
    .updateTable('products')
    .set((eb) => ({ stock_quantity: eb('stock_quantity', '+', move.delta) }))
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', move.productId)
    .where('stock_quantity', 'is not', null)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) return false;
  await ctx.db
    .insertInto('stock_movements')
    .values({
      id: move.id,
      tenant_id: ctx.tenantId,
      product_id: move.productId,
      quantity_delta: move.delta,
      reason: move.reason,
      order_item_id: move.orderItemId,
      staff_id: ctx.actor.memberId,
      device_id: ctx.deviceId,
      created_at: ctx.at,
    })
    .execute();
  return true;
}

/**
 * Sells `quantity` units. The desk refuses to sell stock its copy does not hold; the
 * server records the sale anyway (stock goes negative) and raises stock_negative.
 */
export async function sellStock(
  ctx: MutationContext,
  sale: {
    readonly movementId: string;
    readonly productId: string;
    readonly quantity: number;
    readonly unitPrice: number;
    readonly orderItemId: string;
    readonly memberId: string | null;
  },
): Promise<void> {
  const product = await ctx.db
    .selectFrom('products')
    .select(['name', 'stock_quantity'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', sale.productId)
    .executeTakeFirstOrThrow();
  if (product.stock_quantity !== null) {
    const short = sale.quantity - Math.max(product.stock_quantity, 0);
    await ctx.require(short <= 0, {
      kind: 'stock_negative',
      message: `${product.name}: ${sale.quantity} sold with ${product.stock_quantity} in stock`,
      memberId: sale.memberId,
      amount: short * sale.unitPrice,
      subjectId: sale.productId,
      parties: stockTakers(
        ctx,
        { id: sale.productId, stockQuantity: product.stock_quantity },
        sale.quantity,
      ),
    });
  }
  await moveStock(ctx, {
    id: sale.movementId,
    productId: sale.productId,
    delta: -sale.quantity,
    reason: 'sale',
    orderItemId: sale.orderItemId,
  });
}
