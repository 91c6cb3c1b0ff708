// `npx tsx bench/digests-small-pull.ts [pulls]`: the latency of B4's pulls on their own. One
// desk sells one gift card and pushes it; then the page holding that sale is pulled again and
// again, as desk A pulls it after its push (own rows as digests, compared with its copy) and as
// desk B pulls it (rows in full), each timed from request to answer parsed, server included.
//
// DIGESTS_OLD_TREE=DIR (a copy of the repository with the code before the change) also starts
// that copy's server on the same database and alternates every request between the two
// servers (and the two desk comparisons), so both see the same machine load.
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import type { PullResponse } from '../src-shared/protocol/sync-messages';
import { pullChanges, pushOutbox, syncOnce } from '../src-main/sync/sync-engine';
import type * as SyncEngineModule from '../src-main/sync/sync-engine';
import { OwnRowDigests } from '../src-main/sync/own-row-digests';
import { createHttpTransport, type SyncTransport } from '../src-main/sync/sync-transport';
import type * as OwnRowDigestsModule from '../src-main/sync/own-row-digests';
import { fixed } from './bench-report';
import type * as ServerProcess from './sync-server-process';
import { sellGiftCard } from './bench-sales';
import { summarize } from './bench-stats';
import { createDemoWorld } from './demo-world';

const pulls = Number(process.argv[2] ?? 300);
const oldTree = process.env['DIGESTS_OLD_TREE'];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Variant {
  readonly name: string;
  /** The server's statements, round trips and CPU so far (sync-server-child.ts counts them). */
  readonly work: () => Promise<{ statements: number; roundTrips: number; cpuMicros: number }>;
  readonly transport: SyncTransport;
  readonly compare: (page: PullResponse, transport: SyncTransport) => Promise<unknown>;
  readonly digestMs: number[];
  readonly fullMs: number[];
}

async function main() {
  console.log(`load ${load()}`);
  const world = await createDemoWorld('small');
  const stops: (() => Promise<void>)[] = [];
  try {
    const desk = await world.newDesk('Small pull');
    const transport = world.transport(desk);
    await syncOnce(desk, transport);
    const actorId = await world.signIn(desk);
    const { checkpoint } = desk.sqlite.prepare('select checkpoint from desk_sync_state').get() as {
      checkpoint: number;
    };
    await sellGiftCard(desk, actorId, 'small_pull');
    await pushOutbox(desk, transport);
    const tenantId = desk.identity?.tenantId ?? '';
    const own = new OwnRowDigests(desk.sqlite, tenantId);
    const variants: Variant[] = [
      {
        name: 'new',
        work: () => world.server.work(),
        transport,
        compare: (page, t) => own.fetchDiffering(page, t),
        digestMs: [],
        fullMs: [],
      },
    ];
    if (oldTree !== undefined) {
      const processModule = (await import(
        `${oldTree}/bench/sync-server-process.ts`
      )) as typeof ServerProcess;
      const digestsModule = (await import(
        `${oldTree}/src-main/sync/own-row-digests.ts`
      )) as typeof OwnRowDigestsModule;
      const server = await processModule.startSyncServerProcess({
        databaseUrl: world.database.url,
        maxConnections: 10,
        defaultDeviceLimits: false,
      });
      stops.push(() => server.stop());
      const token = desk.identity?.deviceToken ?? '';
      const ownBefore = new digestsModule.OwnRowDigests(desk.sqlite, tenantId);
      variants.unshift({
        name: 'old',
        work: () => server.work(),
        transport: createHttpTransport(server.url, () => token),
        compare: (page, t) => ownBefore.fetchDiffering(page, t),
        digestMs: [],
        fullMs: [],
      });
    }
    const workBefore = new Map<string, Awaited<ReturnType<Variant['work']>>>();
    for (let n = 0; n < pulls + 20; n++) {
      if (n === 20) for (const v of variants) workBefore.set(v.name, await v.work());
      for (const v of n % 2 === 0 ? variants : [...variants].reverse()) {
        let started = performance.now();
        const page = await v.transport.pull(checkpoint, 10_000, { ownRows: 'digest' });
        await v.compare(page, v.transport);
        if (n >= 20) v.digestMs.push(performance.now() - started);
        started = performance.now();
        await v.transport.pull(checkpoint, 10_000);
        if (n >= 20) v.fullMs.push(performance.now() - started);
      }
    }
    for (const v of variants) {
      const d = summarize(v.digestMs);
      const f = summarize(v.fullMs);
      const before = workBefore.get(v.name);
      const after = await v.work();
      const per = (k: 'statements' | 'roundTrips' | 'cpuMicros') =>
        fixed((after[k] - (before?.[k] ?? 0)) / (2 * pulls), 2);
      console.log(
        `${v.name}: ${pulls} pulls of one sale's page: own rows as digests p50 ${fixed(d.p50, 2)} ms p99 ${fixed(d.p99, 2)} ms; ` +
          `in full p50 ${fixed(f.p50, 2)} ms p99 ${fixed(f.p99, 2)} ms; per pull: ${per('statements')} statements, ` +
          `${per('roundTrips')} round trips, ${per('cpuMicros')} µs server CPU`,
      );
    }
    if (oldTree !== undefined) {
      // B4's desk A after each sale: push, then the whole pull (request, comparison, commit),
      // with the old tree's pull code and this tree's alternated on the same desk and server.
      const engineModule = (await import(
        `${oldTree}/src-main/sync/sync-engine.ts`
      )) as typeof SyncEngineModule;
      const pullMs = { old: [] as number[], new: [] as number[] };
      for (let n = 0; n < pulls + 20; n++) {
        const order = n % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
        for (const name of order) {
          await sellGiftCard(desk, actorId, `small_pull_${name}_${n}`);
          await pushOutbox(desk, transport);
          const started = performance.now();
          await (name === 'old' ? engineModule.pullChanges : pullChanges)(desk, transport);
          if (n >= 20) pullMs[name].push(performance.now() - started);
        }
      }
      const o = summarize(pullMs.old);
      const w = summarize(pullMs.new);
      console.log(
        `desk A's pull after each of ${pulls} sales: old p50 ${fixed(o.p50, 2)} ms p99 ${fixed(o.p99, 2)} ms; ` +
          `new p50 ${fixed(w.p50, 2)} ms p99 ${fixed(w.p99, 2)} ms; ratio p50 ${fixed(w.p50 / o.p50, 2)}`,
      );
    }
  } finally {
    for (const stop of stops) await stop();
    await world.dispose();
  }
  console.log(`load ${load()}`);
}

await main();
