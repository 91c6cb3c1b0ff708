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

  it('R4.1 a transaction takes its positions at commit, with one update of the counter row', async () => {
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
      for (const batch of ['Bulk', 'More']) {
        await sql`insert into locations (id, tenant_id, name, time_zone, created_at)
          select gen_random_uuid(), ${studio.tenantId}, ${batch} || g, 'UTC', ${AT}
            from generate_series(1, 2500) g`.execute(trx);
      }
      const pending = await sql<{ n: number }>`select count(*)::int as n from sync_changes
        where tenant_id = ${studio.tenantId} and position is null`.execute(trx);
      expect(pending.rows[0]?.n).toBe(5000);
      const beforeCommit = await updates();
      // What commit does first: the deferred trigger numbers the transaction's rows.
      await sql`set constraints sync_assign_positions immediate`.execute(trx);
      return { beforeCommit: beforeCommit - start, atCommit: (await updates()) - beforeCommit };
    });
    expect(counterUpdates).toEqual({ beforeCommit: 0, atCommit: 1 });
    expect(await head(studio.tenantId)).toBe(before + 5000);
    const positions = await sql<{ low: number; high: number; n: number; firstName: string }>`
      select min(c.position)::int as low, max(c.position)::int as high, count(*)::int as n,
             (array_agg(l.name order by c.position))[1] as "firstName"
        from sync_changes c join locations l on l.id::text = c.row_key
       where c.tenant_id = ${studio.tenantId} and c.table_name = 'locations'
         and c.capture_order is null`.execute(server.handle.db);
    // Numbered in capture order: the first statement's rows come first.
    expect(positions.rows[0]).toMatchObject({ low: before + 1, high: before + 5000, n: 5000 });
    expect(positions.rows[0]?.firstName).toMatch(/^Bulk/);
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
    it('R4.1 writers of one studio do not wait for each other, and positions follow commit order', async () => {
      const studio = await createStudio(server.handle.db, clock);
      const first = new pg.Client({ connectionString: server.handle.url });
      const second = new pg.Client({ connectionString: server.handle.url });
      await Promise.all([first.connect(), second.connect()]);
      try {
        const insert = `insert into locations (id, tenant_id, name, time_zone, created_at)
        values (gen_random_uuid(), $1, $2, 'UTC', '${AT}')`;
        await first.query('begin');
        await first.query(insert, [studio.tenantId, 'began first']);
        await second.query('begin');
        // Before, this insert waited for the first transaction's counter lock until it ended.
        await second.query(insert, [studio.tenantId, 'committed first']);
        await second.query('commit');
        await first.query('commit');
        const log = await sql<{ name: string; position: number }>`
        select l.name, c.position from sync_changes c join locations l on l.id::text = c.row_key
         where c.tenant_id = ${studio.tenantId} and c.table_name = 'locations' order by c.position`.execute(
          server.handle.db,
        );
        expect(log.rows.map((r) => r.name)).toEqual(['committed first', 'began first']);
        expect(log.rows[1]?.position).toBe((log.rows[0]?.position ?? 0) + 1);
        expect(await head(studio.tenantId)).toBe(log.rows[1]?.position);
      } finally {
        await Promise.all([first.end(), second.end()]);
      }
    });
});
