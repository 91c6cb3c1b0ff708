import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { captureStatements } from '../20261127090200_change_capture/capture-sql';
import type { CapturedTable } from '../20261127090200_change_capture/captured-tables';
import {
  CURRENT_TENANT,
  forceRowSecurity,
  tenantPolicy,
} from '../20261127090300_row_level_security/policy-sql';
import { captureFunction } from '../20261203090000_commit_time_positions/capture-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; change these tables in a later migration.

/** The synced table the shared migration 20261204121000_subscription_autopay created. */
export const savedCardsCapturedTables: readonly CapturedTable[] = [
  { name: 'subscription_autopay', keyColumns: ['subscription_id'], tenant: 'tenant_id' },
];

/** Its tenant table, under the tenant policy like every other (R7.1). */
export const savedCardsTenantTables = ['subscription_autopay'] as const;

/**
 * A card saved at the desk for a membership's autopay (issue 18, PROTOCOL.md R13.5): the
 * PaymentIntent remembers whom it saves the card for, the Customer it was made with, and
 * the reusable card Stripe generated from it (`generated_card`) with its brand and last 4,
 * until the sale's subscriptions are given it (`card_attached_at`). Server-only, like the
 * rest of the table; no card data, Stripe ids only.
 */
const intentColumns = [
  `alter table card_payment_intents
    add column save_card_member_id uuid,
    add column stripe_customer_id text,
    add column generated_card_id text check (generated_card_id ~ '^pm_[A-Za-z0-9_]+$'),
    add column saved_card_brand text check (saved_card_brand ~ '^[a-z_]{1,40}$'),
    add column saved_card_last4 text check (saved_card_last4 ~ '^[0-9]{4}$'),
    add column card_attached_at text`,
  `create index ix_card_payment_intents_saved_cards on card_payment_intents (tenant_id)
    where generated_card_id is not null and card_attached_at is null`,
];

/**
 * One Stripe Customer per member and connected account, made the first time a card is saved
 * for the member and reused after (a second membership, a new card).
 */
const customers = [
  `create table stripe_customers (
    tenant_id uuid not null references tenants (id),
    stripe_account_id text not null,
    member_id uuid not null,
    id text not null check (id ~ '^cus_[A-Za-z0-9_]+$'),
    created_at text not null,
    constraint pk_stripe_customers primary key (tenant_id, stripe_account_id, member_id)
  )`,
  `alter table stripe_customers enable row level security`,
  `alter table stripe_customers force row level security`,
  `create policy tenant_isolation on stripe_customers
    using (tenant_id = ${CURRENT_TENANT}) with check (tenant_id = ${CURRENT_TENANT})`,
  `grant select, insert on stripe_customers to studio_app`,
];

export const savedCardsMigration: SchemaMigration = {
  name: '20261204121100_saved_cards',
  up: ({ db }) =>
    runStatements(db, [
      ...intentColumns,
      ...customers,
      ...savedCardsCapturedTables.flatMap((table) => [
        ...captureStatements(table),
        captureFunction(table),
      ]),
      ...savedCardsTenantTables.flatMap((table) => [
        ...forceRowSecurity(table),
        tenantPolicy(table),
        `grant select, insert, update, delete on ${table} to studio_app`,
      ]),
    ]),
};
