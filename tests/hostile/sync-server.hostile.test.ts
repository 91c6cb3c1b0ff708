import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema, pushResponseSchema } from '../../src-shared/protocol/sync-messages';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import {
  call,
  createStudio,
  enrollDesk,
  openMigratedDatabase,
  startServer,
  TestClock,
  TestOutbox,
  type TestDatabaseHandle,
  type TestDesk,
  type TestStudio,
} from '../server/support/server-harness';
import { databaseFingerprint } from './database-fingerprint';
import { hostileRequest, type HostileContext } from './hostile-requests';

/** Generated hostile requests per run; CI-sized, `HOSTILE_RUNS=20000` for a long run. */
const RUNS = Number(process.env['HOSTILE_RUNS'] ?? 4000);
const SEED =
  process.env['HOSTILE_SEED'] === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env['HOSTILE_SEED'] ?? 20261127);
// Printed so a failing soak run can be replayed with HOSTILE_SEED=<seed>.
console.log(`hostile input seed ${String(SEED)}`);

const sale = (amount: number) => ({
  amount,
  tenders: [{ method: 'external', amount, reference: 'voucher' }],
});

/**
 * Issue 7, hostile input against every sync-server endpoint (R7.2): each request is refused
 * with a 4xx and `{ error, message }`, nothing changes in any table, and the server still
 * serves a good request afterwards.
 */
describe('the sync server under hostile input', () => {
  const clock = new TestClock();
  let handle: TestDatabaseHandle;
  let app: FastifyInstance;
  let studioA: TestStudio;
  let studioB: TestStudio;
  let deskA: TestDesk;
  let deskB: TestDesk;
  let outboxA: TestOutbox;

  const push = (desk: TestDesk, mutations: unknown[]) =>
    call(app, 'POST', '/v1/push', { token: desk.token, body: { mutations } });

  beforeAll(async () => {
    handle = await openMigratedDatabase('postgres');
    app = await startServer(handle, clock);
    studioA = await createStudio(handle.db, clock, 'Studio A');
    studioB = await createStudio(handle.db, clock, 'Studio B');
    deskA = await enrollDesk(app, handle.db, clock, studioA.tenantId, 'Desk A');
    deskB = await enrollDesk(app, handle.db, clock, studioB.tenantId, 'Desk B');
    outboxA = new TestOutbox(studioA.ownerId, clock);
    const outboxB = new TestOutbox(studioB.ownerId, clock);
    for (const [desk, outbox] of [
      [deskA, outboxA],
      [deskB, outboxB],
    ] as const) {
      const pushed = pushResponseSchema.parse(
        (
          await push(desk, [
            outbox.next('giftCard.sell', sale(5000)),
            outbox.next('giftCard.sell', sale(700)),
          ])
        ).json,
      );
      expect(pushed.results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    }
  });
  afterAll(async () => {
    await app.close();
    await handle.dispose();
  });

  const expectRefusal = (status: number, body: string, what: string) => {
    expect(status, what).toBeGreaterThanOrEqual(400);
    expect(status, what).toBeLessThan(500);
    expect(errorResponseSchema.safeParse(JSON.parse(body)).success, `${what}: ${body}`).toBe(true);
  };

  it('R7.2 refuses thousands of generated malformed, wrongly typed and unauthorised requests, changing nothing', async () => {
    const context: HostileContext = {
      tokenA: deskA.token,
      tokenB: deskB.token,
      tenantB: studioB.tenantId,
      ownerA: studioA.ownerId,
      nextSeqA: 3,
    };
    const before = await databaseFingerprint(handle.db);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(hostileRequest(context), async (request) => {
        const response = await app.inject({
          method: request.method,
          url: request.url,
          headers: request.headers,
          ...(request.payload === undefined ? {} : { payload: request.payload }),
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        expectRefusal(
          response.statusCode,
          response.body,
          `${request.why}: ${request.method} ${request.url} ${request.payload?.slice(0, 200) ?? ''}`,
        );
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(await databaseFingerprint(handle.db)).toEqual(before);
    // Every kind of refusal was met: bad input, bad token, unknown route, wrong media type.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 401, 404, 415]));
    console.info(
      `hostile: ${RUNS} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );

    // Still serving: the next good push from desk A is applied.
    const good = pushResponseSchema.parse(
      (await push(deskA, [outboxA.next('giftCard.sell', sale(100))])).json,
    );
    expect(good.results).toEqual([{ seq: 3, outcome: 'applied' }]);
  }, 120_000);

  it('R7.2 refuses an oversized body with 413 on every route that takes one, and deep nesting with 400', async () => {
    const before = await databaseFingerprint(handle.db);
    const huge = JSON.stringify({ mutations: [{ note: 'x'.repeat(1024 * 1024) }] });
    for (const [url, token] of [
      ['/v1/push', deskA.token],
      ['/v1/enroll', undefined],
      ['/v1/device/rotate', deskA.token],
    ] as const) {
      const response = await call(app, 'POST', url, { rawBody: huge, ...(token ? { token } : {}) });
      expect(response.status, url).toBe(413);
      expect(errorResponseSchema.parse(response.json).error).toBe('body_too_large');
    }
    // Under the limit but 200,000 levels deep: parsed without a crash, then refused.
    const deep = `{"mutations":[{"args":${'['.repeat(200_000)}${']'.repeat(200_000)}}]}`;
    const nested = await call(app, 'POST', '/v1/push', { rawBody: deep, token: deskA.token });
    expectRefusal(nested.status, nested.body, 'deep nesting');
    expect(await databaseFingerprint(handle.db)).toEqual(before);
  });

  it('R7.2 a malformed or overlong path parameter is refused in the protocol’s shape', async () => {
    for (const [id, status] of [
      ['%E0%A4%A', 400],
      [`pi_${'a'.repeat(300)}`, 414],
    ] as const) {
      const response = await call(app, 'POST', `/v1/payments/intents/${id}/capture`, {
        token: deskA.token,
        body: {},
      });
      expect(response.status).toBe(status);
      expect(errorResponseSchema.parse(response.json).error).toBe('invalid_request');
    }
  });

  it('R7.2 a query string too long for the HTTP parser is refused at the socket; the server stays up', async () => {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const headers = { authorization: `Bearer ${deskA.token}` };
    const long = await fetch(`${url}/v1/pull?after=0&x=${'a'.repeat(64 * 1024)}`, { headers });
    expect(long.status).toBe(431);
    await long.body?.cancel();
    const ok = await fetch(`${url}/v1/pull?after=0&limit=1`, { headers });
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
  });

  it('R1.4 R7.1 a desk naming another studio’s staff, cards, members or classes changes nothing there', async () => {
    const cardsOfA = await handle.db
      .selectFrom('gift_cards')
      .select(['id', 'code'])
      .where('tenant_id', '=', studioA.tenantId)
      .execute();
    const cardA = cardsOfA[0]?.id ?? '';
    const outboxB = new TestOutbox(studioB.ownerId, clock);
    // Desk B continues its own outbox after the two sales of beforeAll.
    outboxB.next('skip', {});
    outboxB.next('skip', {});
    const before = await databaseFingerprint(handle.db, ['mutation_log', 'devices']);
    const response = await push(deskB, [
      // Acting as A's owner: not staff of B.
      outboxB.next('giftCard.sell', sale(1000), studioA.ownerId),
      outboxB.next('giftCard.reload', { giftCardId: cardA, ...sale(1000) }),
      outboxB.next('pos.sale', {
        lines: [{ kind: 'gift_card', amount: 500, giftCardId: cardA }],
        tenders: [{ method: 'gift_card', amount: 500, giftCardId: cardA }],
      }),
      outboxB.next('pos.sale', {
        memberId: studioA.ownerId,
        lines: [{ kind: 'gift_card', amount: 500 }],
        tenders: [{ method: 'external', amount: 500, reference: 'x' }],
      }),
      outboxB.next('note.add', { memberId: studioA.ownerId, note: 'hello from B' }),
      outboxB.next('drawer.close', { countedAmount: 0 }),
    ]);
    const results = pushResponseSchema.parse(response.json).results;
    expect(results.map((r) => [r.outcome, r.code])).toEqual([
      ['refused', 'forbidden'],
      ['refused', expect.stringMatching(/^(not_found|invalid|forbidden)$/)],
      ['refused', expect.stringMatching(/^(not_found|invalid|forbidden)$/)],
      ['refused', expect.stringMatching(/^(not_found|invalid|forbidden)$/)],
      ['refused', expect.stringMatching(/^(not_found|invalid|forbidden)$/)],
      ['refused', 'not_found'],
    ]);
    expect(await databaseFingerprint(handle.db, ['mutation_log', 'devices'])).toEqual(before);
  });

  it('R2.2 rate limits hold under a burst, for devices and for enrolment by address', async () => {
    const limited = await startServer(handle, clock, {
      deviceRateLimit: { burst: 5, perSecond: 1 },
      enrollRateLimit: { burst: 3, perSecond: 0.2 },
    });
    try {
      const desk = await enrollDesk(app, handle.db, clock, studioA.tenantId, 'Burst desk');
      // Its first request records when it was last seen; the burst must change nothing.
      await call(app, 'GET', '/v1/pull?after=0&limit=1', { token: desk.token });
      const before = await databaseFingerprint(handle.db);
      // Twelve at once, good and malformed alike: the bucket counts requests, not successes.
      const burst = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          call(limited, 'GET', i % 2 === 0 ? '/v1/pull?after=0&limit=1' : '/v1/pull?after=x', {
            token: desk.token,
          }),
        ),
      );
      const limitedCount = burst.filter((r) => r.status === 429).length;
      expect(limitedCount).toBe(7);
      for (const r of burst.filter((x) => x.status === 429)) {
        expect(errorResponseSchema.parse(r.json).error).toBe('rate_limited');
        expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      const enrol = (remoteAddress: string) =>
        limited.inject({
          method: 'POST',
          url: '/v1/enroll',
          remoteAddress,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ code: 'ZZZZZZZZZZ', deviceName: 'Guess' }),
        });
      const guesses = [];
      for (let i = 0; i < 5; i++) guesses.push((await enrol('10.0.0.7')).statusCode);
      expect(guesses).toEqual([400, 400, 400, 429, 429]);
      // Another address has its own bucket; a real code still enrols from it.
      expect((await enrol('10.0.0.8')).statusCode).toBe(400);
      expect(await databaseFingerprint(handle.db)).toEqual(before);
      clock.advance(5_000);
      const { code } = await createEnrollmentCode(
        { db: handle.db, clock },
        { tenantId: studioA.tenantId },
      );
      const enrolled = await limited.inject({
        method: 'POST',
        url: '/v1/enroll',
        remoteAddress: '10.0.0.7',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ code, deviceName: 'Patient desk' }),
      });
      expect(enrolled.statusCode).toBe(201);
      expect(
        (await call(limited, 'GET', '/v1/pull?after=0&limit=1', { token: desk.token })).status,
      ).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('R2.2 an address that keeps failing authentication is slowed before the database is asked', async () => {
    const limited = await startServer(handle, clock, {
      authFailureRateLimit: { burst: 3, perSecond: 0.5 },
    });
    try {
      const desk = await enrollDesk(app, handle.db, clock, studioA.tenantId, 'Honest desk');
      const pull = (remoteAddress: string, token: string) =>
        limited.inject({
          method: 'GET',
          url: '/v1/pull?after=0&limit=1',
          remoteAddress,
          headers: { authorization: `Bearer ${token}` },
        });
      const guesses = [];
      for (let i = 0; i < 5; i++) guesses.push((await pull('10.0.0.9', `guess-${i}`)).statusCode);
      expect(guesses).toEqual([401, 401, 401, 429, 429]);
      // Even a right token waits while its address is slowed; other addresses are not.
      expect((await pull('10.0.0.9', desk.token)).statusCode).toBe(429);
      expect((await pull('10.0.0.10', desk.token)).statusCode).toBe(200);
      clock.advance(2_000);
      expect((await pull('10.0.0.9', desk.token)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
