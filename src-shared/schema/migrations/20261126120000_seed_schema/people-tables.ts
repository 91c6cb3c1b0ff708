import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';

// Frozen with migration 20261126120000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

export const users = defineTable({
  name: 'users',
  scope: 'global',
  columns: {
    id: col.id(),
    email: col.text(),
    profile: col.json(),
    role: col.enumOf(['user', 'platform_admin']),
    is_system_admin: col.flag(),
    stripe_customer_id: col.text().nullable().serverOnly(),
    created_at: col.timestamp(),
  },
  // Deliberately not unique: a global unique email would let one studio learn that a person
  // is a member elsewhere. Identity matching is done by the server, not the index.
  indexes: [{ name: 'ix_users_email', columns: [], lowerCaseColumn: 'email' }],
});

export const tenants = defineTable({
  name: 'tenants',
  scope: 'global',
  columns: {
    id: col.id(),
    slug: col.text(),
    name: col.text(),
    settings: col.json(),
    stripe_account_id: col.text().nullable(),
    currency: col.text(),
    status: col.enumOf(['active', 'trial', 'suspended', 'closed']),
    mailchimp_credentials: col.json().nullable().serverOnly(),
    zapier_credentials: col.json().nullable().serverOnly(),
    google_credentials: col.json().nullable().serverOnly(),
    slack_credentials: col.json().nullable().serverOnly(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ux_tenants_slug', columns: ['slug'], unique: true }],
});

export const tenantMembers = defineTable({
  name: 'tenant_members',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    user_id: col.id().referencesGlobal('users'),
    profile: col.json(),
    status: col.enumOf(['active', 'inactive', 'archived']),
    // Printed on the member's card and read by the desk's barcode/QR scanner.
    barcode: col.text().nullable(),
    created_at: col.timestamp(),
    updated_at: col.timestamp(),
  },
  indexes: [
    { name: 'ix_tenant_members_user', columns: ['tenant_id', 'user_id'] },
    { name: 'ux_tenant_members_barcode', columns: ['tenant_id', 'barcode'], unique: true },
  ],
});

export const tenantRoles = defineTable({
  name: 'tenant_roles',
  scope: 'tenant',
  columns: {
    tenant_id: tenantId(),
    member_id: col.id().references('tenant_members'),
    role: col.enumOf(['owner', 'manager', 'front_desk', 'instructor', 'student']),
    granted_at: col.timestamp(),
  },
  primaryKey: ['member_id', 'role'],
});

export const membershipPlans = defineTable({
  name: 'membership_plans',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    name: col.text(),
    price: col.money(),
    interval: col.enumOf(['week', 'month', 'year', 'one_time']),
    vod_enabled: col.flag(),
    // Classes allowed per interval; NULL means unlimited.
    class_limit: col.integer().nullable(),
    active: col.flag(),
    created_at: col.timestamp(),
  },
});

export const subscriptions = defineTable({
  name: 'subscriptions',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    user_id: col.id().referencesGlobal('users'),
    member_id: col.id().references('tenant_members'),
    plan_id: col.id().references('membership_plans'),
    status: col.enumOf(['active', 'trialing', 'past_due', 'paused', 'canceled', 'expired']),
    current_period_start: col.timestamp(),
    current_period_end: col.timestamp(),
    stripe_subscription_id: col.text().nullable(),
    created_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_subscriptions_member', columns: ['tenant_id', 'member_id', 'status'] }],
});
