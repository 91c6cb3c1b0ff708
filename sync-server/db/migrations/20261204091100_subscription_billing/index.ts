import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { captureStatements } from '../20261127090200_change_capture/capture-sql';
import type { CapturedTable } from '../20261127090200_change_capture/captured-tables';
import { forceRowSecurity, tenantPolicy } from '../20261127090300_row_level_security/policy-sql';
import { captureFunction } from '../20261203090000_commit_time_positions/capture-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; capture and secure new tables in a later migration.

/** The synced table the shared migration 20261204091000_subscription_billing created. */
export const subscriptionBillingCapturedTables: readonly CapturedTable[] = [
  { name: 'subscription_charges', keyColumns: ['id'], tenant: 'tenant_id' },
];

/** Its tenant table, under the tenant policy like every other (R7.1). */
export const subscriptionBillingTenantTables = ['subscription_charges'] as const;

const DEFINER = `security definer set search_path = pg_catalog, public, pg_temp`;

/**
 * The billing job crosses tenants: it asks which studios may have renewals to bill before
 * any tenant is set, then bills each inside its own tenant transaction. The answer is only
 * ids and whether a Stripe account is connected (studio_definer already reads tenants).
 */
const SIGNATURE = 'studio_billing_tenants()';
const billingTenants = [
  `create function studio_billing_tenants()
  returns table (tenant_id uuid, has_stripe_account boolean) language sql stable ${DEFINER}
as $tenants$
  select id, stripe_account_id is not null from tenants
  where status in ('active', 'trial') order by id
$tenants$`,
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

/**
 * Change capture (R4.1) and row-level security (R7.1) for subscription_charges: a renewal
 * the server charged reaches every desk by pull, like a row a desk wrote. The columns added
 * to subscriptions need nothing: capture copies the whole row and pull drops server-only
 * columns (R4.6).
 */
export const subscriptionBillingMigration: SchemaMigration = {
  name: '20261204091100_subscription_billing',
  up: ({ db }) =>
    runStatements(db, [
      ...subscriptionBillingCapturedTables.flatMap((table) => [
        ...captureStatements(table),
        captureFunction(table),
      ]),
      ...subscriptionBillingTenantTables.flatMap((table) => [
        ...forceRowSecurity(table),
        tenantPolicy(table),
        `grant select, insert, update, delete on ${table} to studio_app`,
      ]),
      ...billingTenants,
    ]),
};
