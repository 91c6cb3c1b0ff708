import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  checksumsResponseSchema,
  errorResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  snapshotResponseSchema,
  type MutationEnvelope,
  type RowChange,
  type SyncRow,
} from '../../src-shared/protocol/sync-messages';
import { TableChecksumBuilder } from '../../src-shared/sync/row-checksum';
import { rowKey, syncedTables, syncedTablesByName } from '../../src-shared/sync/synced-tables';
import {
  call,
  createStudioWithDesk,
  serverBackends,
  TestClock,
  useMigratedServer,
  type TestDesk,
} from './support/server-harness';

/** Pulls every page from `after`, as a desk does. */
async function pullAll(app: FastifyInstance, desk: TestDesk, after = 0, limit = 5000) {
  const changes: RowChange[] = [];
  let position = after;
  let pages = 0;
  for (;;) {
    const response = await call(app, 'GET', `/v1/pull?after=${position}&limit=${limit}`, {
      token: desk.token,
    });
    const page = pullResponseSchema.parse(response.json);
    changes.push(...page.changes);
    position = page.position;
    pages++;
    if (!page.hasMore)
      return {
        changes,
        position,
        pages,
        head: page.headPosition,
        lastAppliedSeq: page.lastAppliedSeq,
      };
  }
}

/** The desk's copy: pulled changes applied to one map per table. */
function applyChanges(changes: readonly RowChange[]): Map<string, Map<string, SyncRow>> {
  const tables = new Map<string, Map<string, SyncRow>>();
  for (const change of changes) {
    const table = syncedTablesByName.get(change.table);
    if (!table) throw new Error(`pulled unknown table ${change.table}`);
    const rows = tables.get(table.name) ?? new Map<string, SyncRow>();
    tables.set(table.name, rows);
    if (change.op === 'upsert') rows.set(rowKey(table, change.row), change.row);
    else rows.delete(rowKey(table, change.key));
  }
  return tables;
}

describe.each(serverBackends)('pull, checksums and snapshots on %s', (backend) => {
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock);

  const setUp = () => createStudioWithDesk(server, clock);

  const push = async (desk: TestDesk, mutations: readonly MutationEnvelope[]) =>
    pushResponseSchema.parse(
      (await call(server.app, 'POST', '/v1/push', { token: desk.token, body: { mutations } })).json,
    );

  it('R4.2 pull returns changes in position order, with tombstones after note.delete', async () => {
    const { studio, desk, outbox } = await setUp();
    const start = await pullAll(server.app, desk);
    const note = outbox.next('note.add', { memberId: studio.ownerId, note: 'Bring a mat' });
    const added = await push(desk, [note]);

    const afterAdd = await pullAll(server.app, desk, start.position);
    expect(afterAdd.changes).toHaveLength(1);
    const [upsert] = afterAdd.changes;
    expect(upsert?.op).toBe('upsert');
    expect(upsert?.table).toBe('student_notes');
    // The push answered the head as it began; its note was numbered at commit, past it.
    expect(added.position).toBe(start.position);
    expect(afterAdd.position).toBeGreaterThan(added.position);
    expect(afterAdd.lastAppliedSeq).toBe(1);
    const noteId = upsert?.op === 'upsert' ? upsert.row['id'] : undefined;
    expect(typeof noteId).toBe('string');

    await push(desk, [outbox.next('note.delete', { noteId })]);
    const afterDelete = await pullAll(server.app, desk, afterAdd.position);
    expect(afterDelete.changes).toEqual([
      { op: 'delete', table: 'student_notes', key: { id: noteId } },
    ]);
    expect(afterDelete.lastAppliedSeq).toBe(2);

    // From the start, the note's latest state is the tombstone, after everything else.
    const everything = await pullAll(server.app, desk);
    expect(everything.changes.at(-1)).toEqual({
      op: 'delete',
      table: 'student_notes',
      key: { id: noteId },
    });
    expect(everything.changes.filter((c) => c.table === 'student_notes')).toHaveLength(1);
    expect(everything.position).toBe(everything.head);
  });

  it('R4.2 pages follow the log in position order and reach the head', async () => {
    const { desk, outbox } = await setUp();
    await push(
      desk,
      [1, 2, 3, 4].map((i) =>
        outbox.next('member.create', {
          firstName: `M${i}`,
          lastName: 'Page',
          email: `m${i}@example.com`,
        }),
      ),
    );
    const whole = await pullAll(server.app, desk);
    const paged = await pullAll(server.app, desk, 0, 3);
    expect(paged.changes).toEqual(whole.changes);
    expect(paged.pages).toBe(Math.ceil(whole.changes.length / 3));
    expect(paged.position).toBe(whole.head);

    const log = await sql<{ position: number }>`select position from sync_changes
      where tenant_id = ${desk.tenantId} order by position`.execute(server.handle.db);
    const positions = log.rows.map((r) => r.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('R4.2 a checkpoint ahead of the server is refused, not silently accepted', async () => {
    const { desk } = await setUp();
    const response = await call(server.app, 'GET', '/v1/pull?after=999999', { token: desk.token });
    expect(response.status).toBe(409);
    expect(errorResponseSchema.parse(response.json).error).toBe('checkpoint_ahead');
  });

  const checksums = async (desk: TestDesk) =>
    checksumsResponseSchema.parse(
      (await call(server.app, 'GET', '/v1/checksums', { token: desk.token })).json,
    ).tables;

  it('R4.6 pull, snapshot and checksums never carry credentials, Stripe ids or other server-only columns', async () => {
    const { studio, desk } = await setUp();
    const secret = `secret-${studio.slug}`;
    const planId = randomUUID();
    await sql`insert into membership_plans (id, tenant_id, name, price, interval, vod_enabled, active, created_at)
      values (${planId}, ${studio.tenantId}, 'Unlimited', 12000, 'month', 0, 1, '2026-11-27T09:00:00.000Z')`.execute(
      server.handle.db,
    );
    await sql`insert into subscriptions (id, tenant_id, user_id, member_id, plan_id, status,
        current_period_start, current_period_end, created_at)
      select ${randomUUID()}, tenant_id, user_id, id, ${planId}, 'active', '2026-11-27T09:00:00.000Z',
        '2026-12-27T09:00:00.000Z', '2026-11-27T09:00:00.000Z'
      from tenant_members where id = ${studio.ownerId}`.execute(server.handle.db);
    const before = await checksums(desk);

    const credentials = JSON.stringify({ apiKey: secret });
    await sql`update tenants set mailchimp_credentials = ${credentials}, zapier_credentials = ${credentials},
      google_credentials = ${credentials}, slack_credentials = ${credentials},
      stripe_account_id = ${`acct_${secret}`} where id = ${studio.tenantId}`.execute(
      server.handle.db,
    );
    await sql`update users set stripe_customer_id = ${`cus_${secret}`}
      where id = (select user_id from tenant_members where id = ${studio.ownerId})`.execute(
      server.handle.db,
    );
    await sql`update subscriptions set stripe_subscription_id = ${`sub_${secret}`}
      where tenant_id = ${studio.tenantId}`.execute(server.handle.db);
    // The values changed on the server, yet no checksum a desk compares with moved.
    expect(await checksums(desk)).toEqual(before);
    await sql`insert into platform_config (key, value, enabled, description, updated_at)
      values (${secret}, '{}', 1, ${secret}, '2026-11-27T09:00:00.000Z') on conflict do nothing`.execute(
      server.handle.db,
    );

    const pull = await call(server.app, 'GET', '/v1/pull?after=0', { token: desk.token });
    expect(pull.body).toContain('"tenants"');
    expect(pull.body).toContain('"subscriptions"');
    expect(pull.body).not.toContain(secret);
    for (const change of pullResponseSchema.parse(pull.json).changes) {
      if (change.op === 'upsert') expect(change.row).not.toHaveProperty('stripe_account_id');
    }
    expect(pull.body).not.toContain('platform_config');
    const pepper = await sql<{
      pin_pepper: string;
    }>`select pin_pepper from tenant_secrets where tenant_id = ${studio.tenantId}`.execute(
      server.handle.db,
    );
    expect(pull.body).not.toContain(pepper.rows[0]?.pin_pepper);
    for (const table of ['tenants', 'users', 'subscriptions']) {
      const snapshot = await call(server.app, 'GET', `/v1/snapshot?table=${table}`, {
        token: desk.token,
      });
      expect(snapshot.status).toBe(200);
      expect(snapshot.body).not.toContain(secret);
      const { rows } = snapshotResponseSchema.parse(snapshot.json);
      expect(rows.length, table).toBeGreaterThan(0);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(syncedTablesByName.get(table)?.columns);
      }
    }
    const platform = await call(server.app, 'GET', '/v1/snapshot?table=platform_config', {
      token: desk.token,
    });
    expect(platform.status).toBe(400);
    expect(platform.body).not.toContain(secret);
  });

  it('R6.1 the server checksums match the rows a desk pulled', async () => {
    const { studio, desk, outbox } = await setUp();
    await push(desk, [
      outbox.next('member.create', { firstName: 'Sam', lastName: 'Sum', email: 'sam@example.com' }),
      outbox.next('note.add', { memberId: studio.ownerId, note: 'x', isAlert: true }),
    ]);
    // JSON is compared by value: jsonb re-orders these keys on the server.
    await sql`update tenants set settings = ${'{"b": 1, "a": [1, 2]}'} where id = ${studio.tenantId}`.execute(
      server.handle.db,
    );
    const pulled = await pullAll(server.app, desk);
    const copy = applyChanges(pulled.changes);
    const response = checksumsResponseSchema.parse(
      (await call(server.app, 'GET', '/v1/checksums', { token: desk.token })).json,
    );
    expect(response.position).toBe(pulled.position);
    expect(response.tables.map((t) => t.table)).toEqual(syncedTables.map((t) => t.name));
    for (const table of syncedTables) {
      const builder = new TableChecksumBuilder(table);
      for (const row of copy.get(table.name)?.values() ?? []) builder.add(row);
      const server = response.tables.find((t) => t.table === table.name);
      expect({ table: table.name, rows: server?.rows, checksum: server?.checksum }).toEqual({
        table: table.name,
        rows: builder.rows,
        checksum: builder.digest(),
      });
    }
    expect(response.tables.find((t) => t.table === 'tenant_members')?.rows).toBe(2);
  });

  it('R6.3 a snapshot pages through a table by key', async () => {
    const { desk, outbox } = await setUp();
    await push(
      desk,
      [1, 2, 3].map((i) =>
        outbox.next('member.create', {
          firstName: `S${i}`,
          lastName: 'Snap',
          email: `s${i}@example.com`,
        }),
      ),
    );
    const keys: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const url = `/v1/snapshot?table=tenant_roles&limit=2${after === null ? '' : `&after=${encodeURIComponent(after)}`}`;
      const page = snapshotResponseSchema.parse(
        (await call(server.app, 'GET', url, { token: desk.token })).json,
      );
      const table = syncedTablesByName.get('tenant_roles');
      if (!table) throw new Error('catalog');
      keys.push(...page.rows.map((row) => rowKey(table, row)));
      after = page.nextAfter;
      pages++;
    } while (after !== null);
    // The owner and three students, in key order, each once.
    expect(keys).toHaveLength(4);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(4);
    expect(pages).toBe(2);
  });
});
