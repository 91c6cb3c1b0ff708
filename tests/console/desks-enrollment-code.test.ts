import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import { enrollmentCodeResponseSchema } from '../../src-shared/protocol/console-messages';
import { enrollResponseSchema, errorResponseSchema } from '../../src-shared/protocol/sync-messages';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { addStaff } from '../../sync-server/admin/staff-admin';
import { inTenantTransaction } from '../../sync-server/db/tenant-transaction';
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
  role: 'manager' | 'front_desk',
  pin: string,
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

/** The studio's enrolment codes that name who asked for them, oldest first. */
function codesAskedFor(server: ServerFixture, tenantId: string) {
  return inTenantTransaction(server.handle.db, tenantId, (trx) =>
    trx
      .selectFrom('enrollment_codes')
      .select('created_by')
      .where('tenant_id', '=', tenantId)
      .where('created_by', 'is not', null)
      .orderBy('created_at')
      .execute(),
  );
}

describe.each(serverBackends)('an enrolment code issued from a desk on %s', (backend) => {
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock);

  it('R2.1 gives an owner or a manager a one-time code that enrols another desk once', async () => {
    const studio = await createStudio(server.handle.db, clock, 'Code Studio');
    const front = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId, 'Front');
    const managerId = await addMember(server, clock, studio.tenantId, 'manager', '1357');
    for (const [actorId, deviceName] of [
      [studio.ownerId, 'Back'],
      [managerId, 'Side'],
    ] as const) {
      const issued = await call(server.app, 'POST', '/v1/desks/enrollment-code', {
        token: front.token,
        body: { actorId },
      });
      expect(issued.status).toBe(201);
      const { code, expiresAt } = enrollmentCodeResponseSchema.parse(issued.json);
      // 15 minutes, as `serverctl enroll-code` gives by default.
      expect(Date.parse(expiresAt) - clock.now()).toBe(15 * 60_000);
      const enrolled = await call(server.app, 'POST', '/v1/enroll', {
        body: { code, deviceName },
      });
      expect(enrolled.status).toBe(201);
      expect(enrollResponseSchema.parse(enrolled.json).tenantId).toBe(studio.tenantId);
      const again = await call(server.app, 'POST', '/v1/enroll', {
        body: { code, deviceName: 'Twice' },
      });
      expect(again.status).toBe(400);
      expect(errorResponseSchema.parse(again.json).error).toBe('enrollment_code_used');
    }
    const rows = await codesAskedFor(server, studio.tenantId);
    // Who asked is recorded; the first desk's code (serverctl's) names nobody.
    expect(rows.map((r) => r.created_by)).toEqual([studio.ownerId, managerId]);
  });

  it('refuses front-desk staff, another studio’s owner and a desk without a token', async () => {
    const studio = await createStudio(server.handle.db, clock, 'Code Studio');
    const front = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId, 'Front');
    const frontDeskId = await addMember(server, clock, studio.tenantId, 'front_desk', '2468');
    const other = await createStudio(server.handle.db, clock, 'Other');
    for (const actorId of [frontDeskId, other.ownerId]) {
      const refused = await call(server.app, 'POST', '/v1/desks/enrollment-code', {
        token: front.token,
        body: { actorId },
      });
      expect(refused.status).toBe(403);
      expect(errorResponseSchema.parse(refused.json).error).toBe('forbidden');
    }
    const noToken = await call(server.app, 'POST', '/v1/desks/enrollment-code', {
      body: { actorId: studio.ownerId },
    });
    expect(noToken.status).toBe(401);
    const noActor = await call(server.app, 'POST', '/v1/desks/enrollment-code', {
      token: front.token,
      body: {},
    });
    expect(noActor.status).toBe(400);
    // Nothing was issued by the refused calls.
    expect(await codesAskedFor(server, studio.tenantId)).toEqual([]);
  });
});

describe('desks.enrollmentCode at a desk', () => {
  // Real time here: the desk's sync and the server's tokens use the system clock.
  const clock: Clock = { now: () => Date.now() };
  const server = useMigratedServer('pglite', clock);
  const root = mkdtempSync(join(tmpdir(), 'desk-code-'));
  const hosts: DeskHost[] = [];

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.close()));
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses front-desk staff at the desk; a manager’s code enrols a second desk', async () => {
    const app = await startServer(server.handle, clock);
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const studio = await createStudio(server.handle.db, clock, 'Bridge Studio');
      const managerId = await addMember(server, clock, studio.tenantId, 'manager', '1357');
      const frontDeskId = await addMember(server, clock, studio.tenantId, 'front_desk', '2468');
      const { code } = await createEnrollmentCode(
        { db: server.handle.db, clock },
        { tenantId: studio.tenantId },
      );
      const open = async (name: string) => {
        const host = await createDeskHost({ dataDir: join(root, name), shell: 'test' });
        hosts.push(host);
        return async <M extends keyof DeskMethodResults>(method: M, args: unknown = {}) => {
          const reply = await host.invoke(method, args);
          if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
          return reply.value as DeskMethodResults[M];
        };
      };
      const invoke = await open('a');
      const refusal = async (args: unknown) => {
        try {
          await invoke('desks.enrollmentCode', args);
          return null;
        } catch (error) {
          return error instanceof Error ? error.message.split(' ')[1] : error;
        }
      };
      await invoke('setup.connect', { serverUrl: url, code, deviceName: 'Desk A' });

      expect(await refusal({})).toBe('not_signed_in');
      await invoke('staff.signIn', { memberId: frontDeskId, pin: '2468' });
      expect(await refusal({})).toBe('forbidden');
      await invoke('staff.signOut');
      expect(await refusal({ ttl: 5 })).toBe('invalid');

      await invoke('staff.signIn', { memberId: managerId, pin: '1357' });
      const issued = await invoke('desks.enrollmentCode');
      expect(Date.parse(issued.expiresAt)).toBeGreaterThan(Date.now());
      const invokeB = await open('b');
      const joined = await invokeB('setup.connect', {
        serverUrl: url,
        code: issued.code,
        deviceName: 'Desk B',
      });
      expect(joined.tenantName).toBe('Bridge Studio');
      const listed = await invoke('desks.list');
      expect(listed.desks.map((d) => [d.name, d.status])).toEqual([
        ['Desk A', 'active'],
        ['Desk B', 'active'],
      ]);
    } finally {
      await app.close();
    }
  });
});
