import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  pullResponseSchema,
  pushResponseSchema,
  rowsResponseSchema,
  type MutationEnvelope,
} from '../../src-shared/protocol/sync-messages';
import { rowDigest } from '../../src-shared/sync/row-checksum';
import { syncedTablesByName } from '../../src-shared/sync/synced-tables';
import {
  call,
  createStudioWithDesk,
  enrollDesk,
  serverBackends,
  TestClock,
  TestOutbox,
  useMigratedServer,
  type TestDesk,
} from './support/server-harness';

describe.each(serverBackends)('R4.8 change origins and rows by key on %s', (backend) => {
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock);

  const push = async (desk: TestDesk, mutations: readonly MutationEnvelope[]) =>
    pushResponseSchema.parse(
      (await call(server.app, 'POST', '/v1/push', { token: desk.token, body: { mutations } })).json,
    );
  const pull = async (desk: TestDesk, after: number, ownRows: boolean) =>
    pullResponseSchema.parse(
      (
        await call(
          server.app,
          'GET',
          `/v1/pull?after=${after}&limit=1000${ownRows ? '&ownRows=digest' : ''}`,
          { token: desk.token },
        )
      ).json,
    );
  const originOf = async (tenantId: string, table: string, key: string) => {
    const result = await sql<{ origin: string | null }>`select origin_device_id::text as origin
      from sync_changes where tenant_id = ${tenantId} and table_name = ${table}
        and row_key = ${key}`.execute(server.handle.db);
    return result.rows[0]?.origin;
  };

  it('R4.8 the log names the device whose push wrote a row last; another writer takes it over', async () => {
    const { studio, desk, outbox } = await setUp();
    const other = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId, 'B');
    const otherOutbox = new TestOutbox(studio.ownerId, clock);
    const head = (await pull(desk, 0, false)).headPosition;

    await push(desk, [outbox.next('note.add', { memberId: studio.ownerId, note: 'mat' })]);
    const mine = await pull(desk, head, true);
    const note = mine.digests?.find((d) => d.table === 'student_notes');
    if (!note) throw new Error('desk A got no digest of its own note');
    expect(mine.changes.filter((c) => c.table === 'student_notes')).toEqual([]);
    expect(await originOf(studio.tenantId, 'student_notes', note.key)).toBe(desk.deviceId);
    // The digest is the server row's: the row fetched by key has the same one.
    const fetched = rowsResponseSchema.parse(
      (
        await call(server.app, 'POST', '/v1/rows', {
          token: desk.token,
          body: { table: 'student_notes', keys: [note.key] },
        })
      ).json,
    );
    const notes = syncedTablesByName.get('student_notes');
    if (!notes) throw new Error('student_notes does not sync');
    expect(fetched.rows.map((row) => rowDigest(notes, row))).toEqual([note.digest]);
    // Desk B did not write it: a row, even when B asks for digests.
    const atB = await pull(other, head, true);
    expect(atB.changes.some((c) => c.table === 'student_notes')).toBe(true);
    expect(atB.digests).toEqual([]);

    // B deletes the note: now B is its origin, and A gets the change itself, a tombstone.
    await push(other, [otherOutbox.next('note.delete', { noteId: note.key })]);
    expect(await originOf(studio.tenantId, 'student_notes', note.key)).toBe(other.deviceId);
    const again = await pull(desk, mine.position, true);
    expect(again.changes).toContainEqual({
      op: 'delete',
      table: 'student_notes',
      key: { id: note.key },
    });
    expect(again.digests?.some((d) => d.key === note.key)).toBe(false);
  });

  it('R4.8 a write outside a push has no origin', async () => {
    const { studio } = await setUp();
    const result = await sql<{ origin: string | null }>`select origin_device_id::text as origin
      from sync_changes where tenant_id = ${studio.tenantId} and table_name = 'tenants'`.execute(
      server.handle.db,
    );
    expect(result.rows).toEqual([{ origin: null }]);
  });

  it('R4.8 R7.2 rows by key check their keys and never answer another studio’s rows', async () => {
    const first = await setUp();
    const second = await setUp();
    const rows = async (desk: TestDesk, body: unknown) =>
      call(server.app, 'POST', '/v1/rows', { token: desk.token, body });
    // The other studio's owner member row, asked for by the first studio's desk.
    const foreign = await rows(first.desk, {
      table: 'tenant_members',
      keys: [second.studio.ownerId],
    });
    expect(foreign.status).toBe(200);
    expect(rowsResponseSchema.parse(foreign.json).rows).toEqual([]);
    const own = await rows(first.desk, { table: 'tenant_members', keys: [first.studio.ownerId] });
    expect(rowsResponseSchema.parse(own.json).rows).toHaveLength(1);
    expect((await rows(first.desk, { table: 'tenant_members', keys: ['1; drop'] })).status).toBe(
      400,
    );
    expect((await rows(first.desk, { table: 'platform_config', keys: ['x'] })).status).toBe(400);
    const anonymous = await call(server.app, 'POST', '/v1/rows', {
      body: { table: 'tenant_members', keys: [first.studio.ownerId] },
    });
    expect(anonymous.status).toBe(401);
    expect(
      (await rows(first.desk, { table: 'tenant_members', keys: [randomUUID()], extra: 1 })).status,
    ).toBe(400);
  });

  const setUp = () => createStudioWithDesk(server, clock);
});
