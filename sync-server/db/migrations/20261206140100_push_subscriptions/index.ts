import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { CURRENT_TENANT } from '../20261127090300_row_level_security/policy-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; change this table in a later migration.

/**
 * Server-only (issue 20, R20.5): the devices on which a member turned on the studio's
 * notifications (a Web Push subscription: the push service's endpoint and the device's
 * keys). The endpoint is a capability URL, so it never reaches a desk. A subscription the
 * push service says is gone (404, 410) is marked expired and not sent to again.
 */
const pushSubscriptions = [
  `create table member_push_subscriptions (
    tenant_id uuid not null references tenants (id),
    id uuid not null,
    member_id uuid not null,
    endpoint text not null check (endpoint ~ '^https://' and length(endpoint) <= 1000),
    p256dh text not null check (p256dh ~ '^[A-Za-z0-9_-]{80,100}$'),
    auth text not null check (auth ~ '^[A-Za-z0-9_-]{16,32}$'),
    created_at text not null,
    expired_at text,
    constraint pk_member_push_subscriptions primary key (tenant_id, id),
    constraint fk_member_push_subscriptions_member foreign key (tenant_id, member_id)
      references tenant_members (tenant_id, id),
    constraint ux_member_push_subscriptions_endpoint unique (tenant_id, endpoint)
  )`,
  `create index ix_member_push_subscriptions_member
    on member_push_subscriptions (tenant_id, member_id)`,
  `alter table member_push_subscriptions enable row level security`,
  `alter table member_push_subscriptions force row level security`,
  `create policy tenant_isolation on member_push_subscriptions
    using (tenant_id = ${CURRENT_TENANT}) with check (tenant_id = ${CURRENT_TENANT})`,
  `grant select, insert, update on member_push_subscriptions to studio_app`,
];

export const pushSubscriptionsMigration: SchemaMigration = {
  name: '20261206140100_push_subscriptions',
  up: ({ db }) => runStatements(db, pushSubscriptions),
};
