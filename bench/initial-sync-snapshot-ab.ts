// B1's initial sync, two versions of the desk alternated in one run (issue 21):
// `npx tsx bench/initial-sync-snapshot-ab.ts <small|medium|large> <rounds> <rootA> <rootB>`.
// Each root is a checkout of the project (node_modules beside it); the desk's modules are
// loaded from each, while the demo studio, the sync server (a child process) and the raw
// bound come from the tree this file runs in. Rounds go A B, then B A, and so on, with the
// raw bound (B1's, indexes kept) measured before the first sync and after every pair, so
// each sync is set against the bounds taken just before and just after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { isDemoScalePreset } from '../demo-generator/demo-scale';
import type * as OpenDesk from '../src-main/store/open-desk';
import type * as Enrollment from '../src-main/sync/enrollment';
import type * as SyncEngine from '../src-main/sync/sync-engine';
import type * as Transport from '../src-main/sync/sync-transport';
import { createEnrollmentCode } from '../sync-server/admin/device-admin';
import { createDemoWorld } from './demo-world';
import { measureRawCopyBound } from './raw-copy-bound';

type OpenDeskModule = typeof OpenDesk;
type EnrollmentModule = typeof Enrollment;
type SyncEngineModule = typeof SyncEngine;
type TransportModule = typeof Transport;

interface DeskVersion {
  readonly label: string;
  readonly openDesk: OpenDeskModule['openDesk'];
  readonly enrollDesk: EnrollmentModule['enrollDesk'];
  readonly syncOnce: SyncEngineModule['syncOnce'];
  readonly createHttpTransport: TransportModule['createHttpTransport'];
}

async function loadVersion(label: string, root: string): Promise<DeskVersion> {
  const load = async <T>(path: string) =>
    (await import(pathToFileURL(join(resolve(root), path)).href)) as T;
  return {
    label,
    openDesk: (await load<OpenDeskModule>('src-main/store/open-desk.ts')).openDesk,
    enrollDesk: (await load<EnrollmentModule>('src-main/sync/enrollment.ts')).enrollDesk,
    syncOnce: (await load<SyncEngineModule>('src-main/sync/sync-engine.ts')).syncOnce,
    createHttpTransport: (await load<TransportModule>('src-main/sync/sync-transport.ts'))
      .createHttpTransport,
  };
}

const [preset = 'small', roundsArg = '2', rootA, rootB] = process.argv.slice(2);
if (!isDemoScalePreset(preset) || !rootA || !rootB) {
  throw new Error('usage: initial-sync-snapshot-ab.ts <preset> <rounds> <rootA> <rootB>');
}
const versions = [await loadVersion('A', rootA), await loadVersion('B', rootB)] as const;
const rounds = Number(roundsArg);

const world = await createDemoWorld(preset);
try {
  async function timedSync(version: DeskVersion) {
    const dir = mkdtempSync(join(tmpdir(), 'studio-snapshot-ab-'));
    const desk = await version.openDesk({ dataDir: dir });
    try {
      const { code } = await createEnrollmentCode(
        { db: world.database.db },
        { tenantId: world.tenantId },
      );
      await version.enrollDesk(desk, world.server.url, code, `A/B desk ${version.label}`);
      const identity = desk.identity;
      if (!identity) throw new Error('not enrolled');
      const transport = version.createHttpTransport(identity.serverUrl, () => identity.deviceToken);
      const started = performance.now();
      const loop = performance.eventLoopUtilization();
      const report = await version.syncOnce(desk, transport);
      // The desk's share of the sync spent working, not waiting for the server's answers.
      const busy = performance.eventLoopUtilization(loop).utilization;
      const seconds = (performance.now() - started) / 1000;
      return {
        rows: report.pulledRows,
        seconds,
        rowsPerSecond: report.pulledRows / seconds,
        deskBusy: busy,
      };
    } finally {
      await desk.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const bounds = [(await measureRawCopyBound(world.database.url)).rowsPerSecond];
  const runs: Record<string, unknown>[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? versions : ([versions[1], versions[0]] as const);
    const synced = [];
    for (const version of order) synced.push({ version, ...(await timedSync(version)) });
    bounds.push((await measureRawCopyBound(world.database.url)).rowsPerSecond);
    const bound = ((bounds.at(-2) ?? 0) + (bounds.at(-1) ?? 0)) / 2;
    for (const { version, rows, seconds, rowsPerSecond, deskBusy } of synced) {
      const run = {
        round: round + 1,
        version: version.label,
        rows,
        seconds: Number(seconds.toFixed(2)),
        rowsPerSecond: Math.round(rowsPerSecond),
        boundRowsPerSecond: Math.round(bound),
        slowerThanBound: Number((bound / rowsPerSecond).toFixed(2)),
        deskBusy: Number(deskBusy.toFixed(2)),
      };
      runs.push(run);
      console.error(JSON.stringify(run));
    }
  }
  console.log(JSON.stringify({ preset, demoRows: world.demoRows, rootA, rootB, runs }, null, 2));
} finally {
  await world.dispose();
}
