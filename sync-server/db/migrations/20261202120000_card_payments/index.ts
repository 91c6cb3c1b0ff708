import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { CURRENT_TENANT } from '../20261127090300_row_level_security/policy-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; change these tables in a later migration.

/** Same fixed-width UTC text as every other timestamp, so they compare as text. */
const ISO = `'^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9][.][0-9]{3}Z$'`;

const DEFINER = `security definer set search_path = pg_catalog, public, pg_temp`;

/**
 * Card payments through Stripe Terminal (issue 6). None of these tables is synced and none
 * holds card data: Stripe keeps that; we keep ids, amounts, statuses and decline reasons.
 */
const tables = [
  // Every PaymentIntent the server created for a desk: who asked, for which checkout, and
  // what Stripe last said about it. The desk's card `payments` row is reconciled against it.
  `create table card_payment_intents (
    tenant_id uuid not null references tenants (id),
    id text not null check (id ~ '^pi_[A-Za-z0-9_]+$'),
    stripe_account_id text not null,
    checkout_id uuid not null,
    device_id uuid not null,
    amount bigint not null check (amount > 0),
    currency text not null check (currency ~ '^[a-z]{3}$'),
    status text not null,
    amount_received bigint not null default 0 check (amount_received >= 0),
    failure_code text,
    failure_message text,
    reconciliation text not null default 'open'
      check (reconciliation in ('open', 'matched', 'flagged')),
    payment_id uuid,
    created_at text not null check (created_at ~ ${ISO}),
    updated_at text not null check (updated_at ~ ${ISO}),
    constraint pk_card_payment_intents primary key (tenant_id, id),
    constraint ux_card_payment_intents_checkout unique (tenant_id, checkout_id),
    constraint fk_card_payment_intents_device foreign key (tenant_id, device_id)
      references devices (tenant_id, id)
  )`,
  // One Stripe refund per negative card payment a desk recorded as pending (pos.refund).
  `create table card_refunds (
    tenant_id uuid not null references tenants (id),
    payment_id uuid not null,
    payment_intent_id text not null,
    stripe_refund_id text,
    amount bigint not null check (amount > 0),
    status text not null check (status in ('pending', 'succeeded', 'failed')),
    failure_message text,
    created_at text not null check (created_at ~ ${ISO}),
    updated_at text not null check (updated_at ~ ${ISO}),
    constraint pk_card_refunds primary key (tenant_id, payment_id)
  )`,
  `create index ix_card_refunds_intent on card_refunds (tenant_id, payment_intent_id)`,
  // Webhook events already handled: written in the transaction that handles the event, so
  // a redelivered event is recognised and changes nothing (exactly once).
  `create table stripe_webhook_events (
    tenant_id uuid not null references tenants (id),
    id text not null check (id ~ '^evt_[A-Za-z0-9_]+$'),
    type text not null,
    received_at text not null check (received_at ~ ${ISO}),
    constraint pk_stripe_webhook_events primary key (tenant_id, id)
  )`,
];

const appRights: readonly (readonly [string, string])[] = [
  ['card_payment_intents', 'select, insert, update'],
  ['card_refunds', 'select, insert, update'],
  ['stripe_webhook_events', 'select, insert'],
];

const rowSecurity = appRights.flatMap(([table, rights]) => [
  `alter table ${table} enable row level security`,
  // Without FORCE the table owner, who migrates and may run admin commands, is exempt.
  `alter table ${table} force row level security`,
  `create policy tenant_isolation on ${table}
    using (tenant_id = ${CURRENT_TENANT}) with check (tenant_id = ${CURRENT_TENANT})`,
  `grant ${rights} on ${table} to studio_app`,
]);

/**
 * A webhook names the connected account, not the tenant: the tenant is found before any
 * tenant is set, like a device token's (a definer lookup; studio_definer reads tenants).
 */
const SIGNATURE = 'studio_tenant_id_by_stripe_account(text)';
const lookup = [
  `create function studio_tenant_id_by_stripe_account(p_account text)
  returns uuid language sql stable ${DEFINER}
as $account$
  select id from tenants where stripe_account_id = p_account order by created_at limit 1
$account$`,
  `alter function ${SIGNATURE} owner to studio_definer`,
  `revoke all on function ${SIGNATURE} from public`,
  `grant execute on function ${SIGNATURE} to studio_app`,
  `do $$
   begin
     if not (select rolsuper from pg_catalog.pg_roles where rolname = current_user) then
       execute format('grant execute on function ${SIGNATURE} to %I', current_user);
     end if;
   end $$`,
];

export const cardPaymentsMigration: SchemaMigration = {
  name: '20261202120000_card_payments',
  up: ({ db }) => runStatements(db, [...tables, ...rowSecurity, ...lookup]),
};
