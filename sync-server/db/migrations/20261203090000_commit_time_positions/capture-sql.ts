import type { CapturedTable } from '../20261127090200_change_capture/captured-tables';

// Frozen with migration 20261203090000: never edit. It replaces the bodies of the capture
// functions of 20261127090200; the triggers that call them stay as they were.

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
 * One statement that records a set of changes without a position: the row keys are upserted
 * with position NULL and a capture order from a sequence (a sequence takes no lock a
 * transaction holds), and the tenants are registered as pending for this transaction. The
 * positions are taken at commit by `sync_assign_positions` in capture order, so a parent row
 * still comes before its children, and writers of one studio no longer queue behind each
 * other's counter lock for their whole transaction.
 */
function recordChanges(tableName: string, source: string): string {
  return `with captured_rows as (${source}),
    changed as (
      select distinct on (tenant_id, row_key) tenant_id, row_key, deleted
        from captured_rows order by tenant_id, row_key, deleted
    ),
    recorded as (
      insert into sync_changes as s
        (tenant_id, table_name, row_key, position, capture_order, deleted)
      select c.tenant_id, '${tableName}', c.row_key, null, nextval('sync_capture_order'), c.deleted
        from changed c
      on conflict (tenant_id, table_name, row_key) do update
        set position = null, capture_order = excluded.capture_order, deleted = excluded.deleted
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

/**
 * Runs once per pending tenant row, deferred to commit. The first run of a transaction
 * numbers the NULL rows of every tenant the transaction touched, in tenant order so two
 * transactions spanning several tenants cannot deadlock; later runs find nothing left. The
 * counter row's lock is taken here and held to commit, so positions follow commit order
 * (R4.1). Uncommitted NULL rows of other transactions are invisible, so only this
 * transaction's rows are numbered. One notification per tenant tells servers (R5.1).
 */
export const assignPositionsFunction = `create function sync_assign_positions() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public, pg_temp
as $assign$
declare
  pending record;
  changed bigint;
  head bigint;
begin
  for pending in
    with taken as (
      delete from sync_pending_tenants where xact_id = pg_current_xact_id() returning tenant_id
    )
    select tenant_id from taken order by tenant_id
  loop
    select count(*) into changed from sync_changes
     where tenant_id = pending.tenant_id and position is null;
    -- A savepoint rolled back after the tenant was registered can leave nothing to number.
    continue when changed = 0;
    insert into sync_positions as p (tenant_id, position) values (pending.tenant_id, changed)
      on conflict (tenant_id) do update set position = p.position + excluded.position
      returning p.position into head;
    update sync_changes s set position = head - changed + o.n, capture_order = null
      from (
        select table_name, row_key, row_number() over (order by capture_order) as n
          from sync_changes where tenant_id = pending.tenant_id and position is null
      ) o
     where s.tenant_id = pending.tenant_id and s.table_name = o.table_name
       and s.row_key = o.row_key;
    perform pg_notify('studio_sync',
      json_build_object('tenantId', pending.tenant_id, 'position', head)::text);
  end loop;
  return null;
end
$assign$`;
