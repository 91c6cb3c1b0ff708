import { sql } from 'kysely';
import type { SchemaMigration } from '../../src-shared/schema/schema-migration';
import { jsonChecksAllowNullMigration } from './json-checks-migration';

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
  {
    name: '20261203120000_drift_check',
    async up({ db }) {
      // R6.4: what each mutation wrote, so its tables are checked once it is acknowledged.
      await db.schema.alterTable('desk_outbox').addColumn('tables_written', 'text').execute();
      // Mutations acknowledged before this migration are not checked after the fact.
      await db.schema
        .alterTable('desk_sync_state')
        .addColumn('drift_checked_seq', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update desk_sync_state set drift_checked_seq = last_acked_seq`.execute(db);
      await db.schema
        .createTable('desk_drift_touched')
        .addColumn('table_name', 'text', (c) => c.primaryKey())
        .addColumn('touches', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('desk_drift_problems')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('table_name', 'text', (c) => c.notNull())
        .addColumn('row_key', 'text', (c) => c.notNull())
        .addColumn('detected_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .execute();
      // One open problem per row; resolved ones stay as history.
      await sql`create unique index ix_desk_drift_problems_open
        on desk_drift_problems (table_name, row_key) where resolved_at is null`.execute(db);
    },
  },
  {
    name: '20261203160000_forget_stripe_ids',
    async up({ db }) {
      // These Stripe ids became server-only (R4.6) and nothing at the desk reads them, so a
      // desk that pulled them before keeps no copy; the server's is the only one. Pulls leave
      // server-only columns alone, so without this the old values would stay forever.
      await sql`update tenants set stripe_account_id = null
        where stripe_account_id is not null`.execute(db);
      await sql`update subscriptions set stripe_subscription_id = null
        where stripe_subscription_id is not null`.execute(db);
    },
  },
  jsonChecksAllowNullMigration,
  {
    name: '20261203180000_desk_card_captures',
    async up({ db }) {
      // R8.2: the PaymentIntents this desk saw captured, so a desk restarted between the
      // capture and the sale still records the card tender; the sale that used one is named
      // in the same transaction as the sale, so an intent pays for at most one sale.
      await db.schema
        .createTable('desk_card_captures')
        .addColumn('payment_intent_id', 'text', (c) => c.primaryKey())
        .addColumn('captured_at', 'text', (c) => c.notNull())
        .addColumn('sale_mutation_id', 'text')
        .execute();
    },
  },
  {
    name: '20261204031000_desk_held_sales',
    async up({ db }) {
      // Issue 17 item 6: a sale rung up but not paid survives a lock, a staff switch and a
      // restart. Desk-local and never synced: nothing is sold until pos.sale runs. The open
      // sale is one row (`slot` 1); parked sales are many, each under a staff-given label.
      await db.schema
        .createTable('desk_open_sale')
        .addColumn('slot', 'integer', (c) => c.primaryKey().check(sql`slot = 1`))
        .addColumn('sale', 'text', (c) => c.notNull())
        .addColumn('saved_by', 'text', (c) => c.notNull())
        .addColumn('saved_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('desk_parked_sales')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('sale', 'text', (c) => c.notNull())
        .addColumn('parked_by', 'text', (c) => c.notNull())
        .addColumn('parked_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
];
