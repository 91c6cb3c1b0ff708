import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorResponseSchema,
  PROTOCOL_VERSION,
  pushResponseSchema,
} from '../../src-shared/protocol/sync-messages';
import {
  call,
  createStudioWithDesk,
  serverBackends,
  startServer,
  TestClock,
  useMigratedServer,
  type TestDesk,
  type TestOutbox,
  type TestStudio,
} from './support/server-harness';

/**
 * PROTOCOL.md R3.9: a push names its protocol version; a server refuses a version it does
 * not speak whole, before reading the rest of the body, with `426 protocol_unsupported` and
 * a sentence saying what to update, and changes nothing.
 */
describe.each(serverBackends)('push protocol versions on %s', (backend) => {
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock);
  /** The same database behind a server of the next version, which needs desks of it. */
  let upgraded: FastifyInstance | undefined;

  beforeAll(async () => {
    const next = PROTOCOL_VERSION + 1;
    upgraded = await startServer(server.handle, clock, {
      protocolVersions: { oldest: next, newest: next },
    });
  });
  afterAll(() => upgraded?.close());

  const setUp = () => createStudioWithDesk(server, clock);
  const push = (app: FastifyInstance, desk: TestDesk, body: unknown) =>
    call(app, 'POST', '/v1/push', { token: desk.token, body });
  const member = (outbox: TestOutbox) =>
    outbox.next('member.create', { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com' });
  const members = async (studio: TestStudio) =>
    (
      await server.handle.db
        .selectFrom('tenant_members')
        .select('id')
        .where('tenant_id', '=', studio.tenantId)
        .execute()
    ).length;

  /** A refusal any desk version reads: exactly `{ error, message }`. */
  function expectProtocolRefusal(response: { status: number; json: unknown }, update: RegExp) {
    expect(response.status).toBe(426);
    const refusal = errorResponseSchema.parse(response.json);
    expect(Object.keys(refusal).sort()).toEqual(['error', 'message']);
    expect(refusal.error).toBe('protocol_unsupported');
    expect(refusal.message).toMatch(update);
  }

  it('R3.9 runs a push of its own version, and one naming none as version 1', async () => {
    const { desk, outbox } = await setUp();
    const current = await push(server.app, desk, {
      protocolVersion: PROTOCOL_VERSION,
      mutations: [member(outbox)],
    });
    expect(current.status).toBe(200);
    const unversioned = await push(server.app, desk, { mutations: [member(outbox)] });
    expect(unversioned.status).toBe(200);
    expect(pushResponseSchema.parse(unversioned.json).results).toEqual([
      { seq: 2, outcome: 'applied' },
    ]);
  });

  it('R3.9 tells a desk newer than the server to wait for the server, changing nothing', async () => {
    const { studio, desk, outbox } = await setUp();
    const before = await members(studio);
    const envelope = member(outbox);
    const newer = await push(server.app, desk, {
      protocolVersion: PROTOCOL_VERSION + 1,
      mutations: [envelope],
    });
    expectProtocolRefusal(newer, /Update the server/);
    // Another version's body may have another shape: the version is read first.
    const reshaped = await push(server.app, desk, { protocolVersion: 99, batches: [[envelope]] });
    expectProtocolRefusal(reshaped, /newer than the studio's server/);
    expect(await members(studio)).toBe(before);
    // Nothing was acknowledged: the same seq goes through once both speak one version.
    const later = await push(server.app, desk, {
      protocolVersion: PROTOCOL_VERSION,
      mutations: [envelope],
    });
    expect(pushResponseSchema.parse(later.json).results).toEqual([{ seq: 1, outcome: 'applied' }]);
  });

  it('R3.9 tells a desk older than the server to update, never refusing its changes one by one', async () => {
    const { studio, desk, outbox } = await setUp();
    const before = await members(studio);
    const envelope = member(outbox);
    const app = upgraded;
    if (!app) throw new Error('the upgraded server starts in beforeAll');
    for (const body of [
      { protocolVersion: PROTOCOL_VERSION, mutations: [envelope] },
      { mutations: [envelope] },
    ]) {
      expectProtocolRefusal(await push(app, desk, body), /Update the desk app/);
    }
    expect(await members(studio)).toBe(before);
    const logged = await sql<{
      n: number;
    }>`select count(*)::int as n from mutation_log where tenant_id = ${studio.tenantId}`.execute(
      server.handle.db,
    );
    expect(logged.rows[0]?.n).toBe(0);
  });

  it('R7.2 refuses a version that is no version with 400, as any malformed body', async () => {
    const { desk, outbox } = await setUp();
    for (const protocolVersion of ['2', 0, 1.5, null]) {
      const response = await push(server.app, desk, {
        protocolVersion,
        mutations: [member(outbox)],
      });
      expect(response.status).toBe(400);
      expect(errorResponseSchema.parse(response.json).error).toBe('invalid_request');
    }
  });
});
