// Where B1's time goes: `npx tsx bench/initial-sync-breakdown.ts [small|medium|large]`.
// Not a benchmark of its own (run-benchmarks does not call it): each part of the initial
// sync is timed alone, one after the other, so the parts do not overlap as they do in the
// real sync (which fetches the next page while it applies this one).
import { performance } from 'node:perf_hooks';
import { DEMO_SCALE_PRESETS, isDemoScalePreset } from '../demo-generator/demo-scale';
import { openDesk } from '../src-main/store/open-desk';
import { PulledRowsApplier } from '../src-main/sync/pulled-rows-applier';
import {
  MAX_PULL_LIMIT,
  pullResponseSchema,
  snapshotResponseSchema,
  type PullResponse,
  type RowChange,
} from '../src-shared/protocol/sync-messages';
import { syncedTables } from '../src-shared/sync/synced-tables';
import { tenantDatabase } from '../sync-server/db/tenant-database';
import { readPullPage } from '../sync-server/sync/pull-service';
import { readSnapshotPage } from '../sync-server/sync/proof-service';
import { dropSecondaryIndexes, rebuildDroppedIndexes } from '../src-main/store/bulk-load-indexes';
import { createDemoWorld } from './demo-world';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const preset = process.argv[2] ?? 'small';
if (!isDemoScalePreset(preset)) {
  throw new Error(
    `usage: initial-sync-breakdown.ts [${Object.keys(DEMO_SCALE_PRESETS).join('|')}]`,
  );
}
const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const ms = (from: number) => performance.now() - from;
const seconds = (millis: number) => (millis / 1000).toFixed(2);

const world = await createDemoWorld(preset);
try {
  const desk = await world.newDesk('breakdown');
  const identity = desk.identity;
  if (!identity) throw new Error('not enrolled');
  const device = { deviceId: identity.deviceId, tenantId: identity.tenantId };
  const tenants = tenantDatabase(world.database.db);
  const report: Record<string, unknown> = { preset, demoRows: world.demoRows };

  // 1. The server's page reads alone (in this process, no HTTP): the change-log pull.
  let after = 0;
  let serverMs = 0;
  let pages = 0;
  for (;;) {
    const started = performance.now();
    const page = await readPullPage({ tenants, log: silentLog }, device, {
      after,
      limit: MAX_PULL_LIMIT,
    });
    serverMs += ms(started);
    pages++;
    after = page.position;
    if (!page.hasMore) break;
  }
  report['changeLogRead'] = { pages, seconds: seconds(serverMs) };

  // 1b. The same rows read table by table in keyset pages (the snapshot endpoint's reader).
  const snapshotPerTable: Record<string, string> = {};
  let snapshotMs = 0;
  for (const table of syncedTables) {
    const started = performance.now();
    let key: string | undefined;
    do {
      const page = await readSnapshotPage(tenants, device, {
        table: table.name,
        after: key,
        limit: MAX_PULL_LIMIT,
      });
      key = page.nextAfter ?? undefined;
    } while (key !== undefined);
    const took = ms(started);
    snapshotMs += took;
    if (took > 20) snapshotPerTable[table.name] = seconds(took);
  }
  report['snapshotRead'] = { seconds: seconds(snapshotMs), tablesOver20ms: snapshotPerTable };

  // 2. Through HTTP: time to the whole body, then JSON.parse, then the schema's check.
  const token = identity.deviceToken;
  const fetched: PullResponse[] = [];
  let httpMs = 0;
  let parseMs = 0;
  let checkMs = 0;
  let bytes = 0;
  after = 0;
  for (;;) {
    let started = performance.now();
    const response = await fetch(
      new URL(`/v1/pull?after=${after}&limit=${MAX_PULL_LIMIT}`, identity.serverUrl),
      { headers: { authorization: `Bearer ${token}` } },
    );
    const text = await response.text();
    httpMs += ms(started);
    bytes += text.length;
    started = performance.now();
    const json: unknown = JSON.parse(text);
    parseMs += ms(started);
    started = performance.now();
    const page = pullResponseSchema.parse(json);
    checkMs += ms(started);
    fetched.push(page);
    after = page.position;
    if (!page.hasMore) break;
  }
  report['changeLogHttp'] = {
    seconds: seconds(httpMs),
    megabytes: (bytes / 1e6).toFixed(1),
    jsonParseSeconds: seconds(parseMs),
    schemaCheckSeconds: seconds(checkMs),
  };
  let snapshotHttpMs = 0;
  for (const table of syncedTables) {
    let key: string | null = null;
    do {
      const query = new URLSearchParams({ table: table.name, limit: String(MAX_PULL_LIMIT) });
      if (key !== null) query.set('after', key);
      const started = performance.now();
      const response = await fetch(
        new URL(`/v1/snapshot?${query.toString()}`, identity.serverUrl),
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      const page = snapshotResponseSchema.parse(await response.json());
      snapshotHttpMs += ms(started);
      key = page.nextAfter;
    } while (key !== null);
  }
  report['snapshotHttpWithParse'] = { seconds: seconds(snapshotHttpMs) };

  // 3. The desk's apply, per table, into fresh desks: as today, and with indexes dropped.
  for (const dropIndexes of [false, true]) {
    const dir = mkdtempSync(join(tmpdir(), 'studio-breakdown-'));
    const fresh = await openDesk({ dataDir: dir });
    try {
      fresh.sqlite.pragma('foreign_keys = OFF');
      fresh.sqlite.pragma('cache_size = -131072');
      fresh.sqlite.pragma('wal_autocheckpoint = 32768');
      if (dropIndexes) dropSecondaryIndexes(fresh.sqlite);
      const applier = new PulledRowsApplier(fresh.sqlite);
      const perTable = new Map<string, number>();
      let commitMs = 0;
      const started = performance.now();
      for (const page of fetched) {
        fresh.sqlite.pragma('synchronous = NORMAL');
        fresh.sqlite.prepare('begin').run();
        let run: RowChange[] = [];
        const flush = () => {
          const first = run[0];
          if (!first) return;
          const t = performance.now();
          for (const change of run) applier.apply(change);
          perTable.set(first.table, (perTable.get(first.table) ?? 0) + ms(t));
          run = [];
        };
        for (const change of page.changes) {
          if (run[0] && run[0].table !== change.table) flush();
          run.push(change);
        }
        flush();
        const committing = performance.now();
        fresh.sqlite.prepare('commit').run();
        commitMs += ms(committing);
      }
      fresh.sqlite.pragma('synchronous = FULL');
      const applyMs = ms(started);
      const rebuildStarted = performance.now();
      if (dropIndexes) rebuildDroppedIndexes(fresh.sqlite);
      const rebuildMs = ms(rebuildStarted);
      const optimizeStarted = performance.now();
      fresh.sqlite.pragma('optimize = 0x10002');
      const optimizeMs = ms(optimizeStarted);
      const checkpointStarted = performance.now();
      fresh.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      const checkpointMs = ms(checkpointStarted);
      const top = [...perTable.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([name, took]) => `${name} ${seconds(took)}`);
      report[dropIndexes ? 'deskApplyIndexesDropped' : 'deskApply'] = {
        applySeconds: seconds(applyMs),
        commitSeconds: seconds(commitMs),
        rebuildIndexesSeconds: seconds(rebuildMs),
        optimizeSeconds: seconds(optimizeMs),
        checkpointSeconds: seconds(checkpointMs),
        slowestTables: top,
      };
    } finally {
      await fresh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(JSON.stringify(report, null, 2));
} finally {
  await world.dispose();
}
