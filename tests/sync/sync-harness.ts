import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openDesk, type Desk } from '../../src-main/store/open-desk';
import { enrollDesk } from '../../src-main/sync/enrollment';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { createHttpTransport, type SyncTransport } from '../../src-main/sync/sync-transport';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import type { SyncServerOptions } from '../../sync-server/http/create-sync-server';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  TestClock,
  type ServerBackend,
  type TestDatabaseHandle,
  type TestStudio,
} from '../server/support/server-harness';

export interface SyncWorld {
  readonly database: TestDatabaseHandle;
  readonly clock: TestClock;
  readonly app: FastifyInstance;
  readonly url: string;
  readonly studio: TestStudio;
  readonly ownerEmail: string;
  enrollNewDesk(name: string, fetchImpl?: typeof fetch): Promise<Desk>;
  transport(desk: Desk, fetchImpl?: typeof fetch): SyncTransport;
  dispose(): Promise<void>;
}

/** A real server listening on loopback, its database, a studio, and desks enrolled to it. */
export async function createSyncWorld(
  backend: ServerBackend,
  serverOptions: Partial<SyncServerOptions> = {},
): Promise<SyncWorld> {
  const database = await openMigratedDatabase(backend);
  const clock = new TestClock();
  const app = await startServer(database, clock, serverOptions);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const studio = await createStudio(database.db, clock, 'Harbor Yoga');
  const desks: { desk: Desk; dir: string }[] = [];
  const transport = (desk: Desk, fetchImpl: typeof fetch = fetch) => {
    const identity = desk.identity;
    if (!identity) throw new Error('desk is not enrolled');
    return createHttpTransport(identity.serverUrl, () => identity.deviceToken, fetchImpl);
  };
  return {
    database,
    clock,
    app,
    url,
    studio,
    ownerEmail: `owner-${studio.slug}@example.com`,
    transport,
    async enrollNewDesk(name, fetchImpl = fetch) {
      const dir = mkdtempSync(join(tmpdir(), 'studio-desk-sync-'));
      const desk = await openDesk({ dataDir: dir });
      desks.push({ desk, dir });
      const { code } = await createEnrollmentCode(
        { db: database.db, clock },
        { tenantId: studio.tenantId },
      );
      await enrollDesk(desk, url, code, name, fetchImpl);
      await syncOnce(desk, transport(desk, fetchImpl));
      return desk;
    },
    async dispose() {
      for (const { desk, dir } of desks) {
        await desk.close();
        rmSync(dir, { recursive: true, force: true });
      }
      await app.close();
      await database.dispose();
    },
  };
}

/** Waits until `check` passes, polling; fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 3000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
