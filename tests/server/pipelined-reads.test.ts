import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PipelinedWritesPostgresDialect,
  executeTogether,
} from '../../sync-server/db/pipelined-writes';
import { createPgliteDatabase, createPostgresDatabase } from '../support/test-databases';

interface Tables {
  items: { id: number; label: string };
}

/** What the pool's connections sent, and how many statements awaited answers at once. */
interface Traffic {
  most: number;
  /** Statements whose answer is still awaited. */
  awaiting: string[];
  /** COMMIT statements sent. */
  commits: number;
}

/** A Kysely over `url` whose connections record their traffic. */
function countingKysely(url: string, pipelines: boolean, traffic: Traffic): Kysely<Tables> {
  const pool = new pg.Pool({ connectionString: url, max: 1, pipeline: true });
  pool.on('connect', (client) => {
    const send = client.query.bind(client) as (...args: unknown[]) => unknown;
    const counted = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : '';
      traffic.awaiting.push(text);
      traffic.most = Math.max(traffic.most, traffic.awaiting.length);
      if (text === 'commit') traffic.commits++;
      const sent = send(...args);
      const answered = () => {
        traffic.awaiting.splice(traffic.awaiting.indexOf(text), 1);
      };
      if (sent instanceof Promise) sent.then(answered, answered);
      return sent;
    };
    Object.assign(client, { query: counted });
  });
  return new Kysely<Tables>({ dialect: new PipelinedWritesPostgresDialect({ pool }, pipelines) });
}

const labelOf = (id: number) => sql<{ label: string }>`select label from items where id = ${id}`;

async function errorOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('reads run together on Postgres (issue 21)', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase<Tables>>>;
  let db: Kysely<Tables>;
  let awaited: Kysely<Tables>;
  const traffic: Traffic = { most: 0, awaiting: [], commits: 0 };
  const awaitedTraffic: Traffic = { most: 0, awaiting: [], commits: 0 };

  beforeAll(async () => {
    database = await createPostgresDatabase<Tables>();
    await sql`create table items (id int primary key, label text not null)`.execute(database.db);
    await database.db
      .insertInto('items')
      .values([1, 2, 3].map((id) => ({ id, label: `item ${String(id)}` })))
      .execute();
    db = countingKysely(database.url, true, traffic);
    awaited = countingKysely(database.url, false, awaitedTraffic);
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
    const database = await createPgliteDatabase<Tables>();
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
