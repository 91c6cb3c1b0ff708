import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { uuidV7 } from '../../../src-shared/ids/uuid-v7';
import type { Database } from '../../../src-shared/schema/catalog';
import type { MutationEnvelope } from '../../../src-shared/protocol/sync-messages';
import { createEnrollmentCode } from '../../../sync-server/admin/device-admin';
import type { ScryptParams } from '../../../sync-server/admin/pin-hash';
import { addStaff } from '../../../sync-server/admin/staff-admin';
import { createTenant } from '../../../sync-server/admin/tenant-admin';
import { migrateServerDatabase } from '../../../sync-server/db/migrate-server-database';
import {
  createSyncServer,
  type SyncServerOptions,
} from '../../../sync-server/http/create-sync-server';
import type { Clock } from '../../../src-shared/time/clock';
import { openServerDatabase } from '../../../sync-server/db/open-server-database';
import { createPostgresDatabase } from '../../support/test-databases';
import { copyMigratedPglite } from './pglite-template';

export type ServerBackend = 'postgres' | 'pglite';
export const serverBackends: readonly ServerBackend[] = ['postgres', 'pglite'];

/** A clock tests move by hand. */
export class TestClock implements Clock {
  private ms: number;
  constructor(iso = '2026-11-27T09:00:00.000Z') {
    this.ms = Date.parse(iso);
  }
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Cheap scrypt for tests that add staff by the dozen; the format and code are the same. */
export const TEST_PIN_COST: ScryptParams = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };

export interface TestDatabaseHandle {
  readonly backend: ServerBackend;
  readonly db: Kysely<Database>;
  /** The Postgres URL, for LISTEN and raw clients; undefined on PGlite. */
  readonly url: string | undefined;
  dispose(): Promise<void>;
}

export async function openMigratedDatabase(backend: ServerBackend): Promise<TestDatabaseHandle> {
  if (backend === 'postgres') {
    const database = await createPostgresDatabase<Database>();
    await migrateServerDatabase(database.db);
    return { backend, db: database.db, url: database.url, dispose: () => database.dispose() };
  }
  const copy = await copyMigratedPglite();
  const database = await openServerDatabase<Database>({ kind: 'pglite', dataDir: copy.dataDir });
  return {
    backend,
    db: database.db,
    url: undefined,
    dispose: async () => {
      await database.close();
      await copy.remove();
    },
  };
}

export interface TestResponse {
  readonly status: number;
  readonly body: string;
  readonly json: unknown;
  readonly headers: Record<string, unknown>;
}

export async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST',
  url: string,
  options: { token?: string; body?: unknown; rawBody?: string; contentType?: string } = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const payload =
    options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined && options.contentType === undefined)
    headers['content-type'] = 'application/json';
  const response = await app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, body: response.body, json, headers: response.headers };
}

export interface TestStudio {
  readonly tenantId: string;
  readonly slug: string;
  readonly ownerId: string;
}

/** A studio with an owner (PIN 1234), on a fresh slug. */
export async function createStudio(
  db: Kysely<Database>,
  clock: Clock,
  name = 'Studio',
): Promise<TestStudio> {
  const slug = `studio-${randomBytes(6).toString('hex')}`;
  const tenant = await createTenant({ db, clock }, { name, slug, currency: 'USD' });
  const owner = await addStaff(
    { db, clock },
    {
      tenantId: tenant.tenantId,
      email: `owner-${slug}@example.com`,
      firstName: 'Olive',
      lastName: 'Owner',
      role: 'owner',
      pin: '1234',
    },
    TEST_PIN_COST,
  );
  return { tenantId: tenant.tenantId, slug, ownerId: owner.memberId };
}

export interface TestDesk {
  readonly deviceId: string;
  readonly token: string;
  readonly tenantId: string;
  readonly pinPepper: string;
}

export async function enrollDesk(
  app: FastifyInstance,
  db: Kysely<Database>,
  clock: Clock,
  tenantId: string,
  deviceName = 'Front desk',
): Promise<TestDesk> {
  const { code } = await createEnrollmentCode({ db, clock }, { tenantId });
  const response = await call(app, 'POST', '/v1/enroll', { body: { code, deviceName } });
  if (response.status !== 201) throw new Error(`enrol failed: ${response.status} ${response.body}`);
  const body = response.json as { deviceId: string; deviceToken: string; pinPepper: string };
  return { deviceId: body.deviceId, token: body.deviceToken, tenantId, pinPepper: body.pinPepper };
}

/** Builds outbox entries the way a desk does: ids born at the desk, seqs counting up. */
export class TestOutbox {
  private seq = 0;
  constructor(
    private readonly actorId: string,
    private readonly clock: Clock,
  ) {}

  next(name: string, args: unknown, actorId = this.actorId): MutationEnvelope {
    this.seq++;
    const at = this.clock.now();
    return {
      seq: this.seq,
      id: uuidV7(at, randomBytes),
      name,
      args,
      actorId,
      at: new Date(at).toISOString(),
    };
  }
}

/** Rate limits high enough that functional tests never meet them. */
export const RELAXED_LIMITS: Partial<SyncServerOptions> = {
  deviceRateLimit: { burst: 100_000, perSecond: 1000 },
  enrollRateLimit: { burst: 100_000, perSecond: 1000 },
  authFailureRateLimit: { burst: 100_000, perSecond: 1000 },
};

export async function startServer(
  handle: TestDatabaseHandle,
  clock: Clock,
  options: Partial<SyncServerOptions> = {},
): Promise<FastifyInstance> {
  return createSyncServer({ db: handle.db, clock, ...RELAXED_LIMITS, ...options });
}

/** The database and server a suite shares; read them inside hooks and tests. */
export interface ServerFixture {
  readonly handle: TestDatabaseHandle;
  readonly app: FastifyInstance;
}

/**
 * Registers beforeAll/afterAll hooks that open a migrated database on `backend` and start a
 * server on it, closed and disposed after the suite.
 */
export function useMigratedServer(
  backend: ServerBackend,
  clock: Clock,
  options: Partial<SyncServerOptions> = {},
): ServerFixture {
  let handle: TestDatabaseHandle | undefined;
  let app: FastifyInstance | undefined;
  const fixture: ServerFixture = {
    get handle() {
      if (handle === undefined) throw new Error('the database is opened in beforeAll');
      return handle;
    },
    get app() {
      if (app === undefined) throw new Error('the server is started in beforeAll');
      return app;
    },
  };
  beforeAll(async () => {
    handle = await openMigratedDatabase(backend);
    app = await startServer(handle, clock, options);
  });
  afterAll(async () => {
    await fixture.app.close();
    await fixture.handle.dispose();
  });
  return fixture;
}

/** A fresh studio with one enrolled desk and that desk's outbox, acting as the owner. */
export async function createStudioWithDesk(
  server: ServerFixture,
  clock: Clock,
): Promise<{ studio: TestStudio; desk: TestDesk; outbox: TestOutbox }> {
  const studio = await createStudio(server.handle.db, clock);
  const desk = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId);
  return { studio, desk, outbox: new TestOutbox(studio.ownerId, clock) };
}
