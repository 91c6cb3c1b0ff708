// The desk's side of B1's snapshot copy, ways of writing it alternated in one run (issue 21):
// `npx tsx bench/initial-sync-write-ab.ts [small|medium|large] [rounds]`.
// Not a benchmark of its own (run-benchmarks does not call it). The demo studio's snapshot
// pages are fetched once through HTTP and kept in memory; each round then writes them into
// fresh desks, one per writer (the per-row upsert of PulledRowsApplier against the plain
// multi-row inserts of SnapshotRowsWriter at several rows per statement), a transaction per
// page with the sync's bulk pragmas, and on the last desk builds the dropped indexes under
// several sets of pragmas (sort threads, temp store). Orders rotate round by round.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { DEMO_SCALE_PRESETS, isDemoScalePreset } from '../demo-generator/demo-scale';
import { secondaryIndexes } from '../src-main/store/bulk-load-indexes';
import { openDesk } from '../src-main/store/open-desk';
import { PulledRowsApplier, SnapshotRowsWriter } from '../src-main/sync/pulled-rows-applier';

import { MAX_PULL_LIMIT, type SyncRow } from '../src-shared/protocol/sync-messages';
import { syncedTables } from '../src-shared/sync/synced-tables';
import { createDemoWorld } from './demo-world';

const [preset = 'medium', roundsArg = '3'] = process.argv.slice(2);
if (!isDemoScalePreset(preset)) {
  throw new Error(
    `usage: initial-sync-write-ab.ts [${Object.keys(DEMO_SCALE_PRESETS).join('|')}] [rounds]`,
  );
}
const rounds = Number(roundsArg);
const seconds = (from: number) => Number(((performance.now() - from) / 1000).toFixed(3));
/** The sync's bulk page cache (sync-engine.ts BULK_PULL_CACHE_KIB). */
const BULK_CACHE_KIB = 128 * 1024;

type Pages = readonly { table: string; rows: readonly SyncRow[] }[];
type Write = (sqlite: BetterSqlite3.Database, table: string, rows: readonly SyncRow[]) => void;

function upsertWriter(sqlite: BetterSqlite3.Database): Write {
  const applier = new PulledRowsApplier(sqlite);
  return (_sqlite, table, rows) => {
    for (const row of rows) applier.apply({ op: 'upsert', table, row });
  };
}

function insertWriter(rowsPerStatement: number) {
  return (sqlite: BetterSqlite3.Database): Write => {
    const writer = new SnapshotRowsWriter(sqlite, rowsPerStatement);
    return (_sqlite, table, rows) => {
      writer.write(table, rows);
    };
  };
}

const writers: Record<string, (sqlite: BetterSqlite3.Database) => Write> = {
  upsert: upsertWriter,
  insert1: insertWriter(1),
  insert16: insertWriter(16),
  insert64: insertWriter(64),
  insert256: insertWriter(256),
};

/** Pragmas set around the index build, each restored after it. */
const indexBuilds: Record<string, Record<string, string | number>> = {
  plain: {},
  threads2: { threads: 2 },
  threads2mem: { threads: 2, temp_store: 'MEMORY' },
  mem: { temp_store: 'MEMORY' },
};

const world = await createDemoWorld(preset);
try {
  const desk = await world.newDesk('write A/B');
  const transport = world.transport(desk);
  const pages: { table: string; rows: readonly SyncRow[] }[] = [];
  for (const table of syncedTables) {
    let after: string | null = null;
    do {
      const page = await transport.snapshot(table.name, after, MAX_PULL_LIMIT);
      pages.push({ table: table.name, rows: page.rows });
      after = page.nextAfter;
    } while (after !== null);
  }
  const totalRows = pages.reduce((n, p) => n + p.rows.length, 0);
  console.error(`${pages.length} pages, ${totalRows} rows; load ${loadAverage()}`);

  const runs: Record<string, unknown>[] = [];
  const writerNames = Object.keys(writers);
  const buildNames = Object.keys(indexBuilds);
  for (let round = 0; round < rounds; round++) {
    const writeOrder = rotate(writerNames, round);
    for (const [i, name] of writeOrder.entries()) {
      const last = i === writeOrder.length - 1;
      const dir = mkdtempSync(join(tmpdir(), 'studio-write-ab-'));
      const fresh = await openDesk({ dataDir: dir });
      try {
        const sqlite = fresh.sqlite;
        const indexes = secondaryIndexes(sqlite);
        for (const index of indexes) sqlite.prepare(`drop index "${index.name}"`).run();
        const took = writePages(sqlite, pages, writers[name]?.(sqlite));
        const run: Record<string, unknown> = { round: round + 1, writer: name, writeSeconds: took };
        if (last) {
          for (const build of rotate(buildNames, round)) {
            run[`index_${build}`] = buildIndexes(sqlite, indexes, indexBuilds[build] ?? {});
          }
        }
        run['load'] = loadAverage();
        runs.push(run);
        console.error(JSON.stringify(run));
      } finally {
        await fresh.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  console.log(JSON.stringify({ preset, pages: pages.length, rows: totalRows, runs }, null, 2));
} finally {
  await world.dispose();
}

function writePages(sqlite: BetterSqlite3.Database, pages: Pages, write?: Write): number {
  if (!write) throw new Error('no such writer');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma(`cache_size = -${BULK_CACHE_KIB}`);
  sqlite.pragma(`wal_autocheckpoint = ${(BULK_CACHE_KIB * 1024) / 4096}`);
  sqlite.pragma('synchronous = NORMAL');
  const started = performance.now();
  for (const { table, rows } of pages) {
    sqlite.transaction(() => {
      write(sqlite, table, rows);
    })();
  }
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return seconds(started);
}

/** Builds every index in one transaction under `pragmas`, timed, then drops them again. */
function buildIndexes(
  sqlite: BetterSqlite3.Database,
  indexes: readonly { name: string; sql: string }[],
  pragmas: Record<string, string | number>,
): number {
  const saved = Object.keys(pragmas).map((name) => [name, sqlite.pragma(name, { simple: true })]);
  for (const [name, value] of Object.entries(pragmas)) sqlite.pragma(`${name} = ${value}`);
  const started = performance.now();
  sqlite.transaction(() => {
    for (const index of indexes) sqlite.prepare(index.sql).run();
  })();
  const took = seconds(started);
  for (const [name, value] of saved) sqlite.pragma(`${String(name)} = ${String(value)}`);
  sqlite.transaction(() => {
    for (const index of indexes) sqlite.prepare(`drop index "${index.name}"`).run();
  })();
  return took;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const at = by % items.length;
  return [...items.slice(at), ...items.slice(0, at)];
}

function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(2);
}
