import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { captureStatements } from '../20261127090200_change_capture/capture-sql';
import type { CapturedTable } from '../20261127090200_change_capture/captured-tables';
import { forceRowSecurity, tenantPolicy } from '../20261127090300_row_level_security/policy-sql';
import { captureFunction } from '../20261203090000_commit_time_positions/capture-sql';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit; capture and secure new tables in a later migration.

/**
 * The synced tables the shared migration 20261206160000_chat_messages created (issue 20).
 * `chat_rooms` itself was captured and secured from the seed; that migration only added
 * columns to it, so its triggers and policy still hold.
 */
export const chatMessagesCapturedTables: readonly CapturedTable[] = [
  { name: 'chat_messages', keyColumns: ['id'], tenant: 'tenant_id' },
  // One marker per room and reader, keyed by both as the catalog keys it.
  { name: 'chat_reads', keyColumns: ['room_id', 'member_id'], tenant: 'tenant_id' },
];

/** Its tenant tables, under the tenant policy like every other (R7.1). */
export const chatMessagesTenantTables = ['chat_messages', 'chat_reads'] as const;

/** Change capture (R4.1) and row-level security (R7.1) for messages and read markers. */
export const chatMessagesMigration: SchemaMigration = {
  name: '20261206160100_chat_messages',
  up: ({ db }) =>
    runStatements(db, [
      ...chatMessagesCapturedTables.flatMap((table) => [
        ...captureStatements(table),
        captureFunction(table),
      ]),
      ...chatMessagesTenantTables.flatMap((table) => [
        ...forceRowSecurity(table),
        tenantPolicy(table),
        `grant select, insert, update, delete on ${table} to studio_app`,
      ]),
    ]),
};
