// The desk's WAL is copied back when the desk is idle, away from the sale's commit (issue 21,
// B6): it must happen, restart the WAL without the next sale paying for it, keep the WAL
// bounded when writes never pause, lose nothing committed when the process is killed at any
// point, and end with the desk.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FALLBACK_AUTOCHECKPOINT_PAGES,
  openDeskDatabase,
  type CheckpointMode,
  type DeskDatabase,
} from '../../src-main/store/open-desk-database';
import { REPO_ROOT, TsxChild } from '../reliability/support/tsx-child';

const CHILD_SCRIPT = 'tests/desk/support/checkpointed-writer-child.ts';
/** SQLite's default page, plus the 24-byte header of each WAL frame. */
const FRAME_BYTES = 4096 + 24;
const MIB = 1 << 20;

let dir: string;
let file: string;
const opened: DeskDatabase<unknown>[] = [];

function open(mode?: CheckpointMode) {
  const database = openDeskDatabase<unknown>(file, mode);
  opened.push(database);
  database.sqlite.exec('create table if not exists blobs (id integer primary key, body blob)');
  return database;
}

const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/** Frames in the WAL since it last restarted (a PASSIVE checkpoint reports it). */
function walFrames(sqlite: BetterSqlite3.Database): number {
  const [result] = sqlite.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
  return result?.log ?? Number.NaN;
}

/** Waits up to `ms` for `test` to hold, looking every 10 ms. */
async function eventually(test: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'idle-checkpoint-'));
  file = join(dir, 'desk.sqlite');
});

afterEach(async () => {
  for (const database of opened.splice(0)) if (database.sqlite.open) await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the idle checkpoint', () => {
  it('copies committed pages into the database file once the desk is idle', async () => {
    const { sqlite } = open();
    const before = sizeOf(file);
    // 1 MiB is 256 pages: far below any automatic threshold, so only the idle copy moves it.
    sqlite.prepare('insert into blobs (body) values (?)').run(randomBytes(MIB));
    expect(sizeOf(file)).toBe(before);
    expect(await eventually(() => sizeOf(file) >= before + MIB, 5_000)).toBe(true);
  });

  it('leaves the pages in the WAL when the desk checkpoints inline (the old way)', async () => {
    const { sqlite } = open('inline');
    const before = sizeOf(file);
    sqlite.prepare('insert into blobs (body) values (?)').run(randomBytes(MIB));
    await sleep(1_500);
    expect(sizeOf(file)).toBe(before);
    expect(walFrames(sqlite)).toBeGreaterThan(256);
  });

  it('restarts the WAL itself, so the next sale does not fsync a new WAL header', async () => {
    const { sqlite } = open();
    const before = sizeOf(file);
    sqlite.prepare('insert into blobs (body) values (?)').run(randomBytes(MIB));
    expect(await eventually(() => sizeOf(file) >= before + MIB, 5_000)).toBe(true);
    // The one page the idle checkpoint wrote after copying is all the WAL holds.
    expect(walFrames(sqlite)).toBe(1);
    sqlite.prepare('insert into blobs (body) values (?)').run(randomBytes(100));
    expect(walFrames(sqlite)).toBeLessThanOrEqual(3);
  });

  it('stands aside while a bulk pull has raised the automatic threshold', async () => {
    const { sqlite } = open();
    sqlite.pragma('wal_autocheckpoint = 32768');
    const before = sizeOf(file);
    sqlite.prepare('insert into blobs (body) values (?)').run(randomBytes(MIB));
    await sleep(1_500);
    expect(sizeOf(file)).toBe(before);
    sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    sqlite.prepare('insert into blobs (body) values (?)').run(randomBytes(100));
    expect(await eventually(() => sizeOf(file) >= before + MIB, 5_000)).toBe(true);
  });

  it('never runs inside a transaction the desk holds open across an await', async () => {
    const { sqlite } = open();
    sqlite.prepare('insert into blobs (body) values (?)').run(randomBytes(MIB));
    sqlite.exec('begin immediate');
    await sleep(1_500);
    const versionWritten = sqlite.pragma('user_version', { simple: true });
    sqlite.exec('rollback');
    expect(versionWritten).toBe(0);
    expect(walFrames(sqlite)).toBeGreaterThan(256);
  });

  it(`keeps the WAL under ${FALLBACK_AUTOCHECKPOINT_PAGES} pages plus one commit when writes never pause`, () => {
    const { sqlite } = open();
    const rows = 64;
    const fill = sqlite.prepare('insert or replace into blobs (id, body) values (?, ?)');
    const commit = sqlite.transaction((round: number) => {
      for (let id = 0; id < rows; id++) fill.run(id, randomBytes(2000 + (round % 7)));
    });
    // One commit rewrites about 40 pages; 500 of them write twice the fallback threshold,
    // in a loop that never returns to the event loop, so the desk is never idle.
    const pagesPerCommit = 64;
    const bound = (FALLBACK_AUTOCHECKPOINT_PAGES + pagesPerCommit) * FRAME_BYTES + 32;
    let largest = 0;
    for (let round = 0; round < 500; round++) {
      commit(round);
      largest = Math.max(largest, sizeOf(`${file}-wal`));
    }
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThanOrEqual(bound);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 120_000);

  it('stops with the desk: no tick touches the closed handle', async () => {
    const database = open();
    database.sqlite.prepare('insert into blobs (body) values (?)').run(randomBytes(MIB));
    await database.close();
    await sleep(1_200);
    expect(database.sqlite.open).toBe(false);
    // The desk's was the last connection: SQLite checkpointed and removed the WAL on close.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});

describe('a desk process with the idle checkpoint', () => {
  it('exits once it closes the desk: the timer neither keeps it alive nor cuts it short', () => {
    // Not a TsxChild: its parent watch keeps stdin open, and this test is about exiting alone.
    const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, file, '40'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(child.signal, 'killed by the timeout: something kept the process alive').toBeNull();
    expect(child.status, child.stderr).toBe(0);
    const lines = child.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('row '))).toHaveLength(40);
    expect(lines.at(-1)).toBe('finished');
  }, 60_000);
});

describe('a desk process killed while its WAL is being copied back', () => {
  it('keeps every committed row and a sound file, kill after kill', async () => {
    const acknowledged: number[] = [];
    for (let kill = 0; kill < 6; kill++) {
      const child = new TsxChild(CHILD_SCRIPT, [file, '100000']);
      try {
        await child.waitForLine((line) => line === 'ready', 60_000);
        await child.waitForLine((line) => line.startsWith('row '), 60_000);
        await sleep(100 + kill * 400);
      } finally {
        await child.kill();
      }
      const rows = child.lines.filter((l) => l.startsWith('row ')).map((l) => Number(l.slice(4)));
      expect(rows.length).toBeGreaterThan(0);
      acknowledged.push(...rows);

      const check = new BetterSqlite3(file);
      try {
        expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
        const ids = new Set(
          (check.prepare('select id from ledger').all() as { id: number }[]).map((r) => r.id),
        );
        expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
      } finally {
        check.close();
      }
    }
  }, 600_000);
});
