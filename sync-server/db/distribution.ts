/**
 * How the server's tables would map onto a distributed Postgres (Citus), as docs/SCALING.md
 * describes it. Nothing at run time reads this: tests/schema/citus-distribution.test.ts
 * checks the migrated database against it, so a new table must be classified here, and a
 * new key, foreign key or SECURITY DEFINER function that breaks a rule (D1–D6, S1 in
 * SCALING.md) fails the test instead of surfacing on the day the data is distributed.
 */

/** The column every distributed table is distributed (and co-located) by. */
export const DISTRIBUTION_COLUMN = 'tenant_id';

/**
 * Distributed by tenant_id, all in one co-location group: a tenant's rows of every table
 * sit on the same node, so a transaction in one tenant is a single-node (router) one.
 */
export const distributedTables: readonly string[] = [
  // Shared schema (src-shared/schema/catalog.ts), synced to desks.
  'appointment_service_staff',
  'appointment_services',
  'appointments',
  'audit_logs',
  'automation_logs',
  'bookings',
  'card_balance_lines',
  'card_payouts',
  'cash_drawer_sessions',
  'cash_movements',
  'chat_messages',
  'chat_reads',
  'chat_rooms',
  'class_pack_definitions',
  'class_payment_options',
  'class_series',
  'classes',
  'coupon_redemptions',
  'coupons',
  'gift_card_transactions',
  'gift_cards',
  'id_aliases',
  'lead_notes',
  'leads',
  'locations',
  'member_fees',
  'member_photos',
  'member_progress_entries',
  'membership_plans',
  'payments',
  'pos_order_items',
  'pos_orders',
  'products',
  'progress_metric_definitions',
  'purchased_packs',
  'push_logs',
  'review_items',
  'rooms',
  'staff_availability',
  'staff_availability_exceptions',
  'staff_credentials',
  'stock_movements',
  'student_notes',
  'subscription_autopay',
  'subscription_charges',
  'subscription_pauses',
  'subscription_sales',
  'subscription_scheduled_changes',
  'subscriptions',
  'tenant_features',
  'tenant_members',
  'tenant_roles',
  'waiver_signatures',
  'waiver_templates',
  // Server-only tables (sync-server/db/migrations), never synced.
  'card_payment_intents',
  'card_payout_listings',
  'card_refunds',
  'devices',
  'enrollment_codes',
  'member_push_subscriptions',
  'mutation_log',
  'stripe_customers',
  'stripe_terminal_locations',
  'stripe_webhook_events',
  'studio_smtp_settings',
  'sync_changes',
  'sync_pending_tenants',
  'sync_positions',
  'tenant_secrets',
];

/** Copied in full to every node; the reason each is one and not distributed. */
export const referenceTables: Readonly<Record<string, string>> = {
  tenants:
    'one row per studio, read before a tenant is known (slug, Stripe account, billing list) ' +
    'and the target of every tenant_id foreign key; its unique slug has no tenant_id',
  users:
    'a person is global: one row is shared by every studio the person belongs to ' +
    '(tenant_members.user_id), so it cannot live on one tenant’s node',
  marketing_automations:
    'rows with tenant_id NULL are platform templates every studio inherits, so tenant_id ' +
    'is nullable and absent from the primary key (engagement-tables.ts)',
  platform_config: 'platform-wide settings keyed by name; no tenant owns them',
  setup_codes:
    'one-time codes that create a studio: spent before the tenant exists ' +
    '(used_by_tenant_id is a record, not a foreign key)',
};

/**
 * Left on the coordinator only, as plain local tables: bookkeeping of the migrator, which
 * runs DDL through the coordinator and is never joined with tenant data.
 */
export const coordinatorLocalTables: Readonly<Record<string, string>> = {
  schema_migrations: 'shared migrations applied (Kysely migrator)',
  schema_migrations_lock: 'the shared migrator’s lock row',
  server_schema_migrations: 'server migrations applied (Kysely migrator)',
  server_schema_migrations_lock: 'the server migrator’s lock row',
};

/** The rules of docs/SCALING.md that a table or constraint can break. */
export type DistributionRule = 'D1' | 'D2' | 'D3' | 'D4' | 'D5' | 'D6';

/**
 * A breach today's schema already has, kept so the test fails only for new ones. This list
 * may only shrink: the test also fails when an entry no longer matches a breach.
 */
export interface KnownBreach {
  readonly rule: DistributionRule;
  /** The table and the constraint or index, as `table.constraint` (or the table for D1/D2). */
  readonly subject: string;
  readonly reason: string;
  /** What would make the schema obey the rule. */
  readonly fix: string;
}

// Empty today: every tenant table's key and foreign keys already lead with tenant_id.
export const knownBreaches: readonly KnownBreach[] = [];

/** A server function that reaches rows of more than one tenant (rule S1). */
export interface CrossTenantFunction {
  /** Why it cannot know the tenant first. */
  readonly reason: string;
  /** How it runs on Citus, and what would make it a single-tenant (router) statement. */
  readonly handling: string;
}

/**
 * Functions of the migrated database that read or change a distributed table without a
 * tenant_id filter. A new one fails the test until it is listed here with its reason.
 */
export const crossTenantFunctions: Readonly<Record<string, CrossTenantFunction>> = {
  studio_authenticate_device: {
    reason: 'finds a device by its token hash on every request, before the tenant is known (R2.2)',
    handling:
      'multi-shard lookup on devices today (a scan of every shard’s index); the fix is a ' +
      'token-hash → tenant reference table, or a token that names its tenant, so the lookup ' +
      'becomes a reference-table read and the update a router query',
  },
  studio_enrollment_code_tenant: {
    reason: 'a desk enrolling names only its code; the code decides the tenant',
    handling:
      'acceptable multi-shard read: enrolment is rare and reads one index per shard; the fix, ' +
      'if it ever matters, is the same reference lookup table as device tokens',
  },
  sync_assign_positions: {
    reason:
      'at commit it takes every tenant the transaction captured changes for ' +
      '(sync_pending_tenants by xact_id), then numbers each tenant’s changes',
    handling:
      'the delete by xact_id is multi-shard; each loop step is a router query by tenant_id. ' +
      'Tenant transactions capture one tenant, so on Citus the trigger runs on that tenant’s ' +
      'node and the pending rows of a transaction are all on it',
  },
  sync_capture_users: {
    reason:
      'a users row is global, and every studio the person belongs to must pull the change: ' +
      'it joins tenant_members by user_id across tenants (the fan-out)',
    handling:
      'multi-shard join of a reference-table change with tenant_members, then one sync_changes ' +
      'row per tenant, each routed by its tenant_id; run it from the application (one router ' +
      'insert per tenant of the member) if triggers cannot run on the reference table',
  },
};
