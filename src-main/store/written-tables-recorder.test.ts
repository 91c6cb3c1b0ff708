import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WrittenTablesRecorder } from './written-tables-recorder';

interface Tables {
  products: { id: string; name: string };
  bookings: { id: string; status: string };
  desk_outbox: { seq: number };
}

describe('WrittenTablesRecorder (R6.4)', () => {
  let db: Kysely<Tables>;

  beforeEach(async () => {
    db = new Kysely<Tables>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }),
    });
    await sql`create table products (id text primary key, name text)`.execute(db);
    await sql`create table bookings (id text primary key, status text)`.execute(db);
    await sql`create table desk_outbox (seq integer primary key)`.execute(db);
  });
  afterEach(() => db.destroy());

  it('names the synced tables a mutation inserts into, updates and deletes from', async () => {
    const recorder = new WrittenTablesRecorder();
    const watched = db.withPlugin(recorder);
    await watched.selectFrom('products').selectAll().execute();
    expect(recorder.toColumn()).toBe('[]');
    await watched.insertInto('products').values({ id: 'p1', name: 'Mat' }).execute();
    await watched.updateTable('bookings as b').set({ status: 'cancelled' }).execute();
    await watched.deleteFrom('products').where('id', '=', 'p2').execute();
    // Not a synced table: the desk's own bookkeeping is never compared with the server.
    await watched.insertInto('desk_outbox').values({ seq: 1 }).execute();
    await sql`select count(*) from bookings`.execute(watched);
    expect(recorder.toColumn()).toBe('["bookings","products"]');
  });

  it('answers "unknown" after a raw statement that may write', async () => {
    const recorder = new WrittenTablesRecorder();
    const watched = db.withPlugin(recorder);
    await watched.insertInto('products').values({ id: 'p1', name: 'Mat' }).execute();
    await sql`update bookings set status = 'x'`.execute(watched);
    expect(recorder.toColumn()).toBeNull();
  });
});
