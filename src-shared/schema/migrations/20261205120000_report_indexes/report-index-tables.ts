import type { IndexSpec, TableSpec } from '../../table-spec';
import {
  posOrders as seedPosOrders,
  purchasedPacks as seedPurchasedPacks,
} from '../20261126120000_seed_schema/commerce-tables';
import { tenantMembers as seedTenantMembers } from '../20261126120000_seed_schema/people-tables';
import { auditLogs as chainedAuditLogs } from '../20261126150000_audit_chain';
import { payments as cardPayments } from '../20261204080500_card_payment_details/card-payment-tables';
import { posOrderItems as feeOrderItems } from '../20261204120000_booking_fees/booking-fee-tables';
import { bookings as reasonBookings } from '../20261205100000_booking_free_reason/free-reason-tables';

// Frozen with migration 20261205120000: never edit; change tables in a later migration.

/**
 * The owner's reports (issue 19, B7) read a range of studio days at a studio of a million
 * rows. Each index below holds every column its report reads, so a 90-day range is read
 * from the index alone instead of one table page per order, payment or line.
 */

/** Sales of a range by their studio day, desk, staff member and location, with their totals. */
export const ordersByCompletion: IndexSpec = {
  name: 'ix_pos_orders_report',
  columns: [
    'tenant_id',
    'completed_at',
    'location_id',
    'device_id',
    'staff_id',
    'coupon_id',
    'subtotal_amount',
    'discount_amount',
    'tax_amount',
    'total_amount',
    // The key, for the lines' join: SQLite's index entries carry the rowid, not the key.
    'id',
  ],
};

/** Money taken and given back in a range by tender. */
export const paymentsByTime: IndexSpec = {
  name: 'ix_payments_report',
  columns: ['tenant_id', 'created_at', 'amount', 'status', 'method', 'order_id'],
};

/**
 * An order's lines with what the category report sums. It serves every lookup of the old
 * (tenant_id, order_id) index, which it replaces.
 */
export const orderItemsByOrder: IndexSpec = {
  name: 'ix_pos_order_items_report',
  columns: [
    'tenant_id',
    'order_id',
    'kind',
    'product_id',
    'quantity',
    'discount_amount',
    'tax_amount',
    'line_total',
  ],
};
export const replacedOrderItemsIndex = 'ix_pos_order_items_order';

/** A range's refunds and voids among every other action of the audit log. */
export const auditByAction: IndexSpec = {
  name: 'ix_audit_logs_action',
  columns: ['tenant_id', 'action', 'created_at'],
};

/** A range's check-ins by class and member (attendance; returning and lapsed members). */
export const bookingsByCheckIn: IndexSpec = {
  name: 'ix_bookings_check_ins',
  columns: ['tenant_id', 'checked_in_at', 'status', 'class_id', 'member_id'],
};

/** Members who joined in a range. */
export const membersByJoining: IndexSpec = {
  name: 'ix_tenant_members_created',
  columns: ['tenant_id', 'created_at'],
};

/** Packs bought in a range. */
export const packsByPurchase: IndexSpec = {
  name: 'ix_purchased_packs_created',
  columns: ['tenant_id', 'created_at'],
};

const withIndex = <T extends TableSpec>(table: T, index: IndexSpec, replaced?: string) => ({
  ...table,
  indexes: [...(table.indexes ?? []).filter((i) => i.name !== replaced), index],
});

export const posOrders = withIndex(seedPosOrders, ordersByCompletion) satisfies TableSpec;
export const payments = withIndex(cardPayments, paymentsByTime) satisfies TableSpec;
export const posOrderItems = withIndex(
  feeOrderItems,
  orderItemsByOrder,
  replacedOrderItemsIndex,
) satisfies TableSpec;
export const auditLogs = withIndex(chainedAuditLogs, auditByAction) satisfies TableSpec;
export const bookings = withIndex(reasonBookings, bookingsByCheckIn) satisfies TableSpec;
export const purchasedPacks = withIndex(seedPurchasedPacks, packsByPurchase) satisfies TableSpec;
export const tenantMembers = withIndex(seedTenantMembers, membersByJoining) satisfies TableSpec;
