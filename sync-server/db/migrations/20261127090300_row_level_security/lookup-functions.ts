// Frozen with migration 20261127090300: never edit; change these functions in a later migration.

const DEFINER = `security definer set search_path = pg_catalog, public, pg_temp`;

/**
 * A request's token names no tenant, so the device is found before any tenant is set. The
 * function returns only what authentication needs, promotes a rotated token on its first use
 * (R2.3: the old one stops working then) and records last_seen_at at most once per period.
 */
const authenticateDevice = `create function studio_authenticate_device(
    p_token_hash text, p_now text, p_seen_before text)
  returns table (device_id uuid, tenant_id uuid, status text)
  language plpgsql ${DEFINER}
as $auth$
#variable_conflict use_column
declare
  found_device devices%rowtype;
begin
  select d.* into found_device from devices d
   where d.token_hash = p_token_hash or d.pending_token_hash = p_token_hash
   limit 1;
  if not found then
    return;
  end if;
  if found_device.status = 'active' then
    if found_device.pending_token_hash = p_token_hash then
      update devices d
         set token_hash = p_token_hash, pending_token_hash = null, last_seen_at = p_now
       where d.tenant_id = found_device.tenant_id and d.id = found_device.id;
    elsif found_device.last_seen_at is null or found_device.last_seen_at < p_seen_before then
      update devices d set last_seen_at = p_now
       where d.tenant_id = found_device.tenant_id and d.id = found_device.id;
    end if;
  end if;
  return query select found_device.id, found_device.tenant_id, found_device.status;
end
$auth$`;

/** An enrolment code names no tenant either; an unused code wins over a spent one. */
const enrollmentCodeTenant = `create function studio_enrollment_code_tenant(p_code_hash text)
  returns uuid language sql stable ${DEFINER}
as $code$
  select tenant_id from enrollment_codes where code_hash = p_code_hash
   order by used_at is null desc, expires_at desc
   limit 1
$code$`;

/** Admin commands name a tenant by its slug. */
const tenantIdBySlug = `create function studio_tenant_id_by_slug(p_slug text)
  returns uuid language sql stable ${DEFINER}
as $slug$
  select id from tenants where slug = p_slug
$slug$`;

const signatures = [
  'studio_authenticate_device(text, text, text)',
  'studio_enrollment_code_tenant(text)',
  'studio_tenant_id_by_slug(text)',
];

export const lookupFunctionStatements = [
  authenticateDevice,
  enrollmentCodeTenant,
  tenantIdBySlug,
  `grant select, update on devices to studio_definer`,
  `grant select on enrollment_codes, tenants to studio_definer`,
  ...signatures.flatMap((signature) => [
    `alter function ${signature} owner to studio_definer`,
    `revoke all on function ${signature} from public`,
    `grant execute on function ${signature} to studio_app`,
  ]),
  // The login that serves calls them before it knows the tenant (a superuser needs no grant).
  `do $$
   begin
     if not (select rolsuper from pg_catalog.pg_roles where rolname = current_user) then
       execute format('grant execute on function ${signatures.join(', ')} to %I', current_user);
     end if;
   end $$`,
];
