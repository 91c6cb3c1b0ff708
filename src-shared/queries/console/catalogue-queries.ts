import { z } from 'zod';
import { defineQuery, type QueryDefinition } from '../query-definition';
import { activeFirstList } from './active-first-list';

/*
 * The console's lists of the catalogue: everything, retired records included (the console is
 * where they are brought back), active first and then by name. A studio's catalogue is tens
 * of records, so the lists are bounded rather than paged.
 */

const noArgs = z.strictObject({});

export const catalogueProducts = defineQuery({
  name: 'catalogue.products',
  description: 'Every product with its codes, price, tax category, stock and whether it is sold.',
  args: noArgs,
  async run({ db, tenantId }) {
    const rows = await activeFirstList(db.selectFrom('products').selectAll(), tenantId, [
      'name',
    ]).execute();
    return rows.map((p) => ({
      productId: p.id,
      name: p.name,
      sku: p.sku,
      barcode: p.barcode,
      price: p.price,
      // NULL: retail, what every product was before tax categories (migration 20261203200000).
      taxCategory: p.tax_category ?? 'retail',
      taxable: p.taxable === 1,
      /** Null: stock is not tracked. */
      stockQuantity: p.stock_quantity,
      active: p.active === 1,
    }));
  },
});

export const cataloguePacks = defineQuery({
  name: 'catalogue.packs',
  description: 'Every class pack definition: credits, price, validity and whether it is sold.',
  args: noArgs,
  async run({ db, tenantId }) {
    const rows = await activeFirstList(
      db.selectFrom('class_pack_definitions').selectAll(),
      tenantId,
      ['name'],
    ).execute();
    return rows.map((d) => ({
      packDefinitionId: d.id,
      name: d.name,
      credits: d.credits,
      price: d.price,
      validityDays: d.validity_days,
      active: d.active === 1,
    }));
  },
});

export const cataloguePlans = defineQuery({
  name: 'catalogue.plans',
  description: 'Every membership plan: price, interval, class limit, video access, in use or not.',
  args: noArgs,
  async run({ db, tenantId }) {
    const rows = await activeFirstList(db.selectFrom('membership_plans').selectAll(), tenantId, [
      'name',
    ]).execute();
    return rows.map((p) => ({
      planId: p.id,
      name: p.name,
      price: p.price,
      interval: p.interval,
      /** Null: unlimited. */
      classLimit: p.class_limit,
      vodEnabled: p.vod_enabled === 1,
      active: p.active === 1,
    }));
  },
});

export const catalogueCoupons = defineQuery({
  name: 'catalogue.coupons',
  description: 'Every coupon with its discount, dates, limit and the redemptions used so far.',
  args: noArgs,
  async run({ db, tenantId }) {
    const coupons = db
      .selectFrom('coupons as c')
      .selectAll('c')
      .select((eb) =>
        eb
          .selectFrom('coupon_redemptions as r')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .whereRef('r.tenant_id', '=', 'c.tenant_id')
          .whereRef('r.coupon_id', '=', 'c.id')
          .as('used'),
      );
    const rows = await activeFirstList(coupons, tenantId, ['code'], 'c').execute();
    return rows.map((c) => ({
      couponId: c.id,
      code: c.code,
      discount: { type: c.type, value: c.value },
      startsAt: c.starts_at,
      expiresAt: c.expires_at,
      maxRedemptions: c.max_redemptions,
      redemptionsUsed: c.used ?? 0,
      active: c.active === 1,
    }));
  },
});

export const catalogueWaivers = defineQuery({
  name: 'catalogue.waivers',
  description: 'Every waiver template and version, the ones in use first.',
  args: noArgs,
  async run({ db, tenantId }) {
    const rows = await activeFirstList(db.selectFrom('waiver_templates').selectAll(), tenantId, [
      'title',
      ['created_at', 'desc'],
    ]).execute();
    return rows.map((t) => ({
      templateId: t.id,
      title: t.title,
      body: t.body,
      required: t.required === 1,
      // NULL: a template from before versions, which is version 1.
      version: t.version ?? 1,
      active: t.active === 1,
      createdAt: t.created_at,
    }));
  },
});

export const catalogueStockMovements = defineQuery({
  name: 'catalogue.stockMovements',
  description: 'One product’s stock movements, latest first: sales, refunds, deliveries, counts.',
  args: z.strictObject({
    productId: z.uuid(),
    limit: z.number().int().min(1).max(500).default(100),
  }),
  async run({ db, tenantId }, { productId, limit }) {
    const rows = await db
      .selectFrom('stock_movements')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('product_id', '=', productId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((m) => ({
      movementId: m.id,
      quantityDelta: m.quantity_delta,
      reason: m.reason,
      orderItemId: m.order_item_id,
      staffId: m.staff_id,
      deviceId: m.device_id,
      at: m.created_at,
    }));
  },
});

/** The studio console's reads of the catalogue (issue 16). */
export const catalogueQueries = [
  catalogueProducts,
  cataloguePacks,
  cataloguePlans,
  catalogueCoupons,
  catalogueWaivers,
  catalogueStockMovements,
] as const satisfies readonly QueryDefinition[];
