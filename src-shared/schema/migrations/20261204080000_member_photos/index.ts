import { sql, type Kysely } from 'kysely';
import { createTables, type SqlDialectName } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import { MAX_PHOTO_BYTES, MAX_PHOTO_DATA_URL_CHARS, memberPhotos } from './member-photo-tables';

// Frozen with migration 20261204080000: never edit; change tables in a later migration.

/** Tables as member photos (issue 17 item 3) leave them: one new. */
export const memberPhotosTables = { memberPhotos };

/**
 * Size bounds the column specs cannot state. Named `bound_…`, not `ck_<table>_<column>`:
 * that name is the column's representation check, which schema introspection reads.
 */
const BOUNDS: readonly (readonly [string, string])[] = [
  [
    'bound_member_photos_data_url',
    `length("data_url") <= ${MAX_PHOTO_DATA_URL_CHARS} and substr("data_url", 1, 11) = 'data:image/'`,
  ],
  ['bound_member_photos_byte_size', `"byte_size" between 1 and ${MAX_PHOTO_BYTES}`],
];

/**
 * Adds the bounds to the new, still empty table. Postgres adds constraints in place; SQLite
 * cannot, so there the table is created again from its own DDL with the bounds appended
 * (nothing points at it yet and it has no indexes besides its primary key).
 */
async function addBounds(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const table = memberPhotos.name;
  if (dialect === 'postgres') {
    for (const [name, check] of BOUNDS) {
      await sql`alter table ${sql.table(table)} add constraint ${sql.ref(name)}
        check (${sql.raw(check)})`.execute(db);
    }
    return;
  }
  const created = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  const ddl = created.rows[0]?.sql.trimEnd();
  if (!ddl?.endsWith(')')) throw new Error(`${table} has no CREATE TABLE statement to extend`);
  const bounds = BOUNDS.map(([name, check]) => `, constraint "${name}" check (${check})`).join('');
  await sql`drop table ${sql.table(table)}`.execute(db);
  await sql.raw(`${ddl.slice(0, -1)}${bounds})`).execute(db);
}

export const memberPhotosMigration: SchemaMigration = {
  name: '20261204080000_member_photos',
  up: async ({ db, dialect }) => {
    await createTables(db, dialect, [memberPhotos]);
    await addBounds(db, dialect);
  },
};
