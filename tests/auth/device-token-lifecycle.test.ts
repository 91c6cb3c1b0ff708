import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { readDeviceIdentity, writeDeviceIdentity } from '../../src-main/store/device-identity';
import {
  createHttpTransport,
  SyncOfflineError,
  type SyncTransport,
} from '../../src-main/sync/sync-transport';
import { errorResponseSchema } from '../../src-shared/protocol/sync-messages';
import { revokeDevice } from '../../sync-server/admin/device-admin';
import { call, TestOutbox } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from '../sync/sync-harness';

/** A fetch that lets the request reach the server, then loses the answer (a reset). */
function losingAnswersTo(path: string): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url).pathname === path) {
      await response.text();
      throw new TypeError('fetch failed: the connection was reset');
    }
    return response;
  };
}

/** What a desk does to rotate: ask, then keep the new token beside its database (R2.3). */
async function rotateDeskToken(desk: Desk, transport: SyncTransport): Promise<void> {
  const identity = desk.identity;
  if (!identity) throw new Error('the desk is enrolled');
  const deviceToken = await transport.rotateToken();
  const rotated = { ...identity, deviceToken };
  writeDeviceIdentity(desk.dataDir, rotated);
  desk.identity = rotated;
}

const pendingCount = async (desk: Desk) =>
  (
    await desk.db
      .selectFrom('desk_outbox')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow()
  ).n;

describe('device tokens over their life (issue 7, auth)', () => {
  let world: SyncWorld;
  let ownerId: string;
  beforeAll(async () => {
    world = await createSyncWorld('postgres');
    ownerId = world.studio.ownerId;
  });
  afterAll(() => world.dispose());

  const sale = { amount: 2500, tenders: [{ method: 'external', amount: 2500, reference: 'v1' }] };

  it('R2.2 device tokens have no expiry: a year later the token works; revocation ends it', async () => {
    const desk = await world.enrollNewDesk('Desk that idles');
    world.clock.advance(366 * 86_400_000);
    await runDeskMutation(desk, ownerId, 'giftCard.sell', sale);
    const report = await syncOnce(desk, world.transport(desk));
    expect(report.pushed).toBe(1);
  });

  it('R2.2 a revoked device is refused on every endpoint, and nothing changes', async () => {
    const desk = await world.enrollNewDesk('Desk to revoke');
    const identity = desk.identity;
    if (!identity) throw new Error('enrolled');
    const app = world.app;
    // A rotated token not yet used must not become a way back in either.
    const pending = await world.transport(desk).rotateToken();
    await revokeDevice(
      { db: world.database.db, clock: world.clock },
      { tenantId: identity.tenantId, deviceId: identity.deviceId },
    );
    const state = () =>
      sql<{
        rows: string;
      }>`select (select count(*) from mutation_log where tenant_id = ${identity.tenantId})
        || '/' || (select count(*) from gift_cards where tenant_id = ${identity.tenantId})
        || '/' || d.token_hash || '/' || coalesce(d.pending_token_hash, '-') || '/' || d.last_applied_seq as rows
        from devices d where d.id = ${identity.deviceId}`.execute(world.database.db);
    const before = (await state()).rows;
    const outbox = new TestOutbox(ownerId, world.clock);
    const requests = [
      ['POST', '/v1/push', { mutations: [outbox.next('giftCard.sell', sale)] }],
      ['GET', '/v1/pull?after=0', undefined],
      ['GET', '/v1/pull?after=0&limit=1&table=gift_cards', undefined],
      ['GET', '/v1/checksums', undefined],
      ['GET', '/v1/snapshot?table=gift_cards', undefined],
      ['POST', '/v1/device/rotate', {}],
      ['GET', '/v1/events', undefined],
    ] as const;
    // Revocation also forgets the rotated token, which is then simply unknown.
    for (const [token, code] of [
      [identity.deviceToken, 'device_revoked'],
      [pending, 'unauthenticated'],
    ] as const) {
      for (const [method, url, body] of requests) {
        const response = await call(app, method, url, { token, body });
        expect(response.status, `${method} ${url}`).toBe(401);
        expect(errorResponseSchema.parse(response.json).error, url).toBe(code);
      }
    }
    expect((await state()).rows).toEqual(before);
  });

  it('R2.2 a revoked desk keeps its unsent sales and says why it cannot sync', async () => {
    const desk = await world.enrollNewDesk('Desk revoked while selling');
    const identity = desk.identity;
    if (!identity) throw new Error('enrolled');
    await runDeskMutation(desk, ownerId, 'giftCard.sell', sale);
    await revokeDevice(
      { db: world.database.db, clock: world.clock },
      { tenantId: identity.tenantId, deviceId: identity.deviceId },
    );
    await expect(syncOnce(desk, world.transport(desk))).rejects.toMatchObject({
      code: 'device_revoked',
    });
    expect(await pendingCount(desk)).toBe(1);
    const state = await desk.db.selectFrom('desk_sync_state').selectAll().executeTakeFirstOrThrow();
    expect(state.last_error).toMatch(/revoked/);
  });

  it('R2.3 a rotation whose answer is lost leaves the desk working, and a later one takes', async () => {
    const desk = await world.enrollNewDesk('Desk that rotates');
    const identity = desk.identity;
    if (!identity) throw new Error('enrolled');
    const oldToken = identity.deviceToken;
    const lossy = createHttpTransport(
      world.url,
      () => oldToken,
      losingAnswersTo('/v1/device/rotate'),
    );
    // Twice: each lost rotation replaced the one before it on the server.
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(rotateDeskToken(desk, lossy)).rejects.toBeInstanceOf(SyncOfflineError);
      expect(desk.identity?.deviceToken).toBe(oldToken);
      await runDeskMutation(desk, ownerId, 'giftCard.sell', sale);
      expect((await syncOnce(desk, world.transport(desk))).pushed).toBe(1);
    }

    await rotateDeskToken(desk, world.transport(desk));
    const newToken = desk.identity?.deviceToken ?? '';
    expect(newToken).not.toBe(oldToken);
    // Kept on disk: a desk restarted now still has the token the server knows.
    expect(readDeviceIdentity(desk.dataDir)?.deviceToken).toBe(newToken);
    const reopened = await openDesk({ dataDir: desk.dataDir });
    try {
      expect(reopened.identity?.deviceToken).toBe(newToken);
    } finally {
      await reopened.close();
    }
    await runDeskMutation(desk, ownerId, 'giftCard.sell', sale);
    expect((await syncOnce(desk, world.transport(desk))).pushed).toBe(1);
    expect(await pendingCount(desk)).toBe(0);

    // The new token's first use retired the old one.
    const refused = await call(world.app, 'GET', '/v1/pull?after=0', { token: oldToken });
    expect(refused.status).toBe(401);
    expect(errorResponseSchema.parse(refused.json).error).toBe('unauthenticated');
  });

  it('R2.3 a desk that lost the answer to the new token’s first request still holds a working token', async () => {
    const desk = await world.enrollNewDesk('Desk with a flaky first use');
    await rotateDeskToken(desk, world.transport(desk));
    const identity = desk.identity;
    if (!identity) throw new Error('enrolled');
    const flaky = createHttpTransport(
      world.url,
      () => identity.deviceToken,
      losingAnswersTo('/v1/pull'),
    );
    await expect(syncOnce(desk, flaky)).rejects.toBeInstanceOf(SyncOfflineError);
    await runDeskMutation(desk, ownerId, 'giftCard.sell', sale);
    expect((await syncOnce(desk, world.transport(desk))).pushed).toBe(1);
  });
});
