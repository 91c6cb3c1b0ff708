import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import {
  deskResponseSchema,
  desksListResponseSchema,
} from '../../src-shared/protocol/console-messages';
import { errorResponseSchema } from '../../src-shared/protocol/sync-messages';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { addStaff } from '../../sync-server/admin/staff-admin';
import type { Clock } from '../../src-shared/time/clock';
import {
  call,
  createStudio,
  enrollDesk,
  serverBackends,
  startServer,
  TEST_PIN_COST,
  TestClock,
  useMigratedServer,
  type ServerFixture,
} from '../server/support/server-harness';

async function addMember(
  server: ServerFixture,
  clock: Clock,
  tenantId: string,
  role: 'manager' | 'front_desk' | 'owner',
  pin = '2468',
) {
  const added = await addStaff(
    { db: server.handle.db, clock },
    {
      tenantId,
      email: `${role}-${Math.random().toString(36).slice(2)}@example.com`,
      firstName: role === 'front_desk' ? 'Frank' : 'Mia',
      lastName: 'Staff',
      role,
      pin,
    },
    TEST_PIN_COST,
  );
  return added.memberId;
}

describe.each(serverBackends)("a studio's desks, managed from a desk on %s", (backend) => {
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock);

  async function studioWithTwoDesks() {
    const studio = await createStudio(server.handle.db, clock, 'Desk Studio');
    const front = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId, 'Front');
    clock.advance(1000);
    const back = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId, 'Back');
    const managerId = await addMember(server, clock, studio.tenantId, 'manager');
    const frontDeskId = await addMember(server, clock, studio.tenantId, 'front_desk');
    return { studio, front, back, managerId, frontDeskId };
  }

  it('lists the desks for an owner or a manager, and refuses front-desk staff with 403', async () => {
    const { studio, front, back, managerId, frontDeskId } = await studioWithTwoDesks();
    for (const actorId of [studio.ownerId, managerId]) {
      const response = await call(server.app, 'GET', `/v1/desks?actorId=${actorId}`, {
        token: front.token,
      });
      expect(response.status).toBe(200);
      const { desks } = desksListResponseSchema.parse(response.json);
      expect(desks.map((d) => [d.deviceId, d.name, d.status, d.isThisDesk])).toEqual([
        [front.deviceId, 'Front', 'active', true],
        [back.deviceId, 'Back', 'active', false],
      ]);
      expect(desks[0]?.enrolledAt).toMatch(/^2026-/);
      expect(desks[0]?.lastSeenAt).toMatch(/^2026-/);
    }
    const refused = await call(server.app, 'GET', `/v1/desks?actorId=${frontDeskId}`, {
      token: front.token,
    });
    expect(refused.status).toBe(403);
    expect(errorResponseSchema.parse(refused.json).error).toBe('forbidden');

    // An owner of another studio is nobody here.
    const other = await createStudio(server.handle.db, clock, 'Other');
    const stranger = await call(server.app, 'GET', `/v1/desks?actorId=${other.ownerId}`, {
      token: front.token,
    });
    expect(stranger.status).toBe(403);
    const noActor = await call(server.app, 'GET', '/v1/desks', { token: front.token });
    expect(noActor.status).toBe(400);
    const noToken = await call(server.app, 'GET', `/v1/desks?actorId=${studio.ownerId}`);
    expect(noToken.status).toBe(401);
  });

  it('renames a desk; front-desk staff and unknown desks are refused, changing nothing', async () => {
    const { studio, front, back, frontDeskId } = await studioWithTwoDesks();
    const refused = await call(server.app, 'POST', `/v1/desks/${back.deviceId}/rename`, {
      token: front.token,
      body: { actorId: frontDeskId, name: 'Nope' },
    });
    expect(refused.status).toBe(403);
    const renamed = await call(server.app, 'POST', `/v1/desks/${back.deviceId}/rename`, {
      token: front.token,
      body: { actorId: studio.ownerId, name: '  Studio B  ' },
    });
    expect(renamed.status).toBe(200);
    expect(deskResponseSchema.parse(renamed.json).desk.name).toBe('Studio B');
    const list = desksListResponseSchema.parse(
      (await call(server.app, 'GET', `/v1/desks?actorId=${studio.ownerId}`, { token: front.token }))
        .json,
    );
    expect(list.desks.map((d) => d.name)).toEqual(['Front', 'Studio B']);

    // Another studio's desk is not found from here.
    const other = await createStudio(server.handle.db, clock, 'Other');
    const otherDesk = await enrollDesk(server.app, server.handle.db, clock, other.tenantId);
    const foreign = await call(server.app, 'POST', `/v1/desks/${otherDesk.deviceId}/rename`, {
      token: front.token,
      body: { actorId: studio.ownerId, name: 'Mine now' },
    });
    expect(foreign.status).toBe(404);
    const bad = await call(server.app, 'POST', `/v1/desks/${back.deviceId}/rename`, {
      token: front.token,
      body: { actorId: studio.ownerId, name: '' },
    });
    expect(bad.status).toBe(400);
    const notUuid = await call(server.app, 'POST', '/v1/desks/desk-1/rename', {
      token: front.token,
      body: { actorId: studio.ownerId, name: 'X' },
    });
    expect(notUuid.status).toBe(400);
  });

  it('R2.2 revokes a desk, which is refused at its next sync; its own desk only when confirmed', async () => {
    const { studio, front, back, frontDeskId, managerId } = await studioWithTwoDesks();
    const refused = await call(server.app, 'POST', `/v1/desks/${back.deviceId}/revoke`, {
      token: front.token,
      body: { actorId: frontDeskId },
    });
    expect(refused.status).toBe(403);
    expect((await call(server.app, 'GET', '/v1/pull?after=0', { token: back.token })).status).toBe(
      200,
    );

    const revoked = await call(server.app, 'POST', `/v1/desks/${back.deviceId}/revoke`, {
      token: front.token,
      body: { actorId: managerId },
    });
    expect(revoked.status).toBe(200);
    const desk = deskResponseSchema.parse(revoked.json).desk;
    expect(desk.status).toBe('revoked');
    expect(desk.revokedAt).toMatch(/^2026-/);
    const pull = await call(server.app, 'GET', '/v1/pull?after=0', { token: back.token });
    expect(pull.status).toBe(401);
    expect(errorResponseSchema.parse(pull.json).error).toBe('device_revoked');
    const push = await call(server.app, 'POST', '/v1/push', {
      token: back.token,
      body: { protocolVersion: 2, mutations: [] },
    });
    expect(push.status).toBe(401);
    // Revoking it again is harmless.
    const again = await call(server.app, 'POST', `/v1/desks/${back.deviceId}/revoke`, {
      token: front.token,
      body: { actorId: studio.ownerId },
    });
    expect(again.status).toBe(200);

    const self = await call(server.app, 'POST', `/v1/desks/${front.deviceId}/revoke`, {
      token: front.token,
      body: { actorId: studio.ownerId },
    });
    expect(self.status).toBe(409);
    expect(errorResponseSchema.parse(self.json).error).toBe('revoke_this_desk');
    expect((await call(server.app, 'GET', '/v1/pull?after=0', { token: front.token })).status).toBe(
      200,
    );
    const confirmed = await call(server.app, 'POST', `/v1/desks/${front.deviceId}/revoke`, {
      token: front.token,
      body: { actorId: studio.ownerId, thisDesk: true },
    });
    expect(confirmed.status).toBe(200);
    expect((await call(server.app, 'GET', '/v1/pull?after=0', { token: front.token })).status).toBe(
      401,
    );
  });
});

describe('desks.* bridge methods at a desk', () => {
  // Real time here: the desk's sync and the server's tokens use the system clock.
  const clock: Clock = { now: () => Date.now() };
  const server = useMigratedServer('pglite', clock);
  const root = mkdtempSync(join(tmpdir(), 'desk-desks-'));
  let host: DeskHost | undefined;

  afterAll(async () => {
    await host?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists, renames and revokes for a manager; front-desk staff are refused at the desk', async () => {
    const app = await startServer(server.handle, clock);
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const studio = await createStudio(server.handle.db, clock, 'Bridge Studio');
      const managerId = await addMember(server, clock, studio.tenantId, 'manager', '1357');
      const frontDeskId = await addMember(server, clock, studio.tenantId, 'front_desk', '2468');
      const other = await enrollDesk(app, server.handle.db, clock, studio.tenantId, 'Other');
      const { code } = await createEnrollmentCode(
        { db: server.handle.db, clock },
        { tenantId: studio.tenantId },
      );
      host = await createDeskHost({ dataDir: join(root, 'desk'), shell: 'test' });
      const desk = host;
      const invoke = async <M extends keyof DeskMethodResults>(method: M, args: unknown = {}) => {
        const reply = await desk.invoke(method, args);
        if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
        return reply.value as DeskMethodResults[M];
      };
      await invoke('setup.connect', { serverUrl: url, code, deviceName: 'Bridge desk' });

      const locked = await desk.invoke('desks.list', {});
      expect(locked.ok ? null : locked.error.code).toBe('not_signed_in');
      await invoke('staff.signIn', { memberId: frontDeskId, pin: '2468' });
      const frontDesk = await desk.invoke('desks.list', {});
      expect(frontDesk.ok ? null : frontDesk.error.code).toBe('forbidden');
      await invoke('staff.signOut');

      await invoke('staff.signIn', { memberId: managerId, pin: '1357' });
      const listed = await invoke('desks.list');
      expect(listed.desks.map((d) => [d.name, d.isThisDesk])).toEqual([
        ['Other', false],
        ['Bridge desk', true],
      ]);
      const renamed = await invoke('desks.rename', { deviceId: other.deviceId, name: 'Back' });
      expect(renamed.desk.name).toBe('Back');
      const self = listed.desks.find((d) => d.isThisDesk);
      const selfRevoke = await desk.invoke('desks.revoke', { deviceId: self?.deviceId });
      expect(selfRevoke.ok ? null : selfRevoke.error.code).toBe('revoke_this_desk');
      const revoked = await invoke('desks.revoke', { deviceId: other.deviceId });
      expect(revoked.desk.status).toBe('revoked');
      const bad = await desk.invoke('desks.rename', { deviceId: other.deviceId, name: 7 });
      expect(bad.ok ? null : bad.error.code).toBe('invalid');
    } finally {
      await host?.close();
      host = undefined;
      await app.close();
    }
  });
});
