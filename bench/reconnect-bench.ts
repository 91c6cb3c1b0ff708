import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Desk } from '../src-main/store/open-desk';
import { syncOnce } from '../src-main/sync/sync-engine';
import { startLiveSync, type LiveSync } from '../src-main/sync/live-sync';
import { fixed, times, type BenchOutcome } from './bench-report';
import { countOrders, sellGiftCard } from './bench-sales';
import { createDemoWorld, type DemoWorld } from './demo-world';
import {
  describeBreakdown,
  emptyBreakdown,
  measuredTransport,
  type SyncBreakdown,
} from './sync-breakdown';

const GIVE_UP_MS = 120_000;

interface StormResult {
  readonly desks: number;
  readonly finished: boolean;
  readonly seconds: number;
  /** Milliseconds after reconnecting at which each desk held every sale. */
  readonly visibleAtMs: readonly number[];
  readonly committedOnServer: number;
  /** Each desk's requests: push and pull time, pages, rows, digests (sync-breakdown.ts). */
  readonly breakdown: readonly SyncBreakdown[];
  /** Sync rounds each desk ran until it held every sale. */
  readonly rounds: readonly number[];
  /** Milliseconds after reconnecting at which each desk's last push was answered. */
  readonly pushedAtMs: readonly number[];
  /** Seconds from the last push answered until every desk held every sale. */
  readonly tailSeconds: number;
}

async function appliedSales(world: DemoWorld): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from mutation_log
    where tenant_id = ${world.tenantId} and outcome = 'applied' and name = 'pos.sale'`.execute(
    world.database.db,
  );
  return result.rows[0]?.n ?? 0;
}

/**
 * `deskCount` fresh desks each ring up `salesPerDesk` sales offline, then reconnect at the
 * same moment (live sync starts on all). Timed: from reconnecting until every desk's copy
 * holds all of the sales, which it can only get from the server after the server committed
 * them. The server's count is read afterwards.
 */
async function reconnectStorm(
  world: DemoWorld,
  deskCount: number,
  salesPerDesk: number,
  log: (line: string) => void,
): Promise<StormResult> {
  const desks: { desk: Desk; actorId: string }[] = [];
  for (let i = 0; i < deskCount; i++) {
    const desk = await world.newDesk(`Storm ${deskCount}.${i + 1}`);
    await syncOnce(desk, world.transport(desk));
    desks.push({ desk, actorId: await world.signIn(desk) });
  }
  const [first] = desks;
  if (!first) throw new Error('no desks');
  const expected = (await countOrders(first.desk)) + deskCount * salesPerDesk;
  const serverBefore = await appliedSales(world);
  log(`B3: ${salesPerDesk} offline sales at each of ${deskCount} desk(s)`);
  for (const [i, { desk, actorId }] of desks.entries()) {
    // Set-up, not the measured part: the sales were made over a day with the network down.
    desk.sqlite.pragma('synchronous = OFF');
    for (let n = 0; n < salesPerDesk; n++) {
      await sellGiftCard(desk, actorId, `storm${deskCount}_${i}_${n}`);
    }
    desk.sqlite.pragma('synchronous = FULL');
  }

  log(`B3: reconnecting ${deskCount} desk(s)`);
  const lives: LiveSync[] = [];
  let done!: () => void;
  const allVisible = new Promise<void>((resolve) => {
    done = resolve;
  });
  const visibleAtMs: number[] = [];
  const pushedAtMs: number[] = [];
  const rounds: number[] = desks.map(() => 0);
  const breakdown = desks.map(() => emptyBreakdown());
  const caughtUp = new Set<number>();
  const started = performance.now();
  try {
    for (const [i, { desk }] of desks.entries()) {
      const tally = breakdown[i] ?? emptyBreakdown();
      const measured = measuredTransport(desk, world.transport(desk), tally);
      const transport = {
        ...measured,
        push: async (...args: Parameters<typeof measured.push>) => {
          const response = await measured.push(...args);
          pushedAtMs[i] = performance.now() - started;
          return response;
        },
      };
      lives.push(
        startLiveSync(desk, transport, {
          intervalMs: 60_000,
          onSynced: () => {
            if (caughtUp.has(i)) return;
            rounds[i] = (rounds[i] ?? 0) + 1;
            void countOrders(desk).then((n) => {
              if (n < expected || caughtUp.has(i)) return;
              caughtUp.add(i);
              visibleAtMs[i] = performance.now() - started;
              if (caughtUp.size === deskCount) done();
            });
          },
        }),
      );
    }
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      allVisible.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => {
          resolve(false);
        }, GIVE_UP_MS);
      }),
    ]);
    clearTimeout(timer);
    const seconds = (performance.now() - started) / 1000;
    for (const [i, tally] of breakdown.entries()) {
      log(
        describeBreakdown(
          `B3 ${deskCount} desk(s), desk ${i + 1}: pushed by ${fixed((pushedAtMs[i] ?? 0) / 1000, 2)} s, ` +
            `all sales by ${fixed((visibleAtMs[i] ?? 0) / 1000, 2)} s, ${rounds[i] ?? 0} rounds`,
          tally,
        ),
      );
    }
    // The part a desk's catch-up owns: from the last push answered until every desk held
    // every sale (the rest of the storm is the server running the pushes).
    const tailSeconds = seconds - Math.max(...pushedAtMs.map((v) => v || 0)) / 1000;
    log(`B3 ${deskCount} desk(s): catch-up after the last push ${fixed(tailSeconds, 2)} s`);
    return {
      tailSeconds,
      breakdown,
      rounds,
      pushedAtMs,
      desks: deskCount,
      finished,
      seconds,
      visibleAtMs,
      committedOnServer: (await appliedSales(world)) - serverBefore,
    };
  } finally {
    for (const live of lives) await live.stop();
  }
}

/**
 * B3: three desks reconnect with `salesPerDesk` offline sales each. The same-run baseline is
 * one desk reconnecting alone with the same number of sales, on the same server: the ratio
 * says what the second and third desk add.
 */
export async function benchReconnect(
  salesPerDesk: number,
  log: (line: string) => void,
): Promise<BenchOutcome> {
  const world = await createDemoWorld('small');
  try {
    const alone = await reconnectStorm(world, 1, salesPerDesk, log);
    const three = await reconnectStorm(world, 3, salesPerDesk, log);
    const total = 3 * salesPerDesk;
    const allCommitted = three.committedOnServer === total;
    return {
      id: 'B3',
      title: 'Three desks reconnect with offline sales',
      lines: [
        {
          bench: 'B3',
          workload: `3 desks reconnect with ${salesPerDesk} offline sales each`,
          figure: three.finished
            ? `${fixed(three.seconds, 2)} s (${Math.round(total / three.seconds)} sales/s)`
            : `not done in ${GIVE_UP_MS / 1000} s`,
          baseline: `1 desk alone ${fixed(alone.seconds, 2)} s`,
          ratio: times(three.seconds / alone.seconds),
          target: '≤ 2 s',
          met: three.finished && three.seconds <= 2 && allCommitted,
        },
      ],
      details: { salesPerDesk, alone, three },
      notes: [
        `catch-up after the last push: 3 desks ${fixed(three.tailSeconds, 2)} s, 1 desk ${fixed(alone.tailSeconds, 2)} s`,
        `server committed ${three.committedOnServer} of ${total} sales; desks caught up after ${three.visibleAtMs
          .map((v) => `${fixed(v / 1000, 2)} s`)
          .join(', ')}`,
      ],
    };
  } finally {
    await world.dispose();
  }
}
