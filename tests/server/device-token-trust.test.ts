import { afterAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../sync-server/admin/device-admin';
import { DeviceTokenCache } from '../../sync-server/sync/device-token-cache';
import {
  call,
  createStudio,
  enrollDesk,
  startServer,
  TestClock,
  useMigratedServer,
} from './support/server-harness';
import type { FastifyInstance } from 'fastify';

/** Asks until `ready` holds, for at most two seconds: an announcement travels by NOTIFY. */
async function eventually(ready: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 40; attempt++) {
    if (await ready()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('device tokens trusted in memory (issue 21)', () => {
  it('keeps a token for thirty seconds, one per device, and forgets on demand', () => {
    let now = 1_000;
    const cache = new DeviceTokenCache(() => now);
    const desk = { deviceId: 'd1', tenantId: 't1' };
    cache.remember('old-token', desk);
    expect(cache.get('old-token')).toEqual(desk);
    // A rotated token replaces the old one: the old one is no longer trusted.
    cache.remember('new-token', desk);
    expect(cache.get('old-token')).toBeUndefined();
    expect(cache.get('new-token')).toEqual(desk);
    now += 30_001;
    expect(cache.get('new-token')).toBeUndefined();
    cache.remember('new-token', desk);
    cache.forgetDevice('d1');
    expect(cache.get('new-token')).toBeUndefined();
  });
});

describe('a revoked desk is refused at once by every server process (Postgres)', () => {
  const clock = new TestClock();
  const server = useMigratedServer('postgres', clock);
  const apps: FastifyInstance[] = [];

  const listeningServer = async () => {
    const app = await startServer(server.handle, clock, {
      listenConnectionString: server.handle.url ?? '',
    });
    apps.push(app);
    return app;
  };

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  const pullStatus = async (app: FastifyInstance, token: string) =>
    (await call(app, 'GET', '/v1/pull?after=0', { token })).status;

  it('revoked by an admin command (another connection): both processes refuse it', async () => {
    const first = await listeningServer();
    const second = await listeningServer();
    const studio = await createStudio(server.handle.db, clock);
    const desk = await enrollDesk(first, server.handle.db, clock, studio.tenantId);
    // Both processes now trust the token in memory.
    expect(await pullStatus(first, desk.token)).toBe(200);
    expect(await pullStatus(second, desk.token)).toBe(200);
    await revokeDevice(
      { db: server.handle.db, clock },
      { tenantId: studio.tenantId, deviceId: desk.deviceId },
    );
    expect(await eventually(async () => (await pullStatus(first, desk.token)) === 401)).toBe(true);
    expect(await eventually(async () => (await pullStatus(second, desk.token)) === 401)).toBe(true);
  });

  it('revoked at the desks screen of one process: that process refuses it on the next request', async () => {
    const app = await listeningServer();
    const other = await listeningServer();
    const studio = await createStudio(server.handle.db, clock);
    const owner = await enrollDesk(app, server.handle.db, clock, studio.tenantId, 'Office');
    const till = await enrollDesk(app, server.handle.db, clock, studio.tenantId, 'Till');
    expect(await pullStatus(app, till.token)).toBe(200);
    expect(await pullStatus(other, till.token)).toBe(200);
    const revoked = await call(app, 'POST', `/v1/desks/${till.deviceId}/revoke`, {
      token: owner.token,
      body: { actorId: studio.ownerId },
    });
    expect(revoked.status).toBe(200);
    expect(await pullStatus(app, till.token)).toBe(401);
    expect(await eventually(async () => (await pullStatus(other, till.token)) === 401)).toBe(true);
    // The owner's own desk is untouched.
    expect(await pullStatus(app, owner.token)).toBe(200);
  });
});
