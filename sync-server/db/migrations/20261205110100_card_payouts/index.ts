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

/** The synced tables the shared migration 20261205110000_card_payouts created. */
export const cardPayoutsCapturedTables: readonly CapturedTable[] = [
  { name: 'card_payouts', keyColumns: ['id'], tenant: 'tenant_id' },
  { name: 'card_balance_lines', keyColumns: ['id'], tenant: 'tenant_id' },
];

/** Their tenant tables, under the tenant policy like every other (R7.1). */
export const cardPayoutsTenantTables = ['card_payouts', 'card_balance_lines'] as const;

/**
 * Server-only: the payouts whose balance transactions the payout job has listed
 * (`balance_transactions?payout=po_…`). A payout's contents are fixed when Stripe makes
 * it, so each is listed once, whichever server or run gets there first.
 */
const listedPayouts = [
  `create table card_payout_listings (
    tenant_id uuid not null references tenants (id),
    payout_id text not null check (payout_id ~ '^po_[A-Za-z0-9_]+$'),
    listed_at text not null,
    constraint pk_card_payout_listings primary key (tenant_id, payout_id)
  )`,
  `alter table card_payout_listings enable row level security`,
  `alter table card_payout_listings force row level security`,
  `create policy tenant_isolation on card_payout_listings
    using (tenant_id = ${CURRENT_TENANT}) with check (tenant_id = ${CURRENT_TENANT})`,
  `grant select, insert on card_payout_listings to studio_app`,
];

/**
 * Change capture (R4.1) and row-level security (R7.1) for Stripe's payouts and balance
 * lines: the rows the payout job writes reach every desk by pull, read-only (no mutation
 * writes them).
 */
export const cardPayoutsMigration: SchemaMigration = {
  name: '20261205110100_card_payouts',
  up: ({ db }) =>
    runStatements(db, [
      ...cardPayoutsCapturedTables.flatMap((table) => [
        ...captureStatements(table),
        captureFunction(table),
      ]),
      ...cardPayoutsTenantTables.flatMap((table) => [
        ...forceRowSecurity(table),
        tenantPolicy(table),
        `grant select, insert, update, delete on ${table} to studio_app`,
      ]),
      ...listedPayouts,
    ]),
};
