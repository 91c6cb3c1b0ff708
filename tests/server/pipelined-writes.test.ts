import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settlePipelinedWrites } from '../../sync-server/db/pipelined-writes';
import { createPostgresDatabase, createPgliteDatabase } from '../support/test-databases';
import { countingKysely, errorOf, noTraffic, type ItemTables } from './support/counting-kysely';

const codeOf = (error: unknown) => (error as { code?: string }).code;

describe('pipelined writes on Postgres (issue 21)', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase<ItemTables>>>;
  let db: Kysely<ItemTables>;
  let awaited: Kysely<ItemTables>;
  const inFlight = noTraffic();
  const awaitedInFlight = noTraffic();

  beforeAll(async () => {
    database = await createPostgresDatabase<ItemTables>();
    await sql`create table items (id int primary key, label text not null)`.execute(database.db);
    db = countingKysely(database.url, { pipelines: true, connections: 2 }, inFlight);
    awaited = countingKysely(database.url, { pipelines: false, connections: 2 }, awaitedInFlight);
  });
  afterAll(async () => {
    await db.destroy();
    await awaited.destroy();
    await database.dispose();
  });
  beforeEach(async () => {
    await sql`truncate items`.execute(database.db);
    inFlight.most = 0;
    awaitedInFlight.most = 0;
  });

  const labels = async () =>
    (await database.db.selectFrom('items').select('label').orderBy('id').execute()).map(
      (r) => r.label,
    );

  it("sends a transaction's inserts without waiting, so they share the next statement's round trip", async () => {
    const counted = await db.transaction().execute(async (trx) => {
      for (let id = 1; id <= 5; id++) {
        await trx
          .insertInto('items')
          .values({ id, label: `item ${String(id)}` })
          .execute();
      }
      return trx
        .selectFrom('items')
        .select(sql<string>`count(*)::int`.as('n'))
        .executeTakeFirst();
    });
    expect(counted?.n).toBe(5);
    // begin, five inserts and the count, all sent before the first answer.
    expect(inFlight.most).toBe(7);
    expect(await labels()).toEqual(['item 1', 'item 2', 'item 3', 'item 4', 'item 5']);

    await awaited.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 6, label: 'item 6' }).execute();
      await trx.insertInto('items').values({ id: 7, label: 'item 7' }).execute();
    });
    expect(awaitedInFlight.most).toBe(1);
  });

  it("reports a failed insert's own error at the next statement, and commits nothing", async () => {
    const error = await errorOf(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 1, label: 'first' }).execute();
        await trx.insertInto('items').values({ id: 1, label: 'same id' }).execute();
        await trx.insertInto('items').values({ id: 2, label: 'after it' }).execute();
        await trx.selectFrom('items').selectAll().execute();
        return 'not reached';
      }),
    );
    expect(codeOf(error)).toBe('23505');
    expect(await labels()).toEqual([]);
  });

  it('reports the failure as itself at commit when no statement waited after it', async () => {
    const error = await errorOf(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 1, label: 'first' }).execute();
        await trx.insertInto('items').values({ id: 1, label: 'same id' }).execute();
      }),
    );
    expect(codeOf(error)).toBe('23505');
    expect(await labels()).toEqual([]);
    // The connection went back to the pool sound.
    await db
      .transaction()
      .execute((trx) => trx.insertInto('items').values({ id: 3, label: 'later' }).execute());
    expect(await labels()).toEqual(['later']);
  });

  it('settlePipelinedWrites reports the failure where a unit of work ends, and its savepoint undoes it', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 1, label: 'kept' }).execute();
      await sql`savepoint unit`.execute(trx);
      await trx.insertInto('items').values({ id: 1, label: 'same id' }).execute();
      expect(codeOf(await errorOf(settlePipelinedWrites(trx)))).toBe('23505');
      await sql`rollback to savepoint unit`.execute(trx);
      await trx.insertInto('items').values({ id: 2, label: 'after the unit' }).execute();
    });
    expect(await labels()).toEqual(['kept', 'after the unit']);
  });

  it('a rollback to a savepoint taken before a failed insert undoes it without reporting it', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 1, label: 'kept' }).execute();
      await sql`savepoint unit`.execute(trx);
      await trx.insertInto('items').values({ id: 1, label: 'same id' }).execute();
      // The unit gave up for its own reason before waiting on anything.
      await sql`rollback to savepoint unit`.execute(trx);
    });
    expect(await labels()).toEqual(['kept']);
  });

  it('outside a transaction an insert waits for its answer', async () => {
    await db.insertInto('items').values({ id: 1, label: 'alone' }).execute();
    const error = await errorOf(db.insertInto('items').values({ id: 1, label: 'again' }).execute());
    expect(codeOf(error)).toBe('23505');
    expect(inFlight.most).toBe(1);
  });

  it("answers a plain insert's row count ahead, and waits for an on-conflict insert's real count", async () => {
    await database.db.insertInto('items').values({ id: 1, label: 'there' }).execute();
    inFlight.most = 0;
    const counts = await db.transaction().execute(async (trx) => {
      const plain = await trx
        .insertInto('items')
        .values([
          { id: 2, label: 'two' },
          { id: 3, label: 'three' },
        ])
        .executeTakeFirst();
      const skipped = await trx
        .insertInto('items')
        .values({ id: 1, label: 'clash' })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return [plain.numInsertedOrUpdatedRows, skipped.numInsertedOrUpdatedRows];
    });
    expect(counts).toEqual([2n, 0n]);
    // begin and the plain insert went ahead of the on-conflict insert, which waited.
    expect(inFlight.most).toBe(3);
    expect(await labels()).toEqual(['there', 'two', 'three']);
  });

  it('an insert that returns rows waits for them', async () => {
    const returned = await db
      .transaction()
      .execute((trx) =>
        trx.insertInto('items').values({ id: 4, label: 'returned' }).returning('label').execute(),
      );
    expect(returned).toEqual([{ label: 'returned' }]);
  });
});

describe('pipelined writes on PGlite', () => {
  it('settlePipelinedWrites is answered without a statement, in and out of a transaction', async () => {
    const database = await createPgliteDatabase<ItemTables>();
    try {
      await sql`create table items (id int primary key, label text not null)`.execute(database.db);
      await settlePipelinedWrites(database.db);
      await database.db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 1, label: 'one' }).execute();
        await settlePipelinedWrites(trx);
      });
      const rows = await database.db.selectFrom('items').select('label').execute();
      expect(rows).toEqual([{ label: 'one' }]);
    } finally {
      await database.dispose();
    }
  });
});
