import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; change this table and function in a later migration.

/** Same fixed-width UTC text as every other timestamp, so they compare as text. */
const ISO = `'^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9][.][0-9]{3}Z$'`;

const DEFINER = `security definer set search_path = pg_catalog, public, pg_temp`;

/**
 * One-time codes that let a desk create a studio from nothing (issue 16). A code belongs to
 * no tenant (it makes one), so the table is platform-wide like platform_config: studio_app
 * gets no right on it, and it is reached only through the definer function below.
 */
const table = `create table setup_codes (
    code_hash text primary key check (code_hash ~ '^[0-9a-f]{64}$'),
    expires_at text not null check (expires_at ~ ${ISO}),
    used_at text check (used_at ~ ${ISO}),
    used_by_tenant_id uuid,
    created_at text not null check (created_at ~ ${ISO}),
    check ((used_at is null) = (used_by_tenant_id is null))
  )`;

/**
 * Spends a code for the tenant being created, inside that tenant's transaction: the row lock
 * makes a second, concurrent use wait and then see the code spent, and a setup that fails
 * later rolls the spending back with everything else. Answers 'claimed', 'used', 'expired' or
 * 'unknown'; only 'claimed' changed anything.
 */
const SIGNATURE = 'studio_claim_setup_code(text, text, uuid)';
const claim = `create function studio_claim_setup_code(p_code_hash text, p_now text, p_tenant uuid)
  returns text language plpgsql ${DEFINER}
as $claim$
declare
  found_code setup_codes%rowtype;
begin
  select * into found_code from setup_codes where code_hash = p_code_hash for update;
  if not found then
    return 'unknown';
  end if;
  if found_code.used_at is not null then
    return 'used';
  end if;
  if found_code.expires_at <= p_now then
    return 'expired';
  end if;
  update setup_codes set used_at = p_now, used_by_tenant_id = p_tenant
   where code_hash = p_code_hash;
  return 'claimed';
end
$claim$`;

/**
 * The same answer without spending the code ('usable' for a code that would be claimed), so
 * a wrong code is refused before the owner's PIN is hashed: guessing costs the server no
 * scrypt. The claim above still decides.
 */
const STATE_SIGNATURE = 'studio_setup_code_state(text, text)';
const state = `create function studio_setup_code_state(p_code_hash text, p_now text)
  returns text language sql stable ${DEFINER}
as $state$
  select coalesce((
    select case
             when used_at is not null then 'used'
             when expires_at <= p_now then 'expired'
             else 'usable'
           end
      from setup_codes where code_hash = p_code_hash), 'unknown')
$state$`;

export const setupCodesMigration: SchemaMigration = {
  name: '20261203200200_setup_codes',
  up: ({ db }) =>
    runStatements(db, [
      table,
      `grant select, update on setup_codes to studio_definer`,
      claim,
      `alter function ${SIGNATURE} owner to studio_definer`,
      `revoke all on function ${SIGNATURE} from public`,
      `grant execute on function ${SIGNATURE} to studio_app`,
      state,
      `alter function ${STATE_SIGNATURE} owner to studio_definer`,
      `revoke all on function ${STATE_SIGNATURE} from public`,
      `grant execute on function ${STATE_SIGNATURE} to studio_app`,
    ]),
};
