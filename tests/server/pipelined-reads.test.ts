import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executeTogether } from '../../sync-server/db/pipelined-writes';
import { createPgliteDatabase, createPostgresDatabase } from '../support/test-databases';
import { countingKysely, errorOf, noTraffic, type ItemTables } from './support/counting-kysely';

const labelOf = (id: number) => sql<{ label: string }>`select label from items where id = ${id}`;

describe('reads run together on Postgres (issue 21)', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase<ItemTables>>>;
  let db: Kysely<ItemTables>;
  let awaited: Kysely<ItemTables>;
  const traffic = noTraffic();
  const awaitedTraffic = noTraffic();

  beforeAll(async () => {
    database = await createPostgresDatabase<ItemTables>();
    await sql`create table items (id int primary key, label text not null)`.execute(database.db);
    await database.db
      .insertInto('items')
      .values([1, 2, 3].map((id) => ({ id, label: `item ${String(id)}` })))
      .execute();
    db = countingKysely(database.url, { pipelines: true, connections: 1 }, traffic);
    awaited = countingKysely(database.url, { pipelines: false, connections: 1 }, awaitedTraffic);
  });
  afterAll(async () => {
    await db.destroy();
    await awaited.destroy();
    await database.dispose();
  });
  beforeEach(() => {
    for (const t of [traffic, awaitedTraffic]) {
      t.most = 0;
      t.commits = 0;
    }
  });

  it("executeTogether sends a transaction's reads at once and answers each in order", async () => {
    const labels = await db.transaction().execute(async (trx) => {
      const answers = await executeTogether<{ label: string }>(
        trx,
        [3, 1, 2].map((id) => labelOf(id).compile(trx)),
      );
      return answers.map((answer) => answer.rows[0]?.label);
    });
    expect(labels).toEqual(['item 3', 'item 1', 'item 2']);
    // begin and the three reads, all sent before the first answer.
    expect(traffic.most).toBe(4);

    const inTurn = await awaited.transaction().execute(async (trx) => {
      const answers = await executeTogether<{ label: string }>(
        trx,
        [2, 3].map((id) => labelOf(id).compile(trx)),
      );
      return answers.map((answer) => answer.rows[0]?.label);
    });
    expect(inTurn).toEqual(['item 2', 'item 3']);
    expect(awaitedTraffic.most).toBe(1);
  });

  it("reports a failing read's own error, and the connection stays usable", async () => {
    const error = await errorOf(
      db
        .transaction()
        .execute((trx) =>
          executeTogether(trx, [
            labelOf(1).compile(trx),
            sql`select 1 / 0`.compile(trx),
            labelOf(2).compile(trx),
          ]),
        ),
    );
    expect((error as { code?: string }).code).toBe('22012');
    const after = await db.transaction().execute((trx) => labelOf(3).execute(trx));
    expect(after.rows).toEqual([{ label: 'item 3' }]);
  });

  it('a read-only transaction commits without waiting; one that writes waits for its commit', async () => {
    const readOnly = await db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => (await labelOf(1).execute(trx)).rows[0]?.label);
    const awaitingAtEnd = [...traffic.awaiting];
    expect(readOnly).toBe('item 1');
    expect(traffic.commits).toBe(1);
    // Answered once the connection's next statement is.
    expect(awaitingAtEnd).toEqual(['commit']);
    const next = await db.selectFrom('items').select('label').where('id', '=', 2).execute();
    expect(next).toEqual([{ label: 'item 2' }]);
    expect(traffic.awaiting).toEqual([]);

    // Postgres refuses its writes: read only is not only a hint to the driver.
    const refused = await errorOf(
      db
        .transaction()
        .setAccessMode('read only')
        .execute((trx) => trx.insertInto('items').values({ id: 9, label: 'no' }).execute()),
    );
    expect((refused as { code?: string }).code).toBe('25006');

    await db
      .transaction()
      .execute((trx) => trx.insertInto('items').values({ id: 4, label: 'item 4' }).execute());
    expect(traffic.awaiting).toEqual([]);
    const written = await database.db
      .selectFrom('items')
      .select('id')
      .where('id', '=', 4)
      .execute();
    expect(written).toEqual([{ id: 4 }]);
  });
});

describe('reads run together on PGlite', () => {
  it('executeTogether runs them in turn, answered in order, in and out of a transaction', async () => {
    const database = await createPgliteDatabase<ItemTables>();
    try {
      await sql`create table items (id int primary key, label text not null)`.execute(database.db);
      await database.db
        .insertInto('items')
        .values([1, 2].map((id) => ({ id, label: `item ${String(id)}` })))
        .execute();
      const inTransaction = await database.db
        .transaction()
        .execute((trx) =>
          executeTogether<{ label: string }>(trx, [
            labelOf(2).compile(trx),
            labelOf(1).compile(trx),
          ]),
        );
      expect(inTransaction.map((answer) => answer.rows)).toEqual([
        [{ label: 'item 2' }],
        [{ label: 'item 1' }],
      ]);
      const alone = await executeTogether<{ label: string }>(database.db, [
        labelOf(1).compile(database.db),
      ]);
      expect(alone.map((answer) => answer.rows)).toEqual([[{ label: 'item 1' }]]);
      expect(await executeTogether(database.db, [])).toEqual([]);
    } finally {
      await database.dispose();
    }
  });
});
