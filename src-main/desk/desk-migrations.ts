import { sql } from 'kysely';
import type { SchemaMigration } from '../../src-shared/schema/schema-migration';

/**
 * Tables only the desk has: its outbox, its sync bookkeeping and staff sign-in attempts.
 * Append only, like the shared migrations; they run after them with their own bookkeeping.
 */
export const deskMigrations: readonly SchemaMigration[] = [
  {
    name: '20261126140000_desk_sync_bookkeeping',
    async up({ db }) {
      // One row per mutation run at this desk, in the order it ran (R1.2).
      await db.schema
        .createTable('desk_outbox')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('args', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('pending', 'applied', 'refused')`),
        )
        .addColumn('refusal_code', 'text')
        .addColumn('refusal_reason', 'text')
        // Staff dismiss a refused mutation once they have dealt with it.
        .addColumn('dismissed_at', 'text')
        .execute();
      await db.schema
        .createIndex('ix_desk_outbox_status')
        .on('desk_outbox')
        .columns(['status', 'seq'])
        .execute();
      // A single row: where pull has reached and what the server has acknowledged.
      await db.schema
        .createTable('desk_sync_state')
        .addColumn('singleton', 'integer', (c) => c.primaryKey().check(sql`singleton = 1`))
        .addColumn('checkpoint', 'integer', (c) => c.notNull())
        .addColumn('head_position', 'integer', (c) => c.notNull())
        .addColumn('last_acked_seq', 'integer', (c) => c.notNull())
        .addColumn('last_sync_at', 'text')
        .addColumn('last_error', 'text')
        .execute();
      await sql`insert into desk_sync_state (singleton, checkpoint, head_position, last_acked_seq)
        values (1, 0, 0, 0)`.execute(db);
      await db.schema
        .createTable('desk_pin_attempts')
        .addColumn('member_id', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'integer')
        .execute();
      await db.schema
        .createTable('desk_staff_session')
        .addColumn('singleton', 'integer', (c) => c.primaryKey().check(sql`singleton = 1`))
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('signed_in_at', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  {
    name: '20261126160000_member_search_indexes',
    async up({ db }) {
      // member.find answers each keystroke with range scans on these; without them every
      // keystroke reads all members' JSON. The desk is where staff search, so only the desk
      // carries them (the server's schema stays the shared one).
      for (const field of ['firstName', 'lastName']) {
        await sql`create index ${sql.id(`ix_desk_members_${field.toLowerCase()}`)}
          on tenant_members (tenant_id, lower(profile ->> ${sql.lit(field)}))`.execute(db);
      }
    },
  },
];
