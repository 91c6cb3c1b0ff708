import type { SchemaMigration } from '../../../src-shared/schema/schema-migration';
import { runStatements } from './run-statements';

// Frozen once landed: never edit; change these tables in a later migration.

/** Same fixed-width UTC text as the shared timestamps, so every timestamp compares as text. */
const ISO = `'^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9][.][0-9]{3}Z$'`;

const statements = [
  `create table devices (
    tenant_id uuid not null references tenants (id),
    id uuid not null,
    name text not null,
    token_hash text not null,
    pending_token_hash text,
    status text not null check (status in ('active', 'revoked')),
    last_applied_seq bigint not null default 0 check (last_applied_seq >= 0),
    enrolled_at text not null check (enrolled_at ~ ${ISO}),
    last_seen_at text check (last_seen_at ~ ${ISO}),
    revoked_at text check (revoked_at ~ ${ISO}),
    constraint pk_devices primary key (tenant_id, id)
  )`,
  // Tokens are 256 random bits, so a lookup by hash alone cannot reveal another tenant's
  // devices; the indexes are not unique so that tenant_id can lead every unique key.
  `create index ix_devices_token_hash on devices (token_hash)`,
  `create index ix_devices_pending_token_hash on devices (pending_token_hash)
     where pending_token_hash is not null`,
  `create table enrollment_codes (
    tenant_id uuid not null references tenants (id),
    code_hash text not null,
    expires_at text not null check (expires_at ~ ${ISO}),
    used_at text check (used_at ~ ${ISO}),
    used_by_device_id uuid,
    created_by uuid,
    created_at text not null check (created_at ~ ${ISO}),
    constraint pk_enrollment_codes primary key (tenant_id, code_hash),
    constraint fk_enrollment_codes_created_by foreign key (tenant_id, created_by)
      references tenant_members (tenant_id, id)
  )`,
  `create index ix_enrollment_codes_code_hash on enrollment_codes (code_hash)`,
  `create table tenant_secrets (
    tenant_id uuid not null references tenants (id),
    pin_pepper text not null,
    created_at text not null check (created_at ~ ${ISO}),
    constraint pk_tenant_secrets primary key (tenant_id)
  )`,
  // The change log (R4.1). No foreign keys: these rows are written by the capture triggers
  // of every synced table, tenants included, and must never make a write fail.
  `create table sync_positions (
    tenant_id uuid not null,
    position bigint not null check (position >= 0),
    constraint pk_sync_positions primary key (tenant_id)
  )`,
  `create table sync_changes (
    tenant_id uuid not null,
    table_name text not null,
    row_key text not null,
    position bigint not null,
    deleted smallint not null check (deleted in (0, 1)),
    constraint pk_sync_changes primary key (tenant_id, table_name, row_key)
  )`,
  `create index ix_sync_changes_position on sync_changes (tenant_id, position)`,
  `create table mutation_log (
    tenant_id uuid not null references tenants (id),
    device_id uuid not null,
    seq bigint not null check (seq > 0),
    mutation_id uuid not null,
    name text not null,
    actor_id uuid not null,
    outcome text not null check (outcome in ('applied', 'refused')),
    code text,
    reason text,
    applied_at text not null check (applied_at ~ ${ISO}),
    constraint pk_mutation_log primary key (tenant_id, device_id, seq),
    constraint fk_mutation_log_device foreign key (tenant_id, device_id)
      references devices (tenant_id, id)
  )`,
  // A mutation re-sent under a new seq (a desk restored from a backup) is found by its id.
  `create index ix_mutation_log_mutation_id on mutation_log (tenant_id, mutation_id)`,
];

export const serverTablesMigration: SchemaMigration = {
  name: '20261127090000_server_tables',
  up: ({ db }) => runStatements(db, statements),
};
