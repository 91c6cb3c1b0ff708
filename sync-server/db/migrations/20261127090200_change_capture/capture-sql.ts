import type { CapturedTable } from './captured-tables';

// Frozen with migration 20261127090200: never edit. Later migrations that capture new
// tables carry their own copy, so this text always builds what the migration built.

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

/**
 * A member row brings its user into the tenant, so a desk holds the users of its members.
 * Whether the user is still visible (a member removed) is decided by pull, which sends a
 * tombstone for a user the tenant can no longer see.
 */
const usersOfMembers: Source = (rows) =>
  `select r.tenant_id, r.user_id::text as row_key, 0::smallint as deleted from ${rows} r`;

/**
 * One statement that records a set of changes: it takes the next positions of each tenant
 * involved by bumping its counter row (the row lock is held to commit, so positions follow
 * commit order: R4.1), upserts the latest position of each row key, and notifies listening
 * servers (R5.1). Counters are bumped once per tenant per statement, whatever the row count.
 */
function recordChanges(tableName: string, source: string): string {
  return `with captured_rows as (${source}),
    changed as (
      select distinct on (tenant_id, row_key) tenant_id, row_key, deleted
        from captured_rows order by tenant_id, row_key, deleted
    ),
    counts as (select tenant_id, count(*) as n from changed group by tenant_id),
    bumped as (
      -- in tenant order, so two statements spanning several tenants cannot deadlock
      insert into sync_positions as p (tenant_id, position)
      select tenant_id, n from counts order by tenant_id
      on conflict (tenant_id) do update set position = p.position + excluded.position
      returning p.tenant_id, p.position
    ),
    recorded as (
      insert into sync_changes as s (tenant_id, table_name, row_key, position, deleted)
      select c.tenant_id, '${tableName}', c.row_key,
             b.position - k.n + row_number() over (partition by c.tenant_id order by c.row_key),
             c.deleted
        from changed c join counts k using (tenant_id) join bumped b using (tenant_id)
      on conflict (tenant_id, table_name, row_key)
        do update set position = excluded.position, deleted = excluded.deleted
    )
    select count(pg_notify('studio_sync',
             json_build_object('tenantId', b.tenant_id, 'position', b.position)::text))
      into notified from bumped b;`;
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

/** The capture function of one table and the triggers that run it once per statement. */
export function captureStatements(table: CapturedTable): string[] {
  const fn = `sync_capture_${table.name}`;
  const bodies: string[] = [];
  if (table.name === 'tenant_members') bodies.push(recordEveryOperation('users', usersOfMembers));
  bodies.push(
    recordEveryOperation(
      table.name,
      table.tenant === 'members' ? usersInTheirTenants : ownRows(table),
    ),
  );
  return [
    `create function ${fn}() returns trigger
       language plpgsql security definer
       set search_path = pg_catalog, public, pg_temp
     as $capture$
     declare
       notified bigint;
     begin
       ${bodies.join('\n')}
       return null;
     end
     $capture$`,
    // Runs as studio_definer, which may write the change log of any tenant: the users
    // fan-out crosses tenants, and studio_app itself may only read the log.
    `alter function ${fn}() owner to studio_definer`,
    `revoke all on function ${fn}() from public`,
    `create trigger sync_capture_insert after insert on ${table.name}
       referencing new table as new_rows for each statement execute function ${fn}()`,
    `create trigger sync_capture_update after update on ${table.name}
       referencing old table as old_rows new table as new_rows
       for each statement execute function ${fn}()`,
    `create trigger sync_capture_delete after delete on ${table.name}
       referencing old table as old_rows for each statement execute function ${fn}()`,
    `create trigger sync_refuse_truncate before truncate on ${table.name}
       for each statement execute function sync_refuse_truncate()`,
  ];
}

/** TRUNCATE fires no row triggers: it would change rows behind the change log's back. */
export const refuseTruncateFunction = `create function sync_refuse_truncate() returns trigger
  language plpgsql as $refuse$
  begin
    raise exception 'truncate of % bypasses the sync change log; delete the rows instead',
      tg_table_name;
  end
  $refuse$`;
