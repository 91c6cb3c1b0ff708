import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checksumsResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  snapshotResponseSchema,
  type MutationEnvelope,
} from '../../src-shared/protocol/sync-messages';
import type { Database } from '../../src-shared/schema/catalog';
import { syncedTables } from '../../src-shared/sync/synced-tables';
import {
  call,
  createStudio,
  enrollDesk,
  serverBackends,
  TestClock,
  TestOutbox,
  useMigratedServer,
  type TestDesk,
  type TestStudio,
} from './support/server-harness';

interface Side {
  readonly studio: TestStudio;
  readonly desk: TestDesk;
  readonly outbox: TestOutbox;
  memberId: string;
  noteId: string;
}

/** Runs `work` as a request does: role studio_app, app.tenant_id set, both transaction-local. */
async function asTenant<T>(
  db: Kysely<Database>,
  tenantId: string | null,
  work: (trx: Kysely<Database>) => Promise<T>,
) {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'studio_app', true)`.execute(trx);
    if (tenantId !== null)
      await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
    return work(trx);
  });
}

describe.each(serverBackends)('tenant isolation on %s', (backend) => {
  let a: Side;
  let b: Side;
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock);

  const push = async (desk: TestDesk, mutations: readonly MutationEnvelope[]) =>
    pushResponseSchema.parse(
      (await call(server.app, 'POST', '/v1/push', { token: desk.token, body: { mutations } })).json,
    );

  async function side(name: string): Promise<Side> {
    const studio = await createStudio(server.handle.db, clock, name);
    const desk = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId);
    const outbox = new TestOutbox(studio.ownerId, clock);
    const created = outbox.next('member.create', {
      firstName: name,
      lastName: 'Member',
      email: `${studio.slug}@example.com`,
    });
    await push(desk, [created]);
    const member = await sql<{
      id: string;
    }>`select id from tenant_members where tenant_id = ${studio.tenantId}
      and id <> ${studio.ownerId}`.execute(server.handle.db);
    const memberId = member.rows[0]?.id ?? '';
    await push(desk, [outbox.next('note.add', { memberId, note: `${name} note` })]);
    const note = await sql<{
      id: string;
    }>`select id from student_notes where tenant_id = ${studio.tenantId}`.execute(server.handle.db);
    return { studio, desk, outbox, memberId, noteId: note.rows[0]?.id ?? '' };
  }

  beforeAll(async () => {
    a = await side('Alpha');
    b = await side('Beta');
  });

  /** Every id of tenant B that could show up in a response. */
  const idsOfB = async () => {
    const rows = await sql<{ id: string }>`
      select id::text from tenant_members where tenant_id = ${b.studio.tenantId}
      union select user_id::text from tenant_members where tenant_id = ${b.studio.tenantId}
      union select id::text from student_notes where tenant_id = ${b.studio.tenantId}
      union select ${b.studio.tenantId}::text`.execute(server.handle.db);
    return rows.rows.map((r) => r.id);
  };

  it('R7.1 a desk of tenant A pulls no row of tenant B', async () => {
    const response = await call(server.app, 'GET', '/v1/pull?after=0', { token: a.desk.token });
    const page = pullResponseSchema.parse(response.json);
    expect(page.changes.length).toBeGreaterThan(0);
    for (const id of await idsOfB()) expect(response.body).not.toContain(id);
    for (const change of page.changes) {
      if (change.op === 'upsert' && 'tenant_id' in change.row)
        expect(change.row['tenant_id']).toBe(a.studio.tenantId);
    }
  });

  it('R7.1 no snapshot and no checksum of tenant A includes tenant B', async () => {
    const ids = await idsOfB();
    for (const table of syncedTables) {
      const response = await call(server.app, 'GET', `/v1/snapshot?table=${table.name}`, {
        token: a.desk.token,
      });
      const page = snapshotResponseSchema.parse(response.json);
      for (const id of ids) expect(response.body, table.name).not.toContain(id);
      for (const row of page.rows)
        if ('tenant_id' in row) expect(row['tenant_id']).toBe(a.studio.tenantId);
    }
    const sums = checksumsResponseSchema.parse(
      (await call(server.app, 'GET', '/v1/checksums', { token: a.desk.token })).json,
    );
    expect(sums.tables.find((t) => t.table === 'tenant_members')?.rows).toBe(2);
    expect(sums.tables.find((t) => t.table === 'tenants')?.rows).toBe(1);
    expect(sums.tables.find((t) => t.table === 'users')?.rows).toBe(2);
  });

  it('R7.1 a push from tenant A naming tenant B’s rows changes nothing of B', async () => {
    const before =
      await sql`select * from tenant_members where tenant_id = ${b.studio.tenantId} order by id`.execute(
        server.handle.db,
      );
    const notesBefore =
      await sql`select * from student_notes where tenant_id = ${b.studio.tenantId}`.execute(
        server.handle.db,
      );
    const response = await push(a.desk, [
      a.outbox.next('member.update', {
        memberId: b.memberId,
        firstName: 'Hijacked',
        lastName: 'Member',
        email: 'evil@example.com',
        status: 'archived',
      }),
      a.outbox.next('note.delete', { noteId: b.noteId }),
      a.outbox.next('note.add', { memberId: b.memberId, note: 'planted' }),
      // B's owner is nobody in A.
      a.outbox.next('note.add', { memberId: a.memberId, note: 'as B' }, b.studio.ownerId),
    ]);
    expect(response.results.map((r) => [r.outcome, r.code])).toEqual([
      ['refused', 'not_found'],
      ['applied', undefined],
      ['refused', 'invalid'],
      ['refused', 'forbidden'],
    ]);
    const after =
      await sql`select * from tenant_members where tenant_id = ${b.studio.tenantId} order by id`.execute(
        server.handle.db,
      );
    const notesAfter =
      await sql`select * from student_notes where tenant_id = ${b.studio.tenantId}`.execute(
        server.handle.db,
      );
    expect(after.rows).toEqual(before.rows);
    expect(notesAfter.rows).toEqual(notesBefore.rows);
  });

  it('R7.1 row-level security: as studio_app with tenant A set, B’s rows are invisible and unwritable', async () => {
    const tenantA = a.studio.tenantId;
    const tenantB = b.studio.tenantId;
    await asTenant(server.handle.db, tenantA, async (trx) => {
      const role = await sql<{ who: string }>`select current_user as who`.execute(trx);
      expect(role.rows[0]?.who).toBe('studio_app');
      for (const table of [
        'tenant_members',
        'student_notes',
        'devices',
        'tenant_secrets',
        'sync_changes',
        'mutation_log',
      ]) {
        const rows = await sql<{
          n: number;
        }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${tenantB}`.execute(
          trx,
        );
        expect(rows.rows[0]?.n, table).toBe(0);
        const own = await sql<{
          n: number;
        }>`select count(*)::int as n from ${sql.table(table)} where tenant_id <> ${tenantA}`.execute(
          trx,
        );
        expect(own.rows[0]?.n, table).toBe(0);
      }
      const tenants = await sql<{ id: string }>`select id from tenants`.execute(trx);
      expect(tenants.rows).toEqual([{ id: tenantA }]);
      const users = await sql<{ n: number }>`select count(*)::int as n from users`.execute(trx);
      expect(users.rows[0]?.n).toBe(2);
    });
    const planted = asTenant(server.handle.db, tenantA, (trx) =>
      sql`insert into student_notes (id, tenant_id, student_id, author_id, note, is_alert, created_at)
          values (gen_random_uuid(), ${tenantB}, ${b.memberId}, ${b.memberId}, 'planted', 0, '2026-11-27T09:00:00.000Z')`.execute(
        trx,
      ),
    );
    await expect(planted).rejects.toThrow(/row-level security/);
    const moved = await asTenant(server.handle.db, tenantA, (trx) =>
      sql`update student_notes set tenant_id = ${tenantB} where tenant_id = ${tenantA}`.execute(
        trx,
      ),
    ).catch((error: unknown) => error);
    expect(String(moved)).toMatch(/row-level security/);
  });

  it('R7.1 row-level security fails closed: without app.tenant_id, studio_app sees nothing', async () => {
    await asTenant(server.handle.db, null, async (trx) => {
      for (const table of ['tenants', 'users', 'tenant_members', 'devices', 'sync_positions']) {
        const rows = await sql<{
          n: number;
        }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx);
        expect(rows.rows[0]?.n, table).toBe(0);
      }
    });
  });

  it('R7.1 every tenant table forces row-level security and studio_app cannot bypass it', async () => {
    const tables = await sql<{ table_name: string; enabled: boolean; forced: boolean }>`
      select c.relname as table_name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
        from pg_class c join pg_attribute a on a.attrelid = c.oid
       where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace and a.attname = 'tenant_id'`.execute(
      server.handle.db,
    );
    expect(tables.rows.length).toBeGreaterThan(40);
    for (const row of tables.rows)
      expect(row, row.table_name).toMatchObject({ enabled: true, forced: true });
    const role = await sql<{ rolbypassrls: boolean; rolsuper: boolean; rolcanlogin: boolean }>`
      select rolbypassrls, rolsuper, rolcanlogin from pg_roles where rolname = 'studio_app'`.execute(
      server.handle.db,
    );
    expect(role.rows).toEqual([{ rolbypassrls: false, rolsuper: false, rolcanlogin: false }]);
  });

  it('R7.1 the tenant and role do not leak to the next use of a pooled connection', async () => {
    await asTenant(server.handle.db, a.studio.tenantId, async () => undefined);
    for (let i = 0; i < 12; i++) {
      const state = await sql<{ tenant: string | null; who: string }>`
        select nullif(current_setting('app.tenant_id', true), '') as tenant, current_user as who`.execute(
        server.handle.db,
      );
      expect(state.rows[0]?.tenant ?? null).toBeNull();
      expect(state.rows[0]?.who).not.toBe('studio_app');
    }
  });
});
