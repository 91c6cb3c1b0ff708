// Frozen with migration 20261127090300: never edit; change policies in a later migration.

/**
 * The tenant a request's transaction runs for, or NULL outside one. `set_config(..., true)`
 * makes it transaction-local, so nothing leaks through the pool, and NULLIF turns the empty
 * string a finished SET LOCAL leaves behind into NULL instead of a cast error (LESSONS.md).
 */
export const CURRENT_TENANT = `nullif(current_setting('app.tenant_id', true), '')::uuid`;

/** Shared tables whose rows each belong to one tenant through `tenant_id`. */
export const sharedTenantTables = [
  'membership_plans',
  'subscriptions',
  'tenant_members',
  'tenant_roles',
  'appointment_services',
  'appointments',
  'bookings',
  'class_series',
  'classes',
  'locations',
  'class_pack_definitions',
  'coupon_redemptions',
  'coupons',
  'gift_card_transactions',
  'gift_cards',
  'pos_order_items',
  'pos_orders',
  'products',
  'purchased_packs',
  'automation_logs',
  'chat_rooms',
  'leads',
  'push_logs',
  'student_notes',
  'waiver_signatures',
  'waiver_templates',
  'audit_logs',
  'member_progress_entries',
  'progress_metric_definitions',
  'tenant_features',
  'cash_drawer_sessions',
  'cash_movements',
  'payments',
  'review_items',
  'stock_movements',
  'staff_credentials',
] as const;

/** Server-only tables, with what a request (studio_app) may do to them. */
export const serverTenantTables = [
  { name: 'devices', appRights: 'select, insert, update' },
  { name: 'enrollment_codes', appRights: 'select, insert, update' },
  { name: 'tenant_secrets', appRights: 'select, insert' },
  // The change log is written only by the capture triggers, as studio_definer.
  { name: 'sync_positions', appRights: 'select' },
  { name: 'sync_changes', appRights: 'select' },
  { name: 'mutation_log', appRights: 'select, insert' },
] as const;

export function forceRowSecurity(table: string): string[] {
  return [
    `alter table ${table} enable row level security`,
    // Without FORCE the table owner, who migrates and may run admin commands, is exempt.
    `alter table ${table} force row level security`,
  ];
}

export function tenantPolicy(table: string, tenantColumn = 'tenant_id'): string {
  return `create policy tenant_isolation on ${table}
    using (${tenantColumn} = ${CURRENT_TENANT})
    with check (${tenantColumn} = ${CURRENT_TENANT})`;
}

/** A user is visible to a tenant while one of the tenant's members points at it. */
const userOfCurrentTenant = `exists (
  select 1 from tenant_members m where m.user_id = users.id and m.tenant_id = ${CURRENT_TENANT})`;

export const usersPolicies = [
  `create policy users_read on users for select using (${userOfCurrentTenant})`,
  // member.create inserts the user before the member row that makes it visible.
  `create policy users_insert on users for insert with check (true)`,
  `create policy users_update on users for update using (${userOfCurrentTenant}) with check (true)`,
  `create policy users_delete on users for delete using (${userOfCurrentTenant})`,
];

/** Rows with a NULL tenant are platform templates every tenant reads and none may change. */
export const automationPolicies = [
  `create policy automations_read on marketing_automations for select
     using (tenant_id is null or tenant_id = ${CURRENT_TENANT})`,
  `create policy automations_insert on marketing_automations for insert
     with check (tenant_id = ${CURRENT_TENANT})`,
  `create policy automations_update on marketing_automations for update
     using (tenant_id = ${CURRENT_TENANT}) with check (tenant_id = ${CURRENT_TENANT})`,
  `create policy automations_delete on marketing_automations for delete
     using (tenant_id = ${CURRENT_TENANT})`,
];

/**
 * studio_definer owns the functions that cross tenants. It sees exactly the tables those
 * functions touch, and nothing else.
 */
export const definerPolicies = [
  `create policy definer_capture on sync_positions for all to studio_definer using (true) with check (true)`,
  `create policy definer_capture on sync_changes for all to studio_definer using (true) with check (true)`,
  `create policy definer_fan_out on tenant_members for select to studio_definer using (true)`,
  `create policy definer_authenticate on devices for all to studio_definer using (true) with check (true)`,
  `create policy definer_enrol on enrollment_codes for select to studio_definer using (true)`,
  `create policy definer_find_tenant on tenants for select to studio_definer using (true)`,
];
