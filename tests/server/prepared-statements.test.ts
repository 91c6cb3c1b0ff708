import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDatabase } from '../../sync-server/db/open-server-database';
import { createPostgresDatabase } from '../support/test-databases';

interface Tables {
  gear: { id: number; name: string };
}

/** Issue 21: the server prepares each statement once per connection (db/prepared-statements.ts). */
describe('prepared statements on the server’s Postgres pool', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let server: { db: Kysely<Tables>; close(): Promise<void> };
  let other: { db: Kysely<Tables>; close(): Promise<void> };

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const open = () =>
      openServerDatabase<Tables>({
        kind: 'postgres',
        connectionString: database.url,
        maxConnections: 1,
      });
    server = await open();
    other = await open();
    await sql`create table gear (id int primary key, name text not null)`.execute(server.db);
    await sql`insert into gear values (1, 'mat'), (2, 'block')`.execute(server.db);
  });
  afterAll(async () => {
    await server.close();
    await other.close();
    await database.dispose();
  });

  const byId = (id: number) =>
    server.db.selectFrom('gear').selectAll().where('id', '=', id).executeTakeFirst();
  const preparedOnServer = async () =>
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from pg_prepared_statements`.execute(server.db)
    ).rows[0]?.n ?? 0;

  it('prepares a parameterised statement once and runs it again by name', async () => {
    expect(await byId(1)).toEqual({ id: 1, name: 'mat' });
    const after = await preparedOnServer();
    expect(await byId(2)).toEqual({ id: 2, name: 'block' });
    expect(await preparedOnServer()).toBe(after);
    expect(after).toBeGreaterThan(0);
  });

  it('a table changed by another process fails a prepared select * once, then works again', async () => {
    expect(await byId(1)).toEqual({ id: 1, name: 'mat' });
    await sql`alter table gear add column colour text`.execute(other.db);
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      outcomes.push(
        await byId(1).then(
          (row) => JSON.stringify(row),
          (error: unknown) => (error as Error).message,
        ),
      );
    }
    // Postgres refuses the stale plan at most once; the statement is then prepared anew.
    expect(outcomes.at(-1)).toBe(JSON.stringify({ id: 1, name: 'mat', colour: null }));
    expect(outcomes.filter((o) => o.includes('cached plan')).length).toBeLessThanOrEqual(1);
  });
});
