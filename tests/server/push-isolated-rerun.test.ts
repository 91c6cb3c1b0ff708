import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { pushResponseSchema } from '../../src-shared/protocol/sync-messages';
import {
  call,
  createStudioWithDesk,
  serverBackends,
  TestClock,
  useMigratedServer,
} from './support/server-harness';

/**
 * A batch with a refusal runs again with a savepoint per mutation, after rolling back to the
 * batch's savepoint (push-batch.ts). That rollback must not undo what the push's prologue
 * set: app.device_id, which names the pushing desk as the origin of the rows it writes
 * (R4.8), and the device row's lock (R3.2).
 */
describe.each(serverBackends)('a push run again mutation by mutation on %s', (backend) => {
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock);

  it('R4.8 keeps the pushing desk as the origin of the rows applied after a refusal', async () => {
    const { studio, desk, outbox } = await createStudioWithDesk(server, clock);
    const batch = [
      outbox.next('note.add', { memberId: studio.ownerId, note: 'Before' }),
      // A member that does not exist: the database's foreign key refuses it, after the
      // fast path sent it, so the batch is rolled back and run again isolated.
      outbox.next('note.add', { memberId: '01900000-0000-7000-8000-000000000001', note: 'Hi' }),
      outbox.next('note.add', { memberId: studio.ownerId, note: 'After' }),
    ];
    const response = await call(server.app, 'POST', '/v1/push', {
      token: desk.token,
      body: { mutations: batch },
    });
    const parsed = pushResponseSchema.parse(response.json);
    expect(parsed.results.map((r) => r.outcome)).toEqual(['applied', 'refused', 'applied']);

    const origins = await sql<{ origin: string | null; n: number }>`
      select c.origin_device_id::text as origin, count(*)::int as n
        from sync_changes c
       where c.tenant_id = ${studio.tenantId} and c.table_name = 'student_notes'
       group by c.origin_device_id`.execute(server.handle.db);
    expect(origins.rows).toEqual([{ origin: desk.deviceId, n: 2 }]);
  });
});
