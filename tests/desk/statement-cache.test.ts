import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src-main/store/statement-cache';

interface Db {
  items: { id: Generated<number>; name: string };
}

/** The desk's Kysely path keeps statements prepared (B6, issue 21) without changing answers. */
describe('the desk statement cache', () => {
  let sqlite: BetterSqlite3.Database;
  let prepared: string[];

  const open = (limit?: number) => {
    sqlite = new BetterSqlite3(':memory:');
    prepared = [];
    const prepare = sqlite.prepare.bind(sqlite);
    // Counts what reaches SQLite's prepare: a kept statement does not.
    sqlite.prepare = (text: string) => {
      prepared.push(text);
      return prepare(text);
    };
    const db = new Kysely<Db>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite, limit) }),
    });
    return db;
  };

  afterEach(() => {
    if (sqlite.open) sqlite.close();
  });

  it('prepares a repeated query once and answers each run with its own parameters', async () => {
    const db = open();
    await sql`create table items (id integer primary key, name text not null)`.execute(db);
    for (const name of ['mat', 'towel', 'strap']) {
      await db.insertInto('items').values({ name }).execute();
    }
    const byId = (id: number) =>
      db.selectFrom('items').select('name').where('id', '=', id).executeTakeFirst();
    expect(await byId(1)).toEqual({ name: 'mat' });
    expect(await byId(3)).toEqual({ name: 'strap' });
    expect(await byId(9)).toBeUndefined();
    const select = prepared.filter((text) => text.startsWith('select'));
    const insert = prepared.filter((text) => text.startsWith('insert'));
    expect(select).toHaveLength(1);
    expect(insert).toHaveLength(1);
  });

  it('sees a column added after a select * was kept', async () => {
    const db = open();
    await sql`create table items (id integer primary key, name text not null)`.execute(db);
    await db.insertInto('items').values({ name: 'mat' }).execute();
    const all = () => db.selectFrom('items').selectAll().execute();
    expect(await all()).toEqual([{ id: 1, name: 'mat' }]);
    sqlite.exec(`alter table items add column colour text not null default 'blue'`);
    expect(await all()).toEqual([{ id: 1, name: 'mat', colour: 'blue' }]);
  });

  it('hands out a fresh statement while the kept one is still iterating', () => {
    open();
    sqlite.exec(`create table items (id integer primary key, name text not null)`);
    sqlite.exec(`insert into items (name) values ('mat'), ('towel')`);
    const cached = withStatementCache(sqlite);
    const text = 'select name from items order by id';
    const streaming = cached.prepare(text);
    const rows = streaming.iterate([]);
    expect(rows.next().value).toEqual({ name: 'mat' });
    // The same text again mid-stream (a nested read): it must not reuse the busy statement.
    const nested = cached.prepare(text);
    expect(nested).not.toBe(streaming);
    expect(nested.all([])).toEqual([{ name: 'mat' }, { name: 'towel' }]);
    expect(rows.next().value).toEqual({ name: 'towel' });
    expect(rows.next().done).toBe(true);
    // Done iterating, the kept one serves again.
    expect(cached.prepare(text)).toBe(streaming);
  });

  it('drops the least recently used statement past its limit', async () => {
    const db = open(2);
    const one = (n: number) => sql`select ${sql.lit(n)} as n`.execute(db);
    await one(1);
    await one(2);
    await one(1);
    await one(3); // evicts 2, the least recently used
    await one(1);
    await one(2);
    expect(prepared).toEqual(['select 1 as n', 'select 2 as n', 'select 3 as n', 'select 2 as n']);
  });

  it('stays within its limit however many texts pass, keeping the ones in use', async () => {
    const db = open(3);
    const one = (n: number) => sql`select ${sql.lit(n)} as n`.execute(db);
    for (let n = 1; n <= 20; n++) {
      await one(n);
      await one(0); // used between every new text: never the oldest, never dropped
    }
    expect(prepared.filter((text) => text === 'select 0 as n')).toHaveLength(1);
    // With room for 3, only the two newest besides the kept one are still prepared.
    prepared.length = 0;
    for (const n of [19, 20, 0]) await one(n);
    expect(prepared).toEqual([]);
    await one(18);
    expect(prepared).toEqual(['select 18 as n']);
  });

  it('answers each run with its own parameters from one kept statement', async () => {
    const db = open();
    await sql`create table items (id integer primary key, name text not null)`.execute(db);
    const names = Array.from({ length: 50 }, (_, i) => `item ${i}`);
    for (const name of names) await db.insertInto('items').values({ name }).execute();
    const byName = (name: string) =>
      db.selectFrom('items').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const ids = await Promise.all(names.map(byName));
    expect(ids.map((row) => row.id)).toEqual(names.map((_, i) => i + 1));
    expect(prepared.filter((text) => text.startsWith('select'))).toHaveLength(1);
  });
});
