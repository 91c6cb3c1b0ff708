import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { expect } from 'vitest';
import { DESK_DATABASE_FILE, type Desk } from '../../src-main/store/open-desk';
import { deskChecksums } from '../../src-main/sync/verify-and-repair';
import type { SyncTransport } from '../../src-main/sync/sync-transport';
import { syncedTables } from '../../src-shared/sync/synced-tables';

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
