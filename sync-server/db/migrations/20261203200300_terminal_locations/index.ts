import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { forceRowSecurity, tenantPolicy } from '../20261127090300_row_level_security/policy-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; change this table in a later migration.

/** Same fixed-width UTC text as every other timestamp, so they compare as text. */
const ISO = `'^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9][.][0-9]{3}Z$'`;

/**
 * The Stripe Terminal location made for each studio location on the studio's connected
 * account (issue 16): made once, the first time a reader is registered there, and reused for
 * every later reader. Server-only and never synced, like the other card-payment tables.
 */
const table = `create table stripe_terminal_locations (
    tenant_id uuid not null references tenants (id),
    location_id uuid not null,
    stripe_account_id text not null,
    terminal_location_id text not null check (terminal_location_id ~ '^tml_[A-Za-z0-9_]+$'),
    created_at text not null check (created_at ~ ${ISO}),
    constraint pk_stripe_terminal_locations primary key (tenant_id, location_id, stripe_account_id)
  )`;

export const terminalLocationsMigration: SchemaMigration = {
  name: '20261203200300_terminal_locations',
  up: ({ db }) =>
    runStatements(db, [
      table,
      ...forceRowSecurity('stripe_terminal_locations'),
      tenantPolicy('stripe_terminal_locations'),
      `grant select, insert on stripe_terminal_locations to studio_app`,
    ]),
};
