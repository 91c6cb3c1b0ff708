import { sql } from 'kysely';
import { z } from 'zod';
import { cardPaymentsLeft } from '../../mutations/front-desk/card-refund-rules';
import { readTenantSettings } from '../../mutations/front-desk/tenant-settings';
import { defineQuery } from '../query-definition';
import { memberNames } from '../front-desk/member-names';

/** LIKE's wildcards typed by staff match themselves, not "anything". */
const escapeLike = (text: string) => text.replaceAll(/[\\%_]/g, (c) => `\\${c}`);

/**
 * What the POS grid shows: active products (price, stock) and class packs, optionally
 * filtered by what staff typed or scanned. A scanned shelf barcode or SKU matches exactly
 * (the barcode index answers it); typed text matches anywhere in the name. A studio sells a
 * few dozen products, so the name match scans them without harm.
 */
export const posCatalog = defineQuery({
  name: 'pos.catalog',
  description:
    'Products with price and stock, and class packs, for the POS grid; searchable by name, barcode or SKU.',
  args: z.strictObject({
    search: z.string().trim().max(100).optional(),
    limit: z.number().int().min(1).max(500).default(200),
  }),
  async run({ db, tenantId }, { search, limit }) {
    const settings = await readTenantSettings(db, tenantId);
    const text = search === undefined || search === '' ? undefined : search;
    const pattern = text === undefined ? undefined : `%${escapeLike(text.toLowerCase())}%`;
    const exact =
      text === undefined
        ? []
        : await db
            .selectFrom('products')
            .selectAll()
            .where('tenant_id', '=', tenantId)
            .where('active', '=', 1)
            .where((eb) => eb.or([eb('barcode', '=', text), eb('sku', '=', text)]))
            .execute();
    let products = db
      .selectFrom('products')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('active', '=', 1);
    if (pattern !== undefined) {
      products = products.where(sql<boolean>`lower(name) like ${pattern} escape '\\'`);
    }
    const named = await products.orderBy('name').orderBy('id').limit(limit).execute();
    const seen = new Set<string>();
    const rows = [...exact, ...named].filter((p) => !seen.has(p.id) && seen.add(p.id));

    let packs = db
      .selectFrom('class_pack_definitions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('active', '=', 1);
    if (pattern !== undefined) {
      packs = packs.where(sql<boolean>`lower(name) like ${pattern} escape '\\'`);
    }
    const packRows = await packs.orderBy('price').orderBy('id').limit(limit).execute();
    return {
      currency: settings.currency,
      /** True when the search was a barcode or SKU that matched: the desk adds it at once. */
      exactMatch: exact.length === 1 ? (exact[0]?.id ?? null) : null,
      products: rows.map((p) => ({
        productId: p.id,
        name: p.name,
        sku: p.sku,
        barcode: p.barcode,
        price: p.price,
        stockQuantity: p.stock_quantity,
        taxable: p.taxable === 1,
      })),
      packs: packRows.map((d) => ({
        packDefinitionId: d.id,
        name: d.name,
        credits: d.credits,
        price: d.price,
        validityDays: d.validity_days,
      })),
    };
  },
});

/** The desk's recent sales, for reprints, refunds and voids; newest first. */
export const recentOrders = defineQuery({
  name: 'pos.orders',
  description:
    'Recent sales, newest first, optionally by receipt number; for reprint, refund, void.',
  args: z.strictObject({
    receiptNumber: z.string().trim().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(100).default(20),
  }),
  async run({ db, tenantId }, { receiptNumber, limit }) {
    let query = db
      .selectFrom('pos_orders')
      .select([
        'id',
        'receipt_number',
        'member_id',
        'total_amount',
        'status',
        'created_at',
        'device_id',
      ])
      .where('tenant_id', '=', tenantId);
    if (receiptNumber !== undefined) {
      query = query.where('receipt_number', '=', receiptNumber.toUpperCase());
    }
    const orders = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    const items =
      orders.length === 0
        ? []
        : await db
            .selectFrom('pos_order_items')
            .select([
              'id',
              'order_id',
              'description',
              'quantity',
              'refunded_quantity',
              'unit_price',
              'discount_amount',
              'tax_amount',
              'line_total',
            ])
            .where('tenant_id', '=', tenantId)
            .where(
              'order_id',
              'in',
              orders.map((o) => o.id),
            )
            .orderBy('id')
            .execute();
    const payments =
      orders.length === 0
        ? []
        : await db
            .selectFrom('payments')
            .select([
              'id',
              'order_id',
              'method',
              'amount',
              'status',
              'stripe_payment_intent_id',
              'card_brand',
              'card_last4',
              'device_id',
              'staff_id',
            ])
            .where('tenant_id', '=', tenantId)
            .where('method', '=', 'card')
            .where(
              'order_id',
              'in',
              orders.map((o) => o.id),
            )
            .orderBy('id')
            .execute();
    const names = await memberNames(
      db,
      tenantId,
      orders.map((o) => o.member_id),
    );
    return orders.map((o) => ({
      orderId: o.id,
      receiptNumber: o.receipt_number,
      memberName: o.member_id === null ? null : (names.get(o.member_id) ?? null),
      total: o.total_amount,
      status: o.status,
      at: o.created_at,
      /** The cards that paid it, with what a refund may still give back to each. */
      cardPayments: cardPaymentsLeft(payments.filter((p) => p.order_id === o.id)),
      items: items
        .filter((i) => i.order_id === o.id)
        .map((i) => ({
          orderItemId: i.id,
          description: i.description,
          quantity: i.quantity,
          refundedQuantity: i.refunded_quantity,
          /** With discount and tax: what a refund of some units gives back (`refundPart`). */
          unitPrice: i.unit_price,
          discount: i.discount_amount,
          tax: i.tax_amount,
          total: i.line_total,
        })),
    }));
  },
});
