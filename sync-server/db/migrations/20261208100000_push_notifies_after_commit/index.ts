import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit.

/**
 * The commit-time position assignment of 20261203090000, unchanged but for its NOTIFY,
 * which it leaves out when the transaction set app.notify_after_commit to 'on'.
 *
 * Why: Postgres serialises the commits of every transaction that notifies on one global
 * lock, held until the commit record is flushed to disk. With a pg_notify in every push's
 * commit, pushes of all studios committed one fsync at a time (issue 21: without it the
 * hand-written sale baseline ran 1.2–1.5× faster). Group commit sets the flag and notifies
 * after its commit instead, in a transaction of its own that does not wait for the disk
 * (a poke is advisory: desks also pull on a timer). Every other writer notifies as before.
 */
const assignPositionsFunction = `create or replace function sync_assign_positions() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public, pg_temp
as $assign$
declare
  pending record;
  changed bigint;
  head bigint;
  notify boolean := coalesce(current_setting('app.notify_after_commit', true), '') <> 'on';
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
    if notify then
      perform pg_notify('studio_sync',
        json_build_object('tenantId', pending.tenant_id, 'position', head)::text);
    end if;
  end loop;
  return null;
end
$assign$`;

export const pushNotifiesAfterCommitMigration: SchemaMigration = {
  name: '20261208100000_push_notifies_after_commit',
  up: ({ db }) => runStatements(db, [assignPositionsFunction]),
};
