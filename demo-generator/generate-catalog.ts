import type { BatchBuffer } from './demo-batches';
import type { DemoContext } from './demo-context';
import {
  APPOINTMENT_SERVICES,
  AUTOMATIONS,
  CLASS_PACKS,
  COUPONS,
  PLATFORM_CONFIG,
  TENANT_FEATURES,
  WAIVERS,
  type AutomationSpec,
  type CouponSpec,
  type PackSpec,
  type ServiceSpec,
  type WaiverSpec,
} from './demo-offers';
import type { MetricSpec, ProductSpec } from './demo-studios';
import { DAY_MS, iso } from './demo-time';

export interface ProductPlan {
  readonly index: number;
  readonly id: string;
  readonly spec: ProductSpec;
  readonly barcode: string;
  /** Restock when tracked stock falls to this, by this many units; null when untracked. */
  readonly reorderPoint: number | null;
  readonly restockQuantity: number;
}

export interface CouponPlan {
  readonly index: number;
  readonly id: string;
  readonly spec: CouponSpec;
  readonly expiresMs: number | null;
}

/** A spec with the id its row will carry. */
export interface Planned<S> {
  readonly id: string;
  readonly spec: S;
}

export interface CatalogPlan {
  readonly packs: readonly Planned<PackSpec>[];
  readonly products: readonly ProductPlan[];
  readonly coupons: readonly CouponPlan[];
  readonly waivers: readonly Planned<WaiverSpec>[];
  readonly services: readonly Planned<ServiceSpec>[];
  readonly metrics: readonly Planned<MetricSpec>[];
  readonly automations: readonly Planned<AutomationSpec>[];
}

/** An EAN-13 with a valid check digit, in the in-store range (leading 2). */
function ean13(digits12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits12[i]) * (i % 2 === 0 ? 1 : 3);
  return `${digits12}${(10 - (sum % 10)) % 10}`;
}

const roundPrice = (cents: number) => Math.round(cents / 100) * 100;

/** What the studio sells and sets up; ids are fixed here, rows are written later. */
export function planCatalog(ctx: DemoContext): CatalogPlan {
  const random = ctx.random.fork('catalog');
  const id = (label: string) => {
    const ids = ctx.ids(label);
    return () => ids.next(ctx.onboardedMs);
  };
  const packId = id('class_pack_definitions');
  const productId = id('products');
  const couponId = id('coupons');
  const waiverId = id('waiver_templates');
  const serviceId = id('appointment_services');
  const metricId = id('progress_metric_definitions');
  const automationId = id('marketing_automations');
  const products = ctx.profile.products;
  const totalPopularity = products.reduce((sum, p) => sum + p.popularity, 0);
  // About 1.5 units per retail sale across all locations.
  const unitsPerDay = ctx.shape.retailOrdersPerLocationDay * ctx.scale.locations * 1.5;
  return {
    packs: CLASS_PACKS.map((spec) => ({
      id: packId(),
      spec: { ...spec, price: roundPrice(spec.price * ctx.profile.priceFactor) },
    })),
    products: products.map((spec, index) => {
      const daily = (unitsPerDay * spec.popularity) / totalPopularity;
      const digits = `2${String(random.int(0, 99_999_999_999)).padStart(11, '0')}`;
      return {
        index,
        id: productId(),
        spec,
        barcode: ean13(digits),
        reorderPoint: spec.tracked ? Math.ceil(daily * 5) + 3 : null,
        restockQuantity: Math.ceil(daily * 21) + 10,
      };
    }),
    coupons: COUPONS.map((spec, index) => ({
      index,
      id: couponId(),
      spec,
      expiresMs:
        spec.expiresAfterDays === null
          ? null
          : ctx.historyStartMs + spec.expiresAfterDays * DAY_MS - 1,
    })),
    waivers: WAIVERS.map((spec) => ({ id: waiverId(), spec })),
    services: APPOINTMENT_SERVICES.map((spec) => ({
      id: serviceId(),
      spec: { ...spec, price: roundPrice(spec.price * ctx.profile.priceFactor) },
    })),
    metrics: ctx.profile.metrics.map((spec) => ({ id: metricId(), spec })),
    automations: AUTOMATIONS.map((spec) => ({ id: automationId(), spec })),
  };
}

/**
 * The tenant, platform rows and everything the studio set up before selling: features,
 * automations, packs, products (with their final stock), coupons, waivers, services and
 * progress metrics.
 */
export function addSetupRows(
  ctx: DemoContext,
  catalog: CatalogPlan,
  finalStock: readonly (number | null)[],
  buffer: BatchBuffer,
): void {
  const tenant_id = ctx.tenantId;
  const created_at = iso(ctx.onboardedMs);
  for (const c of PLATFORM_CONFIG) {
    buffer.add('platform_config', {
      key: c.key,
      value: JSON.stringify(c.value),
      enabled: c.enabled ? 1 : 0,
      description: c.description,
      updated_at: created_at,
    });
  }
  buffer.add('tenants', {
    id: tenant_id,
    slug: ctx.slug,
    name: ctx.studioName,
    settings: JSON.stringify(ctx.settings),
    stripe_account_id: `acct_demo${tenant_id.replaceAll('-', '').slice(-12)}`,
    currency: ctx.settings.currency,
    status: 'active',
    mailchimp_credentials: null,
    zapier_credentials: null,
    google_credentials: null,
    slack_credentials: null,
    created_at,
  });
  const featureIds = ctx.ids('tenant_features');
  for (const [feature_key, enabled] of TENANT_FEATURES) {
    buffer.add('tenant_features', {
      id: featureIds.next(ctx.onboardedMs),
      tenant_id,
      feature_key,
      enabled: enabled ? 1 : 0,
      created_at,
    });
  }
  for (const { id, spec: a } of catalog.automations) {
    buffer.add('marketing_automations', {
      id,
      tenant_id,
      trigger_event: a.trigger,
      subject: a.subject,
      body: a.body,
      is_enabled: a.isEnabled ? 1 : 0,
      channels: JSON.stringify(a.channels),
      settings: null,
      created_at,
    });
  }
  for (const { id, spec } of catalog.packs) {
    buffer.add('class_pack_definitions', {
      id,
      tenant_id,
      name: spec.name,
      credits: spec.credits,
      price: spec.price,
      validity_days: spec.validityDays,
      active: spec.active ? 1 : 0,
      created_at,
    });
  }
  for (const p of catalog.products) {
    buffer.add('products', {
      id: p.id,
      tenant_id,
      name: p.spec.name,
      sku: p.spec.sku,
      barcode: p.barcode,
      price: p.spec.price,
      stock_quantity: p.spec.tracked ? (finalStock[p.index] ?? 0) : null,
      taxable: p.spec.taxable ? 1 : 0,
      // Taxed as retail when taxable, as before categories existed.
      tax_category: null,
      active: 1,
      created_at,
    });
  }
  for (const c of catalog.coupons) {
    buffer.add('coupons', {
      id: c.id,
      tenant_id,
      code: c.spec.code,
      type: c.spec.type,
      value: c.spec.value,
      active: c.spec.active ? 1 : 0,
      max_redemptions: c.spec.maxRedemptions,
      starts_at: null,
      expires_at: c.expiresMs === null ? null : iso(c.expiresMs),
      created_at,
    });
  }
  for (const { id, spec: w } of catalog.waivers) {
    buffer.add('waiver_templates', {
      id,
      tenant_id,
      title: w.title,
      body: w.body,
      required: w.required ? 1 : 0,
      active: w.active ? 1 : 0,
      version: 1,
      created_at,
    });
  }
  for (const { id, spec } of catalog.services) {
    buffer.add('appointment_services', {
      id,
      tenant_id,
      title: spec.title,
      duration_minutes: spec.durationMinutes,
      price: spec.price,
      active: spec.active ? 1 : 0,
      created_at,
    });
  }
  catalog.metrics.forEach(({ id, spec }, i) => {
    buffer.add('progress_metric_definitions', {
      id,
      tenant_id,
      name: spec.name,
      category: spec.category,
      unit: spec.unit,
      icon: spec.icon,
      aggregation: spec.aggregation,
      visible_to_students: spec.category === 'body' ? 0 : 1,
      active: 1,
      display_order: i + 1,
    });
  });
}
