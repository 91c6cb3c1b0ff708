// Frozen with migration 20261127090200: never edit. This is the catalog's list of synced
// tables as it stood when the migration landed; a test compares it with `syncedTables`, so a
// table added to or re-keyed in the catalog later fails that test until a new migration
// captures it.

/** How the capture trigger of one table finds the tenant and the wire key of a row. */
export interface CapturedTable {
  readonly name: string;
  /** Primary key without tenant_id, in order; joined with '|' it is the row key. */
  readonly keyColumns: readonly string[];
  /**
   * - `tenant_id`: the row's tenant_id column (NULL rows, global automation templates, are
   *   not synced);
   * - `self`: the row is a tenant, its own id;
   * - `members`: users are global: a user belongs to every tenant it is a member of.
   */
  readonly tenant: 'tenant_id' | 'self' | 'members';
}

const byId = (name: string): CapturedTable => ({ name, keyColumns: ['id'], tenant: 'tenant_id' });

export const capturedTables: readonly CapturedTable[] = [
  { name: 'tenants', keyColumns: ['id'], tenant: 'self' },
  { name: 'users', keyColumns: ['id'], tenant: 'members' },
  byId('membership_plans'),
  byId('subscriptions'),
  byId('tenant_members'),
  { name: 'tenant_roles', keyColumns: ['member_id', 'role'], tenant: 'tenant_id' },
  byId('appointment_services'),
  byId('appointments'),
  byId('bookings'),
  byId('class_series'),
  byId('classes'),
  byId('locations'),
  byId('class_pack_definitions'),
  byId('coupon_redemptions'),
  byId('coupons'),
  byId('gift_card_transactions'),
  byId('gift_cards'),
  byId('pos_order_items'),
  byId('pos_orders'),
  byId('products'),
  byId('purchased_packs'),
  byId('automation_logs'),
  byId('chat_rooms'),
  byId('leads'),
  byId('marketing_automations'),
  byId('push_logs'),
  byId('student_notes'),
  byId('waiver_signatures'),
  byId('waiver_templates'),
  byId('audit_logs'),
  byId('member_progress_entries'),
  byId('progress_metric_definitions'),
  byId('tenant_features'),
  byId('cash_drawer_sessions'),
  byId('cash_movements'),
  byId('payments'),
  byId('review_items'),
  byId('stock_movements'),
  { name: 'staff_credentials', keyColumns: ['member_id'], tenant: 'tenant_id' },
];
