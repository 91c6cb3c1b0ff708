import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { capturedTables } from '../20261127090200_change_capture/captured-tables';
import { runStatements } from '../run-statements';
import { assignPositionsFunction, captureFunction } from './capture-sql';

// Frozen once landed: never edit.

const pendingTenants = [
  // Unlogged would lose nothing (rows live only inside one transaction), but PGlite and
  // replicas treat unlogged tables differently; a plain table keeps one behaviour.
  `create table sync_pending_tenants (
    tenant_id uuid not null,
    xact_id xid8 not null,
    constraint pk_sync_pending_tenants primary key (xact_id, tenant_id)
  )`,
  `alter table sync_pending_tenants enable row level security`,
  `alter table sync_pending_tenants force row level security`,
  // Only the capture functions touch it; studio_app has no right on it at all.
  `create policy definer_capture on sync_pending_tenants for all to studio_definer
    using (true) with check (true)`,
  `grant select, insert, delete on sync_pending_tenants to studio_definer`,
  `alter table sync_changes alter column position drop not null`,
  // Set only while a row waits for its position: the order its transaction captured it in.
  `alter table sync_changes add column capture_order bigint`,
  `alter table sync_changes add constraint ck_sync_changes_numbered
    check ((position is null) = (capture_order is not null))`,
  `create sequence sync_capture_order`,
  `grant usage on sequence sync_capture_order to studio_definer`,
  // Finds a transaction's own not-yet-numbered rows at commit.
  `create index ix_sync_changes_unnumbered on sync_changes (tenant_id) where position is null`,
];

const assignAtCommit = [
  assignPositionsFunction,
  `alter function sync_assign_positions() owner to studio_definer`,
  `revoke all on function sync_assign_positions() from public`,
  `create constraint trigger sync_assign_positions after insert on sync_pending_tenants
    deferrable initially deferred for each row execute function sync_assign_positions()`,
];

/**
 * Commit-time positions (R4.1, issue 7's B3 and B5): capture writes row keys without a
 * position and a deferred trigger numbers them at commit. Before, the first captured write
 * of a push locked the studio's counter row until commit, so every push of a studio waited
 * for the one before it to finish all its mutations.
 */
export const commitTimePositionsMigration: SchemaMigration = {
  name: '20261203090000_commit_time_positions',
  up: ({ db }) =>
    runStatements(db, [
      ...pendingTenants,
      ...assignAtCommit,
      ...capturedTables.map(captureFunction),
    ]),
};
