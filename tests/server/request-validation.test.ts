import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema } from '../../src-shared/protocol/sync-messages';
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

describe.each(serverBackends)('request validation on %s', (backend) => {
  let studio: TestStudio;
  let desk: TestDesk;
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock);

  beforeAll(async () => {
    studio = await createStudio(server.handle.db, clock);
    desk = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId);
  });

  /** Everything a refused request could have touched. */
  const state = async () => {
    const result = await sql<Record<string, number>>`select
      (select count(*)::int from tenant_members) as members,
      (select count(*)::int from mutation_log) as log,
      (select count(*)::int from devices) as devices,
      (select coalesce(sum(position), 0)::int from sync_positions) as positions,
      (select coalesce(sum(last_applied_seq), 0)::int from devices) as seqs`.execute(
      server.handle.db,
    );
    return result.rows[0];
  };

  const envelope = () =>
    new TestOutbox(studio.ownerId, clock).next('member.create', {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
    });

  it('R7.2 bad push bodies get a 4xx { error, message } and change nothing', async () => {
    const good = envelope();
    const cases: {
      name: string;
      body?: unknown;
      rawBody?: string;
      contentType?: string;
      status: number;
    }[] = [
      { name: 'unknown top-level field', body: { mutations: [good], force: true }, status: 400 },
      {
        name: 'unknown envelope field',
        body: { mutations: [{ ...good, roles: ['owner'] }] },
        status: 400,
      },
      {
        name: 'seq as a string is not coerced',
        body: { mutations: [{ ...good, seq: '1' }] },
        status: 400,
      },
      { name: 'fractional seq', body: { mutations: [{ ...good, seq: 1.5 }] }, status: 400 },
      {
        name: 'timestamp not in UTC',
        body: { mutations: [{ ...good, at: '2026-11-27 09:00' }] },
        status: 400,
      },
      { name: 'no mutations', body: { mutations: [] }, status: 400 },
      { name: 'an array body', body: [good], status: 400 },
      { name: 'invalid JSON', rawBody: '{"mutations": [', status: 400 },
      { name: 'text body', rawBody: 'mutations', contentType: 'text/plain', status: 415 },
      {
        name: 'body over 1 MiB',
        body: { mutations: [{ ...good, args: { padding: 'x'.repeat(1024 * 1024) } }] },
        status: 413,
      },
    ];
    const before = await state();
    for (const c of cases) {
      const response = await call(server.app, 'POST', '/v1/push', {
        token: desk.token,
        ...(c.body === undefined ? {} : { body: c.body }),
        ...(c.rawBody === undefined ? {} : { rawBody: c.rawBody }),
        ...(c.contentType === undefined ? {} : { contentType: c.contentType }),
      });
      expect(response.status, c.name).toBe(c.status);
      expect(errorResponseSchema.safeParse(response.json).success, c.name).toBe(true);
    }
    expect(await state()).toEqual(before);
  });

  it('R7.2 bad query strings are refused, never coerced', async () => {
    const urls = [
      '/v1/pull',
      '/v1/pull?after=1e3',
      '/v1/pull?after=%201',
      '/v1/pull?after=-1',
      '/v1/pull?after=0x10',
      '/v1/pull?after=',
      '/v1/pull?after=0&after=1',
      '/v1/pull?after=0&limit=0',
      '/v1/pull?after=0&limit=10001',
      '/v1/pull?after=0&tenant=other',
      '/v1/checksums?table=users',
      '/v1/snapshot?table=users&after=not-a-key',
      '/v1/snapshot?table=users&limit=2.5',
      '/v1/snapshot?table=nope',
      '/v1/events?after=1',
    ];
    for (const url of urls) {
      const response = await call(server.app, 'GET', url, { token: desk.token });
      expect(response.status, url).toBe(400);
      expect(errorResponseSchema.safeParse(response.json).success, url).toBe(true);
    }
  });

  it('R7.2 bad enrolment and rotation bodies are refused and change nothing', async () => {
    const before = await state();
    const enrolments = [
      { code: 'ABCDEFGHJK', deviceName: 'Desk', tenantId: studio.tenantId },
      { code: 12345678, deviceName: 'Desk' },
      { code: 'ABCDEFGHJK' },
      { code: 'ABC', deviceName: 'Desk' },
    ];
    for (const body of enrolments) {
      const response = await call(server.app, 'POST', '/v1/enroll', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(errorResponseSchema.parse(response.json).error).toBe('invalid_request');
    }
    const rotate = await call(server.app, 'POST', '/v1/device/rotate', {
      token: desk.token,
      body: { deviceId: 'x' },
    });
    expect(rotate.status).toBe(400);
    expect(await state()).toEqual(before);
  });

  it('R7.2 an unknown route is a 404 in the same shape', async () => {
    const response = await call(server.app, 'GET', '/v2/pull', { token: desk.token });
    expect(response.status).toBe(404);
    expect(errorResponseSchema.parse(response.json).error).toBe('not_found');
  });
});
