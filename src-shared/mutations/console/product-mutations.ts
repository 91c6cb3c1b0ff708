import { z } from 'zod';
import { defineMutation, type MutationContext } from '../mutation-definition';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { moneySchema } from '../front-desk/front-desk-schemas';
import { moveStock } from '../front-desk/stock-ledger';
import {
  basedOnEachChange,
  basedOnEachChangeError,
  definedOnly,
  editArgs,
  editRecord,
  flagOf,
} from './catalogue-edits';
import { catalogueNameSchema, productCodeSchema, stockUnitsSchema } from './catalogue-schemas';

/** How a taxable product is taxed; the rate of each category is the studio's setting. */
const taxCategorySchema = z.enum(['retail', 'services']);

const productFields = {
  name: catalogueNameSchema,
  sku: productCodeSchema,
  barcode: productCodeSchema,
  price: moneySchema,
  taxCategory: taxCategorySchema,
  taxable: z.boolean(),
  /** False retires the product: the desk stops selling it, its history stays. */
  active: z.boolean(),
};

/**
 * A shelf barcode names one product on sale, or the scanner cannot tell which to ring up.
 * The desk refuses a barcode its copy gives another product. OFFLINE CONFLICT: two desks
 * that gave one barcode to two products offline both stand at the server, which raises an
 * 'edit_conflict' review item naming the product that arrived second and the one holding
 * the barcode, so the owner relabels one.
 */
async function requireBarcodeFree(
  ctx: MutationContext,
  barcode: string | null | undefined,
  productId: string,
): Promise<void> {
  if (barcode === null || barcode === undefined) return;
  const holder = await ctx.db
    .selectFrom('products')
    .select(['id', 'name'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('barcode', '=', barcode)
    .where('active', '=', 1)
    .where('id', '!=', productId)
    .executeTakeFirst();
  await ctx.require(holder === undefined, {
    kind: 'edit_conflict',
    message: `barcode ${barcode} already names ${holder?.name ?? 'another product'}`,
    subjectId: productId,
  });
}

export const createProduct = defineMutation({
  name: 'product.create',
  description:
    'Adds a product to the catalogue, with its price, tax category and, when its stock is tracked, the opening quantity.',
  args: z.strictObject({
    name: productFields.name,
    sku: productFields.sku.default(null),
    barcode: productFields.barcode.default(null),
    price: productFields.price,
    taxCategory: productFields.taxCategory,
    taxable: productFields.taxable,
    /** Units on the shelf now, recorded as a restock; null: stock is not tracked. */
    openingStock: stockUnitsSchema.nullable(),
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const productId = ctx.newId();
    const movementId = ctx.newId();
    await requireBarcodeFree(ctx, args.barcode, productId);
    await ctx.db
      .insertInto('products')
      .values({
        id: productId,
        tenant_id: ctx.tenantId,
        name: args.name,
        sku: args.sku,
        barcode: args.barcode,
        price: args.price,
        // Tracked stock starts at zero and the opening quantity arrives through the ledger,
        // so stock_quantity equals the sum of its movements from the first row.
        stock_quantity: args.openingStock === null ? null : 0,
        tax_category: args.taxCategory,
        taxable: args.taxable ? 1 : 0,
        active: 1,
        created_at: ctx.at,
      })
      .execute();
    if (args.openingStock !== null && args.openingStock > 0) {
      await moveStock(ctx, {
        id: movementId,
        productId,
        delta: args.openingStock,
        reason: 'restock',
        orderItemId: null,
      });
    }
    return { productId };
  },
  audit: (_args, result) => ({ targetId: result.productId }),
});

export const updateProduct = defineMutation({
  name: 'product.update',
  description:
    'Changes a product’s name, codes, price, tax or whether it is sold; the later of two offline edits stands and the owner is told.',
  args: z
    .strictObject({ productId: z.uuid(), ...editArgs(productFields) })
    .refine(basedOnEachChange, basedOnEachChangeError),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const product = await editRecord(ctx, {
      id: args.productId,
      kind: 'product',
      name: (row) => row.name,
      select: ctx.db.selectFrom('products').selectAll(),
      update: (columns) => ctx.db.updateTable('products').set(columns),
      columns: (values: typeof args.set) =>
        definedOnly({
          name: values.name,
          sku: values.sku,
          barcode: values.barcode,
          price: values.price,
          tax_category: values.taxCategory,
          taxable: flagOf(values.taxable),
          active: flagOf(values.active),
        }),
      set: args.set,
      basedOn: args.basedOn,
      check: (row, set) => requireBarcodeFree(ctx, set.barcode, row.id),
      // A product from before tax categories is taxed as retail (migration 20261203200000).
      current: (row) => ({ ...row, tax_category: row.tax_category ?? 'retail' }),
    });
    return { productId: product.id };
  },
  audit: (_args, result) => ({ targetId: result.productId }),
});
