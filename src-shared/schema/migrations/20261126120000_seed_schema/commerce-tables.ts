import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';

// Frozen with migration 20261126120000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

export const products = defineTable({
  name: 'products',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    name: col.text(),
    sku: col.text().nullable(),
    // What the scanner reads off the shelf label.
    barcode: col.text().nullable(),
    price: col.money(),
    // NULL means stock is not tracked (services, digital goods). May go negative offline.
    stock_quantity: col.integer().nullable(),
    taxable: col.flag(),
    active: col.flag(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_products_barcode', columns: ['tenant_id', 'barcode'] }],
});

export const posOrders = defineTable({
  name: 'pos_orders',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    member_id: col.id().references('tenant_members').nullable(),
    staff_id: col.id().references('tenant_members'),
    location_id: col.id().references('locations').nullable(),
    // The desk that rang the sale up; reconciliation and review items name it.
    device_id: col.text().nullable(),
    coupon_id: col.id().references('coupons').nullable(),
    subtotal_amount: col.money(),
    discount_amount: col.money(),
    tax_amount: col.money(),
    total_amount: col.money(),
    status: col.enumOf(['open', 'completed', 'partially_refunded', 'refunded', 'voided']),
    // Human-facing number printed on the receipt, unique per desk.
    receipt_number: col.text().nullable(),
    created_at: col.timestamp(),
    completed_at: col.timestamp().nullable(),
  },
  indexes: [{ name: 'ix_pos_orders_tenant_created', columns: ['tenant_id', 'created_at'] }],
});

export const posOrderItems = defineTable({
  name: 'pos_order_items',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    order_id: col.id().references('pos_orders'),
    kind: col.enumOf(['product', 'class_pack', 'gift_card', 'drop_in', 'membership']),
    product_id: col.id().references('products').nullable(),
    pack_definition_id: col.id().references('class_pack_definitions').nullable(),
    gift_card_id: col.id().references('gift_cards').nullable(),
    class_id: col.id().references('classes').nullable(),
    description: col.text(),
    quantity: col.integer(),
    unit_price: col.money(),
    discount_amount: col.money(),
    tax_amount: col.money(),
    line_total: col.money(),
    refunded_quantity: col.integer(),
  },
  indexes: [{ name: 'ix_pos_order_items_order', columns: ['tenant_id', 'order_id'] }],
});

export const giftCards = defineTable({
  name: 'gift_cards',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    code: col.text(),
    initial_balance: col.money(),
    // Kept equal to the sum of the card's transactions: the ledger is the truth.
    current_balance: col.money(),
    buyer_member_id: col.id().references('tenant_members').nullable(),
    recipient_member_id: col.id().references('tenant_members').nullable(),
    status: col.enumOf(['active', 'disabled']),
    expires_at: col.timestamp().nullable(),
    created_at: col.timestamp(),
  },
  // Codes are looked up case-insensitively, and unique only within a tenant so that one
  // studio cannot probe for another's codes.
  indexes: [
    { name: 'ux_gift_cards_code', columns: ['tenant_id'], lowerCaseColumn: 'code', unique: true },
  ],
});

export const giftCardTransactions = defineTable({
  name: 'gift_card_transactions',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    gift_card_id: col.id().references('gift_cards'),
    // Signed: issues and reloads add, redemptions subtract.
    amount: col.money(),
    type: col.enumOf(['issue', 'reload', 'redeem', 'refund', 'adjustment']),
    order_id: col.id().references('pos_orders').nullable(),
    staff_id: col.id().references('tenant_members').nullable(),
    device_id: col.text().nullable(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_gift_card_transactions_card', columns: ['tenant_id', 'gift_card_id'] }],
});

export const classPackDefinitions = defineTable({
  name: 'class_pack_definitions',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    name: col.text(),
    credits: col.integer(),
    price: col.money(),
    // Days a purchased pack stays valid; NULL means it never expires.
    validity_days: col.integer().nullable(),
    active: col.flag(),
    created_at: col.timestamp(),
  },
});

export const purchasedPacks = defineTable({
  name: 'purchased_packs',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    member_id: col.id().references('tenant_members'),
    pack_definition_id: col.id().references('class_pack_definitions'),
    initial_credits: col.integer(),
    // May go negative when two offline desks spend the last credit; a review item follows.
    remaining_credits: col.integer(),
    member_price: col.money(),
    order_id: col.id().references('pos_orders').nullable(),
    expires_at: col.timestamp().nullable(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_purchased_packs_member', columns: ['tenant_id', 'member_id'] }],
});

export const coupons = defineTable({
  name: 'coupons',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    code: col.text(),
    type: col.enumOf(['percent', 'amount']),
    // Percent: whole percent 1..100. Amount: minor units.
    value: col.integer(),
    active: col.flag(),
    max_redemptions: col.integer().nullable(),
    expires_at: col.timestamp().nullable(),
    created_at: col.timestamp(),
  },
  indexes: [
    { name: 'ux_coupons_code', columns: ['tenant_id'], lowerCaseColumn: 'code', unique: true },
  ],
});

export const couponRedemptions = defineTable({
  name: 'coupon_redemptions',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    coupon_id: col.id().references('coupons'),
    user_id: col.id().referencesGlobal('users').nullable(),
    order_id: col.id().references('pos_orders').nullable(),
    discount_amount: col.money(),
    redeemed_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_coupon_redemptions_coupon', columns: ['tenant_id', 'coupon_id'] }],
});
