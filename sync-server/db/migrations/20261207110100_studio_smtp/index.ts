import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { CURRENT_TENANT } from '../20261127090300_row_level_security/policy-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; change this table in a later migration.

/**
 * Server-only (issue 20, R20.5): the studio's own SMTP server, which its automations send
 * through instead of the platform's `smtp.default`. It holds the server's password, so it
 * is never captured for sync, never exported, and the desk is only told whether one is kept.
 * One row per studio; no row means the platform's server. `updated_by` is the owner who set
 * it from a desk, null when the platform's operator set it with `serverctl studio-smtp`.
 */
const studioSmtp = [
  `create table studio_smtp_settings (
    tenant_id uuid not null references tenants (id),
    host text not null check (length(host) between 1 and 253),
    port integer not null check (port between 1 and 65535),
    secure integer not null check (secure in (0, 1)),
    smtp_user text check (length(smtp_user) between 1 and 254),
    smtp_pass text check (length(smtp_pass) between 1 and 1000),
    from_address text not null check (length(from_address) between 3 and 320),
    updated_by uuid,
    updated_at text not null,
    constraint pk_studio_smtp_settings primary key (tenant_id)
  )`,
  `alter table studio_smtp_settings enable row level security`,
  `alter table studio_smtp_settings force row level security`,
  `create policy tenant_isolation on studio_smtp_settings
    using (tenant_id = ${CURRENT_TENANT}) with check (tenant_id = ${CURRENT_TENANT})`,
  `grant select, insert, update, delete on studio_smtp_settings to studio_app`,
];

export const studioSmtpMigration: SchemaMigration = {
  name: '20261207110100_studio_smtp',
  up: ({ db }) => runStatements(db, studioSmtp),
};
