import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { addStaff } from '../../sync-server/admin/staff-admin';
import { SmtpSink } from '../automations/support/smtp-sink';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  TEST_PIN_COST,
  TestClock,
  type TestDatabaseHandle,
} from '../server/support/server-harness';

/**
 * Studio › Automations › Sending e-mail through the desk core (issue 20, R20.5): the
 * studioSmtp.* bridge methods reach the server for the signed-in owner, refuse anyone else
 * at the desk, refuse bad settings before the server is asked, and say "offline" without it.
 */
describe('studioSmtp.* bridge methods at a desk', () => {
  const root = mkdtempSync(join(tmpdir(), 'desk-studio-smtp-'));
  const clock = new TestClock();
  let database: TestDatabaseHandle;
  let app: FastifyInstance;
  let sink: SmtpSink;
  let url: string;

  beforeAll(async () => {
    database = await openMigratedDatabase('postgres');
    app = await startServer(database, clock);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    sink = await SmtpSink.start();
  });

  afterAll(async () => {
    await app.close();
    await sink.close();
    await database.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  const ok = async <M extends keyof DeskMethodResults>(
    host: DeskHost,
    method: M,
    args: unknown = {},
  ): Promise<DeskMethodResults[M]> => {
    const reply = await host.invoke(method, args);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
    return reply.value as DeskMethodResults[M];
  };
  const refusal = async (host: DeskHost, method: string, args: unknown = {}) => {
    const reply = await host.invoke(method, args);
    return reply.ok ? null : reply.error;
  };

  it('R20.5 the owner sets, tests and clears the studio server; a manager is refused', async () => {
    const studio = await createStudio(database.db, clock, 'Harbor Yoga');
    const manager = await addStaff(
      { db: database.db, clock },
      {
        tenantId: studio.tenantId,
        email: `manager-${randomUUID()}@example.com`,
        firstName: 'Mia',
        lastName: 'Manager',
        role: 'manager',
        pin: '2468',
      },
      TEST_PIN_COST,
    );
    const { code } = await createEnrollmentCode(
      { db: database.db, clock },
      { tenantId: studio.tenantId },
    );
    const host = await createDeskHost({ dataDir: join(root, 'desk'), shell: 'test' });
    try {
      await ok(host, 'setup.connect', { serverUrl: url, code, deviceName: 'Front desk' });
      await ok(host, 'staff.signIn', { memberId: manager.memberId, pin: '2468' });
      expect(await refusal(host, 'studioSmtp.status')).toMatchObject({ code: 'forbidden' });
      await ok(host, 'staff.signOut');

      await ok(host, 'staff.signIn', { memberId: studio.ownerId, pin: '1234' });
      expect(await ok(host, 'studioSmtp.status')).toEqual({
        uses: 'none',
        own: null,
        platformConfigured: false,
      });
      const smtp = {
        host: '127.0.0.1',
        port: sink.port,
        secure: false,
        from: 'Harbor Yoga <hello@harbor.test>',
      };
      const badPort = await refusal(host, 'studioSmtp.set', { smtp: { ...smtp, port: 99_999 } });
      expect(badPort).toMatchObject({ code: 'invalid' });
      expect(badPort?.message).toMatch(/port/);
      expect((await ok(host, 'studioSmtp.status')).own).toBeNull();

      const set = await ok(host, 'studioSmtp.set', { smtp });
      expect(set).toMatchObject({ uses: 'studio', own: { host: '127.0.0.1', hasPassword: false } });
      const test = await ok(host, 'studioSmtp.sendTest', { to: 'owner@harbor.test' });
      expect(test).toMatchObject({ delivered: true, via: 'studio' });
      expect(sink.to('owner@harbor.test')).toHaveLength(1);

      expect(await ok(host, 'studioSmtp.clear')).toMatchObject({ uses: 'none', own: null });
    } finally {
      await host.close();
    }
  });

  it('R20.5 without the server the desk says it cannot reach it', async () => {
    const studio = await createStudio(database.db, clock, 'Tide Yoga');
    const { code } = await createEnrollmentCode(
      { db: database.db, clock },
      { tenantId: studio.tenantId },
    );
    const host = await createDeskHost({ dataDir: join(root, 'offline-desk'), shell: 'test' });
    const lone = await startServer(database, clock);
    const loneUrl = await lone.listen({ port: 0, host: '127.0.0.1' });
    try {
      await ok(host, 'setup.connect', { serverUrl: loneUrl, code, deviceName: 'Back desk' });
      await ok(host, 'staff.signIn', { memberId: studio.ownerId, pin: '1234' });
      await lone.close();
      const offline = await refusal(host, 'studioSmtp.status');
      expect(offline).toMatchObject({ code: 'offline' });
      expect(offline?.message).toMatch(/cannot be reached/);
    } finally {
      await host.close();
    }
  });
});
