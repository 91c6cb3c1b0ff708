import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import { PROTOCOL_VERSION } from '../../src-shared/protocol/sync-messages';
import { systemClock } from '../../src-shared/time/clock';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  type TestDatabaseHandle,
} from '../server/support/server-harness';
import { eventually } from '../sync/sync-harness';

let root: string;
let handle: TestDatabaseHandle;
let app: FastifyInstance;
let host: DeskHost;

async function ok<M extends keyof DeskMethodResults>(
  method: M,
  args: unknown = {},
): Promise<DeskMethodResults[M]> {
  const reply = await host.invoke(method, args);
  if (!reply.ok) throw new Error(`${method} refused: ${reply.error.code} ${reply.error.message}`);
  return reply.value as DeskMethodResults[M];
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'desk-protocol-'));
  handle = await openMigratedDatabase('pglite');
  // A server already upgraded past this desk's protocol version.
  const next = PROTOCOL_VERSION + 1;
  app = await startServer(handle, systemClock, {
    protocolVersions: { oldest: next, newest: next },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const studio = await createStudio(handle.db, systemClock);
  const { code } = await createEnrollmentCode(
    { db: handle.db, clock: systemClock },
    { tenantId: studio.tenantId },
  );
  host = await createDeskHost({ dataDir: join(root, 'desk'), shell: 'test', maxBackoffMs: 200 });
  await ok('setup.connect', { serverUrl: url, code, deviceName: 'Old desk' });
  await ok('staff.signIn', { memberId: studio.ownerId, pin: '1234' });
});

afterAll(async () => {
  await host.close();
  await app.close();
  await handle.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('a desk whose server no longer speaks its protocol version (R3.9)', () => {
  it('keeps its change pending and applied here, and its status says to update the desk app', async () => {
    const created = await ok('desk.mutate', {
      name: 'member.create',
      args: { firstName: 'Walk', lastName: 'In', email: 'walk.in@example.com' },
    });
    const status = await eventually(async () => {
      const now = await ok('sync.now');
      return now.lastError === null ? undefined : now;
    }, 20_000);
    expect(status).toMatchObject({ pending: 1, problems: [], allSynced: false });
    expect(status.lastError).toMatch(/Update the desk app/);
    // Never refused and undone: the member made here is still here.
    const found = (await ok('desk.query', {
      name: 'member.find',
      args: { text: 'walk.in@' },
    })) as readonly unknown[];
    expect(found).toHaveLength(1);
    expect(created.seq).toBe(1);
  });
});
