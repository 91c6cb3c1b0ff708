import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import { systemClock } from '../../src-shared/time/clock';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { addStaff } from '../../sync-server/admin/staff-admin';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  TEST_PIN_COST,
  type TestDatabaseHandle,
} from '../server/support/server-harness';
import { eventually } from '../sync/sync-harness';

let root: string;
let handle: TestDatabaseHandle;
let app: FastifyInstance;
let host: DeskHost;
let frontDeskId: string;

async function ok<M extends keyof DeskMethodResults>(
  method: M,
  args: unknown = {},
): Promise<DeskMethodResults[M]> {
  const reply = await host.invoke(method, args);
  if (!reply.ok) throw new Error(`${method} refused: ${reply.error.code} ${reply.error.message}`);
  return reply.value as DeskMethodResults[M];
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'desk-heal-'));
  handle = await openMigratedDatabase('pglite');
  app = await startServer(handle, systemClock);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const studio = await createStudio(handle.db, systemClock);
  const added = await addStaff(
    { db: handle.db, clock: systemClock },
    {
      tenantId: studio.tenantId,
      email: `frank-${studio.slug}@example.com`,
      firstName: 'Frank',
      lastName: 'Desk',
      role: 'front_desk',
      pin: '2468',
    },
    TEST_PIN_COST,
  );
  frontDeskId = added.memberId;
  const { code } = await createEnrollmentCode(
    { db: handle.db, clock: systemClock },
    { tenantId: studio.tenantId },
  );
  host = await createDeskHost({ dataDir: join(root, 'desk'), shell: 'test', maxBackoffMs: 200 });
  await ok('setup.connect', { serverUrl: url, code, deviceName: 'Heal desk' });
  await ok('staff.signIn', { memberId: frontDeskId, pin: '2468' });
});

afterAll(async () => {
  await host.close();
  await app.close();
  await handle.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('a change the server refuses after the desk applied it', () => {
  it('is listed as a problem and its local effects are undone from the server', async () => {
    // The owner takes Frank's role away at the server; this desk has not heard yet.
    await handle.db.deleteFrom('tenant_roles').where('member_id', '=', frontDeskId).execute();
    const created = await ok('desk.mutate', {
      name: 'member.create',
      args: { firstName: 'Walk', lastName: 'In', email: 'walk.in@example.com' },
    });
    expect(created.seq).toBeGreaterThan(0);
    const findWalkIn = () =>
      ok('desk.query', { name: 'member.find', args: { text: 'walk.in@' } }) as Promise<
        readonly unknown[]
      >;
    expect(await findWalkIn()).toHaveLength(1);

    const problem = await eventually(async () => {
      const status = await ok('sync.status');
      return status.problems.find((p) => p.seq === created.seq);
    }, 20_000);
    expect(problem.code).toBe('forbidden');
    // The member the refused change created existed only here: it is gone again.
    await eventually(async () => ((await findWalkIn()).length === 0 ? true : undefined), 20_000);
    expect((await ok('sync.verify')).matches).toBe(true);
  });
});
