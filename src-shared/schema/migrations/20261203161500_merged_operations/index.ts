import { sql, type Kysely } from 'kysely';
import { createTables } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import { bookings, idAliases, reviewItems, stockMovements } from './merge-tables';

// Frozen with migration 20261203161500: never edit; change tables in a later migration.

/** Tables and columns for merges that keep every fact (PROTOCOL.md R9, issue 13). */
export const mergedOperationsTables = { idAliases, bookings, stockMovements, reviewItems };

const REVIEW_COLUMNS = Object.keys(reviewItems.columns).map((c) => sql.ref(c));

/**
 * SQLite cannot change a CHECK in place: the table is rebuilt under its own name, with the
 * same keys, checks and index the DDL builder gives every table, and its rows copied over.
 * Nothing points at review_items, so no foreign key has to follow the rename.
 */
async function rebuildReviewItemsOnSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`drop index ix_review_items_status`.execute(db);
  await sql`alter table review_items rename to review_items_before_merges`.execute(db);
  await createTables(db, 'sqlite', [reviewItems]);
  const columns = sql.join(REVIEW_COLUMNS);
  await sql`insert into review_items (${columns})
    select ${columns} from review_items_before_merges`.execute(db);
  await sql`drop table review_items_before_merges`.execute(db);
}

const kinds = sql.join((reviewItems.columns.kind.values ?? []).map((v) => sql.lit(v)));

export const mergedOperationsMigration: SchemaMigration = {
  name: '20261203161500_merged_operations',
  up: async ({ db, dialect }) => {
    await createTables(db, dialect, [idAliases]);
    if (dialect === 'sqlite') {
      // The same named CHECK the DDL builder gives SQLite id columns. No foreign key: SQLite
      // adds none to an existing table, and a two-column one (tenant_id, staff_id) would need
      // a rebuild of every booking. The desk writes only its signed-in actor here; the
      // server, where every desk's rows meet, holds the key.
      const staff = sql.ref('staff_id');
      await sql`alter table bookings add column ${staff} text
        constraint ${sql.ref('ck_bookings_staff_id')} check (length(${staff}) = 36)`.execute(db);
      await rebuildReviewItemsOnSqlite(db);
    } else {
      await sql`alter table bookings add column staff_id uuid`.execute(db);
      await sql`alter table bookings add constraint fk_bookings_staff_id
        foreign key (tenant_id, staff_id) references tenant_members (tenant_id, id)`.execute(db);
      await sql`alter table review_items drop constraint ck_review_items_kind`.execute(db);
      await sql`alter table review_items add constraint ck_review_items_kind
        check (kind in (${kinds}))`.execute(db);
    }
    await sql`alter table bookings add column device_id text`.execute(db);
    await sql`alter table stock_movements add column device_id text`.execute(db);
  },
};
