import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { pullResponseSchema, type RowChange } from '../../src-shared/protocol/sync-messages';
import {
  call,
  createStudio,
  enrollDesk,
  serverBackends,
  TestClock,
  useMigratedServer,
  type TestDesk,
  type TestStudio,
} from './support/server-harness';

const AT = '2026-11-27T09:00:00.000Z';

describe.each(serverBackends)('change capture on %s', (backend) => {
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock);

  const head = async (tenantId: string) => {
    const result = await sql<{
      position: number;
    }>`select position from sync_positions where tenant_id = ${tenantId}`.execute(server.handle.db);
    return result.rows[0]?.position ?? 0;
  };

  const pullAfter = async (desk: TestDesk, after: number): Promise<RowChange[]> =>
    pullResponseSchema.parse(
      (await call(server.app, 'GET', `/v1/pull?after=${after}&limit=10000`, { token: desk.token }))
        .json,
    ).changes;

  const insertLocations = (studio: TestStudio, count: number, name = 'Room') =>
    sql`insert into locations (id, tenant_id, name, time_zone, created_at)
        select gen_random_uuid(), ${studio.tenantId}, ${name} || g, 'UTC', ${AT}
          from generate_series(1, ${count}) g`.execute(server.handle.db);

  it('R4.1 a tenant’s log starts with the tenant row and counts up without gaps', async () => {
    const studio = await createStudio(server.handle.db, clock);
    const other = await createStudio(server.handle.db, clock);
    const log = await sql<{
      table_name: string;
      position: number;
    }>`select table_name, position from sync_changes
      where tenant_id = ${studio.tenantId} order by position`.execute(server.handle.db);
    expect(log.rows[0]).toEqual({ table_name: 'tenants', position: 1 });
    expect(log.rows.map((r) => r.position)).toEqual(log.rows.map((_, i) => i + 1));
    expect(await head(studio.tenantId)).toBe(log.rows.length);
    // Another tenant's changes never move this tenant's counter.
    await insertLocations(other, 3);
    expect(await head(studio.tenantId)).toBe(log.rows.length);
  });

  it('R4.1 a bulk statement takes its positions with one update of the counter row', async () => {
    const studio = await createStudio(server.handle.db, clock);
    const before = await head(studio.tenantId);
    const counterUpdates = await server.handle.db.transaction().execute(async (trx) => {
      // The session's not-yet-flushed counts may include earlier transactions: take a delta.
      const updates = async () => {
        const stats = await sql<{ n: number }>`
          select pg_stat_get_xact_tuples_updated('sync_positions'::regclass)::int as n`.execute(
          trx,
        );
        return stats.rows[0]?.n ?? 0;
      };
      const start = await updates();
      await sql`insert into locations (id, tenant_id, name, time_zone, created_at)
        select gen_random_uuid(), ${studio.tenantId}, 'Bulk ' || g, 'UTC', ${AT}
          from generate_series(1, 5000) g`.execute(trx);
      return (await updates()) - start;
    });
    expect(counterUpdates).toBe(1);
    expect(await head(studio.tenantId)).toBe(before + 5000);
    const positions = await sql<{ low: number; high: number; n: number }>`
      select min(position)::int as low, max(position)::int as high, count(*)::int as n from sync_changes
       where tenant_id = ${studio.tenantId} and table_name = 'locations'`.execute(server.handle.db);
    expect(positions.rows[0]).toEqual({ low: before + 1, high: before + 5000, n: 5000 });
  });

  it('R4.1 a user shared by two tenants is recorded in both, and leaves a tenant with its member row', async () => {
    const a = await createStudio(server.handle.db, clock);
    const b = await createStudio(server.handle.db, clock);
    const deskA = await enrollDesk(server.app, server.handle.db, clock, a.tenantId);
    const deskB = await enrollDesk(server.app, server.handle.db, clock, b.tenantId);
    const owner = await sql<{
      user_id: string;
    }>`select user_id from tenant_members where id = ${a.ownerId}`.execute(server.handle.db);
    const userId = owner.rows[0]?.user_id ?? '';

    // The same person joins studio B: B's desk receives the user with the member row.
    const fromB = await head(b.tenantId);
    const memberInB = '01900000-0000-7000-8000-0000000000b1';
    await sql`insert into tenant_members (id, tenant_id, user_id, profile, status, barcode, created_at, updated_at)
      values (${memberInB}, ${b.tenantId}, ${userId}, '{}', 'active', null, ${AT}, ${AT})`.execute(
      server.handle.db,
    );
    const joined = await pullAfter(deskB, fromB);
    expect(joined.map((c) => c.table)).toEqual(['users', 'tenant_members']);

    // A change to the user reaches both studios.
    const [fromA, fromB2] = [await head(a.tenantId), await head(b.tenantId)];
    await sql`update users set profile = '{"firstName": "Renamed"}' where id = ${userId}`.execute(
      server.handle.db,
    );
    for (const [desk, from] of [
      [deskA, fromA],
      [deskB, fromB2],
    ] as const) {
      const changes = await pullAfter(desk, from);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({ op: 'upsert', table: 'users', row: { id: userId } });
    }

    // The member row goes: B's desk gets a tombstone for the user it can no longer see.
    const fromB3 = await head(b.tenantId);
    await sql`delete from tenant_members where id = ${memberInB}`.execute(server.handle.db);
    expect(await pullAfter(deskB, fromB3)).toEqual([
      { op: 'delete', table: 'users', key: { id: userId } },
      { op: 'delete', table: 'tenant_members', key: { id: memberInB } },
    ]);
  });

  it('R4.1 global automation templates (no tenant) are not recorded', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from sync_changes`.execute(
      server.handle.db,
    );
    await sql`insert into marketing_automations (id, tenant_id, trigger_event, subject, body, is_enabled, channels, created_at)
      values (gen_random_uuid(), null, 'birthday', 'Happy birthday', 'Hi', 1, '["email"]', ${AT})`.execute(
      server.handle.db,
    );
    const after = await sql<{ n: number }>`select count(*)::int as n from sync_changes`.execute(
      server.handle.db,
    );
    expect(after.rows).toEqual(before.rows);
  });

  it('R4.1 truncating a synced table is refused: it would bypass the change log', async () => {
    await expect(sql`truncate table student_notes`.execute(server.handle.db)).rejects.toThrow(
      /change log/,
    );
  });

  // Needs two connections to one database, which the single-process PGlite cannot give.
  if (backend === 'postgres')
    it('R4.1 positions follow commit order under the counter lock', async () => {
      const studio = await createStudio(server.handle.db, clock);
      const first = new pg.Client({ connectionString: server.handle.url });
      const second = new pg.Client({ connectionString: server.handle.url });
      await Promise.all([first.connect(), second.connect()]);
      try {
        const insert = `insert into locations (id, tenant_id, name, time_zone, created_at)
        values (gen_random_uuid(), $1, $2, 'UTC', '${AT}')`;
        await first.query('begin');
        await first.query(insert, [studio.tenantId, 'first']);
        await second.query('begin');
        let secondDone = false;
        const secondInsert = second.query(insert, [studio.tenantId, 'second']).then(() => {
          secondDone = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        // The second writer waits for the first to commit before it can take a position.
        expect(secondDone).toBe(false);
        await first.query('commit');
        await secondInsert;
        await second.query('commit');
        const log = await sql<{ name: string; position: number }>`
        select l.name, c.position from sync_changes c join locations l on l.id::text = c.row_key
         where c.tenant_id = ${studio.tenantId} and c.table_name = 'locations' order by c.position`.execute(
          server.handle.db,
        );
        expect(log.rows.map((r) => r.name)).toEqual(['first', 'second']);
      } finally {
        await Promise.all([first.end(), second.end()]);
      }
    });
});
