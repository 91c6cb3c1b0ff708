// Where the snapshot copy of B1 spends its time (issue 21):
// `npx tsx bench/initial-sync-snapshot-breakdown.ts [small|medium|large]`.
// Not a benchmark of its own (run-benchmarks does not call it): each part of the copy is
// timed alone, one after the other, where the real sync overlaps them (it asks for the
// next pages while it writes this one). The parts: the server's keyset reads at two page
// sizes (their difference is the fixed cost of a page), the same pages through HTTP (body,
// JSON.parse, schema check), a one-row request per table (the fixed cost of a request), the
// desk's writes of the pages with its indexes set aside, and last the real sync, parts
// overlapped, with the share of it the desk spent waiting for the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_SCALE_PRESETS, isDemoScalePreset } from '../demo-generator/demo-scale';
import { dropSecondaryIndexes, rebuildDroppedIndexes } from '../src-main/store/bulk-load-indexes';
import { openDesk } from '../src-main/store/open-desk';
import { SnapshotRowsWriter } from '../src-main/sync/pulled-rows-applier';
import { syncOnce } from '../src-main/sync/sync-engine';
import {
  MAX_PULL_LIMIT,
  snapshotResponseSchema,
  type SnapshotResponse,
} from '../src-shared/protocol/sync-messages';
import { syncedTables } from '../src-shared/sync/synced-tables';
import { tenantDatabase } from '../sync-server/db/tenant-database';
import { readSnapshotPage } from '../sync-server/sync/proof-service';
import { createDemoWorld } from './demo-world';

const preset = process.argv[2] ?? 'small';
if (!isDemoScalePreset(preset)) {
  throw new Error(
    `usage: initial-sync-snapshot-breakdown.ts [${Object.keys(DEMO_SCALE_PRESETS).join('|')}]`,
  );
}
const ms = (from: number) => performance.now() - from;
const seconds = (millis: number) => Number((millis / 1000).toFixed(3));

const world = await createDemoWorld(preset);
try {
  const desk = await world.newDesk('snapshot breakdown');
  const identity = desk.identity;
  if (!identity) throw new Error('not enrolled');
  const device = { deviceId: identity.deviceId, tenantId: identity.tenantId };
  const tenants = tenantDatabase(world.database.db);
  const report: Record<string, unknown> = { preset, demoRows: world.demoRows };
  const auth = { authorization: `Bearer ${identity.deviceToken}` };

  // 1. The server's keyset reads in this process (no HTTP), at two page sizes.
  for (const limit of [MAX_PULL_LIMIT, 1000]) {
    let pages = 0;
    let rows = 0;
    const started = performance.now();
    for (const table of syncedTables) {
      let after: string | undefined;
      do {
        const page = await readSnapshotPage(tenants, device, { table: table.name, after, limit });
        pages++;
        rows += page.rows.length;
        after = page.nextAfter ?? undefined;
      } while (after !== undefined);
    }
    report[`serverRead${limit}`] = { pages, rows, seconds: seconds(ms(started)) };
  }

  // 2. The same pages through HTTP: the whole body, JSON.parse, the schema's check.
  const fetched: { table: string; page: SnapshotResponse }[] = [];
  let bodyMs = 0;
  let parseMs = 0;
  let checkMs = 0;
  let bytes = 0;
  for (const table of syncedTables) {
    let after: string | null = null;
    do {
      const query = new URLSearchParams({ table: table.name, limit: String(MAX_PULL_LIMIT) });
      if (after !== null) query.set('after', after);
      let started = performance.now();
      const response = await fetch(new URL(`/v1/snapshot?${query}`, identity.serverUrl), {
        headers: auth,
      });
      const text = await response.text();
      bodyMs += ms(started);
      bytes += text.length;
      started = performance.now();
      const json: unknown = JSON.parse(text);
      parseMs += ms(started);
      started = performance.now();
      const page = snapshotResponseSchema.parse(json);
      checkMs += ms(started);
      fetched.push({ table: table.name, page });
      after = page.nextAfter;
    } while (after !== null);
  }
  report['httpPages'] = {
    pages: fetched.length,
    bodySeconds: seconds(bodyMs),
    megabytes: Number((bytes / 1e6).toFixed(1)),
    jsonParseSeconds: seconds(parseMs),
    schemaCheckSeconds: seconds(checkMs),
  };

  // 3. The fixed cost of a request: one row of each table.
  {
    const started = performance.now();
    for (const table of syncedTables) {
      const query = new URLSearchParams({ table: table.name, limit: '1' });
      const response = await fetch(new URL(`/v1/snapshot?${query}`, identity.serverUrl), {
        headers: auth,
      });
      await response.text();
    }
    const took = ms(started);
    report['oneRowRequests'] = {
      requests: syncedTables.length,
      seconds: seconds(took),
      msPerRequest: Number((took / syncedTables.length).toFixed(2)),
    };
  }

  // 4. The desk's writes of the pages, a transaction per page, indexes built after.
  const dir = mkdtempSync(join(tmpdir(), 'studio-snapshot-breakdown-'));
  const fresh = await openDesk({ dataDir: dir });
  try {
    fresh.sqlite.pragma('foreign_keys = OFF');
    dropSecondaryIndexes(fresh.sqlite);
    // As the copy writes its pages: plain multi-row inserts into tables it began empty.
    const writer = new SnapshotRowsWriter(fresh.sqlite);
    const started = performance.now();
    fresh.sqlite.pragma('synchronous = NORMAL');
    for (const { table, page } of fetched) {
      fresh.sqlite.transaction(() => {
        writer.write(table, page.rows);
      })();
    }
    fresh.sqlite.pragma('synchronous = FULL');
    const applyMs = ms(started);
    const rebuildStarted = performance.now();
    rebuildDroppedIndexes(fresh.sqlite);
    report['deskWrite'] = {
      applySeconds: seconds(applyMs),
      rebuildIndexesSeconds: seconds(ms(rebuildStarted)),
    };
  } finally {
    await fresh.close();
    rmSync(dir, { recursive: true, force: true });
  }
  // 5. The real sync of a fresh desk, parts overlapped: the desk's event loop utilisation
  // says how much of it the desk spent working rather than waiting for the server.
  {
    const syncing = await world.newDesk('snapshot breakdown sync');
    const started = performance.now();
    const loop = performance.eventLoopUtilization();
    const synced = await syncOnce(syncing, world.transport(syncing));
    const busy = performance.eventLoopUtilization(loop).utilization;
    const took = ms(started);
    report['realSync'] = {
      rows: synced.pulledRows,
      seconds: seconds(took),
      deskBusy: Number(busy.toFixed(2)),
      deskWaitingSeconds: seconds(took * (1 - busy)),
    };
  }
  console.log(JSON.stringify(report, null, 2));
} finally {
  await world.dispose();
}
