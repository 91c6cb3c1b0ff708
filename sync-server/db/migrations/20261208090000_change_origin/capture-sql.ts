import type { CapturedTable } from '../20261127090200_change_capture/captured-tables';

// Frozen with migration 20261208090000: never edit. It replaces the bodies of the capture
// functions of 20261203090000 with the same statements plus the change's origin device;
// the triggers that call them stay as they were. Later migrations that capture a new table
// use captureFunction from here.

/** A row source for the change log: the rows' tenant, wire key, and whether it went away. */
type Source = (rows: 'new_rows' | 'old_rows', deleted: 0 | 1) => string;

const keyExpression = (table: CapturedTable) =>
  table.keyColumns.map((column) => `r.${column}::text`).join(` || '|' || `);

function ownRows(table: CapturedTable): Source {
  const tenant = table.tenant === 'self' ? 'r.id' : 'r.tenant_id';
  return (rows, deleted) =>
    `select ${tenant} as tenant_id, ${keyExpression(table)} as row_key, ${deleted}::smallint as deleted
       from ${rows} r where ${tenant} is not null`;
}

/** users are global: a changed user is a change in every tenant it is a member of. */
const usersInTheirTenants: Source = (rows, deleted) =>
  `select m.tenant_id, r.id::text as row_key, ${deleted}::smallint as deleted
     from ${rows} r join tenant_members m on m.user_id = r.id`;

/** A member row brings its user into the tenant (see 20261127090200). */
const usersOfMembers: Source = (rows) =>
  `select r.tenant_id, r.user_id::text as row_key, 0::smallint as deleted from ${rows} r`;

/**
 * The device whose push wrote the change: push transactions set `app.device_id`
 * (transaction-local, like app.tenant_id); every other writer (jobs, webhooks, the console's
 * server-side work) leaves it unset, and its changes have no origin. Once a session has
 * set the setting, reading it outside such a transaction gives '', hence nullif.
 */
const ORIGIN_DEVICE = `nullif(current_setting('app.device_id', true), '')::uuid`;

/**
 * As in 20261203090000, plus `origin_device_id`: the latest writer of each logged row, so a
 * desk's pull can send a digest instead of a row the desk wrote itself (R4.8). A later
 * write by anyone else replaces it.
 */
function recordChanges(tableName: string, source: string): string {
  return `with captured_rows as (${source}),
    changed as (
      select distinct on (tenant_id, row_key) tenant_id, row_key, deleted
        from captured_rows order by tenant_id, row_key, deleted
    ),
    recorded as (
      insert into sync_changes as s
        (tenant_id, table_name, row_key, position, capture_order, deleted, origin_device_id)
      select c.tenant_id, '${tableName}', c.row_key, null, nextval('sync_capture_order'), c.deleted,
             ${ORIGIN_DEVICE}
        from changed c
      on conflict (tenant_id, table_name, row_key) do update
        set position = null, capture_order = excluded.capture_order, deleted = excluded.deleted,
            origin_device_id = excluded.origin_device_id
    )
    insert into sync_pending_tenants (tenant_id, xact_id)
    select distinct tenant_id, pg_current_xact_id() from changed
    on conflict do nothing;`;
}

function recordEveryOperation(tableName: string, source: Source): string {
  const updated = `${source('new_rows', 0)} union all ${source('old_rows', 1)}`;
  return `if tg_op = 'INSERT' then
      ${recordChanges(tableName, source('new_rows', 0))}
    elsif tg_op = 'DELETE' then
      ${recordChanges(tableName, source('old_rows', 1))}
    else
      ${recordChanges(tableName, updated)}
    end if;`;
}

/** The new body of one table's capture function; its triggers are left in place. */
export function captureFunction(table: CapturedTable): string {
  const bodies: string[] = [];
  if (table.name === 'tenant_members') bodies.push(recordEveryOperation('users', usersOfMembers));
  bodies.push(
    recordEveryOperation(
      table.name,
      table.tenant === 'members' ? usersInTheirTenants : ownRows(table),
    ),
  );
  return `create or replace function sync_capture_${table.name}() returns trigger
     language plpgsql security definer
     set search_path = pg_catalog, public, pg_temp
   as $capture$
   begin
     ${bodies.join('\n')}
     return null;
   end
   $capture$`;
}
