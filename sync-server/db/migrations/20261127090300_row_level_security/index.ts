import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { runStatements } from '../run-statements';
import { lookupFunctionStatements } from './lookup-functions';
import {
  automationPolicies,
  definerPolicies,
  forceRowSecurity,
  serverTenantTables,
  sharedTenantTables,
  tenantPolicy,
  usersPolicies,
} from './policy-sql';

// Frozen once landed: never edit; change policies and grants in a later migration.

const appGrants = [
  `grant usage on schema public to studio_app`,
  `grant select, insert, update, delete on ${[...sharedTenantTables, 'tenants', 'users', 'marketing_automations'].join(', ')} to studio_app`,
  ...serverTenantTables.map(({ name, appRights }) => `grant ${appRights} on ${name} to studio_app`),
  // platform_config is global and never synced: studio_app gets nothing on it.
];

const tenantTables = [...sharedTenantTables, ...serverTenantTables.map((t) => t.name)];

/**
 * Row-level security (R7.1), FORCEd on every table a tenant's rows live in, so a query
 * that forgets its tenant filter returns nothing rather than another studio's rows.
 */
export const rowLevelSecurityMigration: SchemaMigration = {
  name: '20261127090300_row_level_security',
  up: ({ db }) =>
    runStatements(db, [
      ...tenantTables.flatMap((table) => [...forceRowSecurity(table), tenantPolicy(table)]),
      ...forceRowSecurity('tenants'),
      tenantPolicy('tenants', 'id'),
      ...forceRowSecurity('users'),
      ...usersPolicies,
      ...forceRowSecurity('marketing_automations'),
      ...automationPolicies,
      ...definerPolicies,
      ...appGrants,
      ...lookupFunctionStatements,
    ]),
};
