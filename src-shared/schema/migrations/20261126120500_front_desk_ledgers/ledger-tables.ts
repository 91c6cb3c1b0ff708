import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';

// Frozen with migration 20261126120500: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

export const payments = defineTable({
  name: 'payments',
  purpose: 'Each tender of a sale or refund (split tender, change due, card intents).',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    order_id: col.id().references('pos_orders'),
    method: col.enumOf(['cash', 'card', 'gift_card', 'external']),
    // Signed: positive for money taken, negative for money given back on a refund.
    amount: col.money(),
    // Cash handed over; change due is tendered_amount - amount.
    tendered_amount: col.money().nullable(),
    change_amount: col.money(),
    gift_card_id: col.id().references('gift_cards').nullable(),
    // Cheque number, voucher id or other reference for an external tender.
    reference: col.text().nullable(),
    stripe_payment_intent_id: col.text().nullable(),
    status: col.enumOf(['pending', 'succeeded', 'failed', 'canceled', 'refunded']),
    drawer_session_id: col.id().references('cash_drawer_sessions').nullable(),
    staff_id: col.id().references('tenant_members').nullable(),
    device_id: col.text().nullable(),
    created_at: col.timestamp(),
  },
  indexes: [
    { name: 'ix_payments_order', columns: ['tenant_id', 'order_id'] },
    { name: 'ix_payments_intent', columns: ['tenant_id', 'stripe_payment_intent_id'] },
  ],
});

export const cashDrawerSessions = defineTable({
  name: 'cash_drawer_sessions',
  purpose: 'A drawer from float to close; X and Z reports compare expected with counted cash.',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    location_id: col.id().references('locations').nullable(),
    device_id: col.text(),
    opened_by: col.id().references('tenant_members'),
    opened_at: col.timestamp(),
    opening_float: col.money(),
    status: col.enumOf(['open', 'closed']),
    closed_by: col.id().references('tenant_members').nullable(),
    closed_at: col.timestamp().nullable(),
    counted_amount: col.money().nullable(),
    expected_amount: col.money().nullable(),
  },
  indexes: [
    { name: 'ix_cash_drawer_sessions_device', columns: ['tenant_id', 'device_id', 'status'] },
  ],
});

export const cashMovements = defineTable({
  name: 'cash_movements',
  purpose: 'Every movement of cash in a drawer session, so the expected amount is a sum.',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    session_id: col.id().references('cash_drawer_sessions'),
    type: col.enumOf(['sale', 'refund', 'paid_in', 'paid_out', 'no_sale']),
    // Signed: into the drawer is positive.
    amount: col.money(),
    reason: col.text().nullable(),
    payment_id: col.id().references('payments').nullable(),
    staff_id: col.id().references('tenant_members'),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_cash_movements_session', columns: ['tenant_id', 'session_id'] }],
});

export const stockMovements = defineTable({
  name: 'stock_movements',
  purpose: 'Stock ledger: products.stock_quantity is kept equal to its sum.',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    product_id: col.id().references('products'),
    quantity_delta: col.integer(),
    reason: col.enumOf(['sale', 'refund', 'void', 'restock', 'adjustment', 'count']),
    order_item_id: col.id().references('pos_order_items').nullable(),
    staff_id: col.id().references('tenant_members').nullable(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_stock_movements_product', columns: ['tenant_id', 'product_id'] }],
});

export const reviewItems = defineTable({
  name: 'review_items',
  purpose: 'What offline selling got wrong, recorded by the server for the owner to resolve.',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    kind: col.enumOf([
      'gift_card_overdrawn',
      'pack_exhausted',
      'stock_negative',
      'class_over_capacity',
      'membership_lapsed',
      'card_declined',
    ]),
    status: col.enumOf(['open', 'resolved', 'dismissed']),
    member_id: col.id().references('tenant_members').nullable(),
    amount: col.money().nullable(),
    // The record that broke the rule (gift card, pack, product, class or subscription id).
    subject_id: col.text().nullable(),
    // The desks whose mutations collided, as a JSON array of device ids.
    device_ids: col.json(),
    details: col.json(),
    created_at: col.timestamp(),
    resolved_at: col.timestamp().nullable(),
    resolved_by: col.id().references('tenant_members').nullable(),
  },
  indexes: [{ name: 'ix_review_items_status', columns: ['tenant_id', 'status'] }],
});
