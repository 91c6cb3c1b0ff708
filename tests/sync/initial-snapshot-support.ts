import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { secondaryIndexes } from '../../src-main/store/bulk-load-indexes';
import { DESK_DATABASE_FILE, openDesk, type Desk } from '../../src-main/store/open-desk';
import { SNAPSHOT_CURSOR } from '../../src-main/sync/initial-snapshot';
import { enrollDesk } from '../../src-main/sync/enrollment';
import { deskChecksums } from '../../src-main/sync/verify-and-repair';
import type { SyncTransport } from '../../src-main/sync/sync-transport';
import { syncedTables } from '../../src-shared/sync/synced-tables';
import { createDemoTenant } from '../../sync-server/admin/demo-admin';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import type { ServerBackend } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from './sync-harness';

/** The small demo studio on a sync server, and the desks and folders a test makes there. */
export interface DemoStudio {
  readonly world: SyncWorld;
  readonly tenantId: string;
  /** A fresh folder, removed after the tests. */
  newDir(): string;
  /** A desk opened on `dataDir`, closed after the tests. */
  openDesk(dataDir: string): Promise<Desk>;
  /** A desk in a fresh folder, enrolled into the demo studio, nothing pulled yet. */
  enrolledEmptyDesk(name: string): Promise<Desk>;
}

/**
 * Sets up, for the tests of the calling `describe`, the small demo studio (some 6,000 rows
 * over most synced tables) on a fresh sync world of `backend`, and removes the world, the
 * desks and the folders after them. The studio is read through the returned object once
 * the `beforeAll` it registers has run.
 */
export function demoStudioForSnapshots(backend: ServerBackend, folderPrefix: string): DemoStudio {
  let world: SyncWorld | undefined;
  let tenantId: string | undefined;
  const dirs: string[] = [];
  const desks: Desk[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the demo studio is set up in beforeAll');
    return value;
  };

  beforeAll(async () => {
    world = await createSyncWorld(backend);
    tenantId = (await createDemoTenant({ db: world.database.db, clock: world.clock })).tenantId;
  }, 240_000);

  afterAll(async () => {
    for (const desk of desks) await desk.close();
    await world?.dispose();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const studio: DemoStudio = {
    get world() {
      return ready(world);
    },
    get tenantId() {
      return ready(tenantId);
    },
    newDir() {
      const dir = mkdtempSync(join(tmpdir(), folderPrefix));
      dirs.push(dir);
      return dir;
    },
    async openDesk(dataDir) {
      const desk = await openDesk({ dataDir });
      desks.push(desk);
      return desk;
    },
    async enrolledEmptyDesk(name) {
      const desk = await studio.openDesk(studio.newDir());
      const { world: w, tenantId: tenant } = studio;
      const { code } = await createEnrollmentCode(
        { db: w.database.db, clock: w.clock },
        { tenantId: tenant },
      );
      await enrollDesk(desk, w.url, code, name);
      return desk;
    },
  };
  return studio;
}

/** One request a desk made, as the snapshot tests look at it. */
export interface SeenRequest {
  readonly path: string;
  readonly table: string | null;
  readonly after: string | null;
}

/**
 * Real fetch, recording every request; `before.run` runs (awaited) before the snapshot
 * request `before.when` picks (given the request and how many snapshot requests came before).
 */
export function watchedFetch(before?: {
  when: (request: SeenRequest, earlierSnapshots: number) => boolean;
  run: () => Promise<void>;
}) {
  const requests: SeenRequest[] = [];
  let snapshots = 0;
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const seen = {
      path: url.pathname,
      table: url.searchParams.get('table'),
      after: url.searchParams.get('after'),
    };
    requests.push(seen);
    if (url.pathname === '/v1/snapshot') {
      // Counted before `run` is awaited: requests made meanwhile see the count moved on.
      const earlier = snapshots++;
      if (before?.when(seen, earlier)) await before.run();
    }
    return fetch(input, init);
  };
  return { fetchImpl, requests };
}

/**
 * What a SIGKILL leaves on disk while a request is in flight: the committed pages in the
 * WAL, no transaction open (the desk is awaiting the server). Copies the desk's files into
 * `image`, then fails the request as a dead process would never see it answered.
 */
export function killInto(desk: Desk, image: string): () => Promise<void> {
  return () => {
    for (const suffix of ['', '-wal']) {
      const file = join(desk.dataDir, DESK_DATABASE_FILE + suffix);
      if (existsSync(file)) copyFileSync(file, join(image, DESK_DATABASE_FILE + suffix));
    }
    copyFileSync(join(desk.dataDir, 'device.json'), join(image, 'device.json'));
    return Promise.reject(new TypeError('fetch failed: the desk was killed'));
  };
}

/** What a killed desk's files hold of its copy, read without opening (and so restoring) it. */
export function readKilledImage(image: string) {
  const raw = new BetterSqlite3(join(image, DESK_DATABASE_FILE));
  try {
    const cursor = raw.prepare(`select table_index, after_key from ${SNAPSHOT_CURSOR}`).get() as {
      table_index: number;
      after_key: string | null;
    };
    return { cursor, tables: tableNames(raw), indexes: secondaryIndexes(raw).map((i) => i.name) };
  } finally {
    raw.close();
  }
}

export function tableNames(sqlite: BetterSqlite3.Database): string[] {
  return (
    sqlite.prepare(`select name from sqlite_master where type = 'table'`).all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

export function checkpointOf(desk: Desk): number {
  return (
    desk.sqlite.prepare('select checkpoint from desk_sync_state').get() as { checkpoint: number }
  ).checkpoint;
}

/** The synced tables the desk holds rows of, in the order desks hold tables. */
export function tablesWithRows(desk: Desk): string[] {
  return syncedTables
    .filter((t) => desk.sqlite.prepare(`select 1 from "${t.name}" limit 1`).get() !== undefined)
    .map((t) => t.name);
}

/** The desk's checksums equal the server's, table by table, at its checkpoint (R6.1, R6.2). */
export async function expectEqualToServer(desk: Desk, transport: SyncTransport): Promise<void> {
  const server = await transport.checksums();
  expect(checkpointOf(desk)).toBe(server.position);
  const serverByTable = new Map(server.tables.map((t) => [t.table, t]));
  const local = deskChecksums(desk);
  expect(local.map((t) => ({ ...t, server: serverByTable.get(t.table) }))).toEqual(
    local.map((t) => ({ ...t, server: t })),
  );
  expect(local.reduce((sum, t) => sum + t.rows, 0)).toBeGreaterThan(5000);
}
