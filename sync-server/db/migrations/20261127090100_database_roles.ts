import type { SchemaMigration } from '../../../src-shared/schema/schema-migration';
import { runStatements } from './run-statements';

// Frozen once landed: never edit; change roles in a later migration.

/**
 * Creates a cluster-wide role unless it exists. Several databases of one cluster (tests,
 * staging) share roles, and two of them may migrate at once: a concurrent creation surfaces
 * as duplicate_object or unique_violation, both of which mean "it exists now".
 */
const createRole = (name: string) => `do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = '${name}') then
    create role ${name} nologin nosuperuser nocreatedb nocreaterole noinherit nobypassrls;
  end if;
exception when duplicate_object or unique_violation then null;
end $$`;

/**
 * A role handed to us with BYPASSRLS would silently switch the tenant policies off (R7.1);
 * refuse to migrate rather than run without them.
 */
const refuseBypass = (name: string) => `do $$
begin
  if exists (select 1 from pg_catalog.pg_roles where rolname = '${name}' and (rolbypassrls or rolsuper)) then
    raise exception 'role ${name} bypasses row-level security; remove BYPASSRLS/SUPERUSER from it';
  end if;
end $$`;

/**
 * The login that migrates (and serves) must be able to SET ROLE to both roles and to hand
 * functions to studio_definer. A superuser already can; anyone else is granted membership.
 */
const grantToMigrator = `do $$
begin
  if not (select rolsuper from pg_catalog.pg_roles where rolname = current_user) then
    execute format('grant studio_app, studio_definer to %I', current_user);
  end if;
end $$`;

const statements = [
  // Every request's transaction runs as studio_app with app.tenant_id set (R7.1).
  createRole('studio_app'),
  // Owns the SECURITY DEFINER functions that must cross tenants: the change-capture
  // triggers (users fan out to every tenant of the user) and the pre-authentication
  // lookups (a token or an enrolment code names no tenant). Policies grant it only the
  // rows those functions touch.
  createRole('studio_definer'),
  refuseBypass('studio_app'),
  refuseBypass('studio_definer'),
  grantToMigrator,
];

export const databaseRolesMigration: SchemaMigration = {
  name: '20261127090100_database_roles',
  up: ({ db }) => runStatements(db, statements),
};
