import { col } from '../../column-spec';
import { defineTable, type ColumnMap, type TableSpec } from '../../table-spec';
import {
  coupons as seedCoupons,
  products as seedProducts,
} from '../20261126120000_seed_schema/commerce-tables';
import { waiverTemplates as seedWaiverTemplates } from '../20261126120000_seed_schema/engagement-tables';
import { reviewItems as mergedReviewItems } from '../20261203161500_merged_operations/merge-tables';
import {
  classes as seedClasses,
  locations as seedLocations,
} from '../20261126120000_seed_schema/schedule-tables';

// Frozen with migration 20261203200000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

export const rooms = defineTable({
  name: 'rooms',
  purpose: 'The rooms of a location that holds classes in more than one (issue 16).',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    location_id: col.id().references('locations'),
    name: col.text(),
    // NULL: no room limit; a class's own capacity still applies.
    capacity: col.integer().nullable(),
    active: col.flag(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_rooms_location', columns: ['tenant_id', 'location_id'] }],
});

export const classPaymentOptions = defineTable({
  name: 'class_payment_options',
  purpose:
    'Which membership plans and pack definitions pay for a class; a class with none takes any (issue 16).',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    class_id: col.id().references('classes'),
    // Exactly one of the two is set; the mutations that write options keep to that.
    plan_id: col.id().references('membership_plans').nullable(),
    pack_definition_id: col.id().references('class_pack_definitions').nullable(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_class_payment_options_class', columns: ['tenant_id', 'class_id'] }],
});

/**
 * Review items for the console's offline conflicts (issue 16), kept next to the front desk's.
 */
export const reviewItems = defineTable({
  name: mergedReviewItems.name,
  ...(mergedReviewItems.purpose === undefined ? {} : { purpose: mergedReviewItems.purpose }),
  scope: mergedReviewItems.scope,
  columns: {
    ...mergedReviewItems.columns,
    kind: col.enumOf([
      'gift_card_overdrawn',
      'pack_exhausted',
      'stock_negative',
      'class_over_capacity',
      'membership_lapsed',
      'card_declined',
      'duplicate_booking',
      // Two desks changed one record offline from the same starting value; the later to
      // reach the server stands, and the owner sees both.
      'edit_conflict',
      // A coupon redeemed past its limit at desks that were offline.
      'coupon_overused',
      // A plan, pack or product sold at a desk that had not yet heard it was retired.
      'retired_item_sold',
    ]),
  },
  indexes: [...(mergedReviewItems.indexes ?? [])],
});

/** Columns this migration adds to existing tables, all nullable (SQLite adds no other kind). */
export const addedColumns = {
  locations: { phone: col.text().nullable() },
  // NULL: the class is not in a named room.
  classes: { room_id: col.id().references('rooms').nullable() },
  // NULL: taxed as retail when `taxable`, which is what every product was before.
  products: { tax_category: col.enumOf(['retail', 'services']).nullable() },
  // NULL: valid from creation.
  coupons: { starts_at: col.timestamp().nullable() },
  // NULL: version 1. A new version is a new template row; members sign it again.
  waiver_templates: { version: col.integer().nullable() },
} as const;

/** A seed table with this migration's columns added, keeping its name, scope and indexes. */
function withAdded<SC extends ColumnMap, N extends string, AC extends ColumnMap>(
  seed: TableSpec<SC, N>,
  added: AC,
): TableSpec<SC & AC, N> {
  return { ...seed, columns: { ...seed.columns, ...added } };
}

export const locations = withAdded(seedLocations, addedColumns.locations);
export const classes = withAdded(seedClasses, addedColumns.classes);
export const products = withAdded(seedProducts, addedColumns.products);
export const coupons = withAdded(seedCoupons, addedColumns.coupons);
export const waiverTemplates = withAdded(seedWaiverTemplates, addedColumns.waiver_templates);
