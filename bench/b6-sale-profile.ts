import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pinCrypto } from '../src-shared/auth/pin-crypto';
import { hashPin } from '../src-shared/auth/pin-hash';
import { uuidV7 } from '../src-shared/ids/uuid-v7';
import { Kysely, SqliteDialect } from 'kysely';
import type { DeskDatabase } from '../src-main/store/desk-tables';
import { DESK_DATABASE_FILE, openDesk, type Desk } from '../src-main/store/open-desk';
import type { CheckpointMode } from '../src-main/store/open-desk-database';
import { writeDeviceIdentity } from '../src-main/store/device-identity';
import { runDeskMutation } from '../src-main/operations/run-mutation';
import { runDeskQuery } from '../src-main/operations/run-query';
import { measure, summarize } from './bench-stats';
import { durableCommitFloor } from './durable-commit-floor';

/**
 * B6's POS sale without the large tenant (loading it takes minutes): a desk seeded with one
 * staff member and one stocked, taxable product, then `--sales N` sales rung up as B6 rings
 * them (one product line, paid by card with the quoted total), after `--sales N` durable
 * one-row commits, on the same disk. Prints one JSON line: both latency summaries, the
 * p99 ratio and the process CPU per sale. For `node --cpu-prof` profiles and for A/B runs of
 * two trees side by side (/tmp/notes/figures-b6.md). Run with
 * `npx tsx bench/b6-sale-profile.ts [--sales N] [--warmup N] [--floor N] [--unsynced]
 * [--trace] [--count-prepares] [--keep]`; `--unsynced` and `--no-autocheckpoint` are for
 * profiles and experiments only, never a B6 figure.
 */
const AT = new Date().toISOString();

async function seededDesk(dataDir: string): Promise<{ desk: Desk; actorId: string }> {
  const newId = () => uuidV7(Date.now(), (n) => crypto.getRandomValues(new Uint8Array(n)));
  const tenantId = newId();
  writeDeviceIdentity(dataDir, {
    serverUrl: 'http://127.0.0.1:9',
    deviceId: newId(),
    deviceName: 'Front desk 1',
    deviceToken: 'unused',
    tenantId,
    tenantName: 'Bench Yoga',
    pinPepper: 'bench-pepper',
  });
  const desk = await openDesk({ dataDir, checkpoint: checkpointMode() });
  const db = desk.db;
  await db
    .insertInto('tenants')
    .values({
      id: tenantId,
      slug: 'bench',
      name: 'Bench Yoga',
      settings: '{}',
      currency: 'USD',
      status: 'active',
      created_at: AT,
    })
    .execute();
  const userId = newId();
  const actorId = newId();
  await db
    .insertInto('users')
    .values({
      id: userId,
      email: 'frida@example.com',
      profile: '{}',
      role: 'user',
      is_system_admin: 0,
      created_at: AT,
    })
    .execute();
  await db
    .insertInto('tenant_members')
    .values({
      id: actorId,
      tenant_id: tenantId,
      user_id: userId,
      profile: '{"firstName":"Frida"}',
      status: 'active',
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  await db
    .insertInto('tenant_roles')
    .values({ tenant_id: tenantId, member_id: actorId, role: 'front_desk', granted_at: AT })
    .execute();
  await db
    .insertInto('staff_credentials')
    .values({
      tenant_id: tenantId,
      member_id: actorId,
      pin_hash: hashPin('2468', 'bench-pepper', pinCrypto),
      updated_at: AT,
    })
    .execute();
  await db
    .insertInto('products')
    .values({
      id: newId(),
      tenant_id: tenantId,
      name: 'Grip socks',
      sku: null,
      barcode: null,
      price: 1200,
      stock_quantity: 1_000_000,
      taxable: 1,
      active: 1,
      created_at: AT,
    })
    .execute();
  return { desk, actorId };
}

/** `B6_CHECKPOINT=inline` runs SQLite's own checkpoint inside the commit, for A/B runs. */
function checkpointMode(): CheckpointMode | undefined {
  const mode = process.env.B6_CHECKPOINT;
  if (mode === undefined || mode === '') return undefined;
  if (mode === 'idle' || mode === 'inline') return mode;
  throw new Error(`B6_CHECKPOINT is idle or inline, not ${mode}`);
}

/** Like `measure`, with an untimed pause before each sale. */
async function measurePaced(runs: number, gapMs: number, run: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await sleep(gapMs);
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

/**
 * Counts the sales whose own commit copied the WAL back (the database file is written only
 * by a checkpoint in WAL mode, so its modification time moves) or restarted the WAL (its
 * header's checkpoint sequence number, bytes 12–15, moves): the work the idle checkpoint is
 * there to take out of sales.
 */
function walWorkCounter(file: string) {
  const header = Buffer.alloc(16);
  const walSequence = () => {
    const fd = openSync(`${file}-wal`, 'r');
    try {
      return readSync(fd, header, 0, 16, 0) === 16 ? header.readUInt32BE(12) : -1;
    } finally {
      closeSync(fd);
    }
  };
  const counts = { checkpointed: 0, restarted: 0 };
  return {
    counts,
    around: async (run: () => Promise<unknown>) => {
      const copiedBefore = statSync(file).mtimeMs;
      const sequenceBefore = walSequence();
      await run();
      if (statSync(file).mtimeMs !== copiedBefore) counts.checkpointed++;
      if (walSequence() !== sequenceBefore) counts.restarted++;
    },
  };
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

async function main(): Promise<void> {
  const sales = argument('--sales', 2000);
  const warmup = argument('--warmup', 200);
  // `--floor 0` leaves the commit floor out, for a profile of the sales alone.
  const floorRuns = argument('--floor', sales);
  const dataDir = mkdtempSync(join(process.env.B6_DATA_DIR ?? tmpdir(), 'b6-sale-'));
  const { desk, actorId } = await seededDesk(dataDir);
  // Profiling only: without the fsync, the profile shows the sale's own CPU, SQLite's included.
  if (process.argv.includes('--unsynced')) desk.sqlite.pragma('synchronous = OFF');
  // Experiment only: how much of the tail is SQLite's automatic checkpoint.
  if (process.argv.includes('--no-autocheckpoint')) desk.sqlite.pragma('wal_autocheckpoint = 0');
  try {
    const product = await desk.db
      .selectFrom('products')
      .select(['id', 'price'])
      .executeTakeFirstOrThrow();
    const line = { kind: 'product', productId: product.id, quantity: 1, unitPrice: product.price };
    const quote = (await runDeskQuery(desk, 'pos.quote', { lines: [line] })) as { total: number };
    let n = 0;
    const sell = () =>
      runDeskMutation(desk, actorId, 'pos.sale', {
        lines: [line],
        tenders: [{ method: 'card', amount: quote.total, paymentIntentId: `pi_bench_${++n}` }],
      });
    for (let i = 0; i < warmup; i++) await sell();
    if (process.argv.includes('--trace')) {
      // The statements of one sale, through a second Kysely on the same handle that logs them.
      const statements: string[] = [];
      const traced = new Kysely<DeskDatabase>({
        dialect: new SqliteDialect({ database: desk.sqlite }),
        log: (event) => void statements.push(event.query.sql),
      });
      await runDeskMutation({ ...desk, db: traced }, actorId, 'pos.sale', {
        lines: [line],
        tenders: [{ method: 'card', amount: quote.total, paymentIntentId: 'pi_bench_traced' }],
      });
      process.stdout.write(`${statements.length} statements\n${statements.join('\n')}\n`);
    }
    if (process.argv.includes('--count-prepares')) {
      // Statements SQLite really prepares per sale once warm: 0 when the caches hold them all.
      let prepares = 0;
      const original = desk.sqlite.prepare.bind(desk.sqlite);
      desk.sqlite.prepare = (text: string) => {
        prepares += 1;
        return original(text);
      };
      for (let i = 0; i < 100; i++) await sell();
      desk.sqlite.prepare = original;
      process.stdout.write(`prepares per sale once warm: ${prepares / 100}\n`);
    }
    const floor = floorRuns > 0 ? await durableCommitFloor(desk, floorRuns) : undefined;
    const cpuBefore = process.cpuUsage();
    // `--gap-ms N` waits N ms between sales (untimed), as a cashier does between customers.
    const gapMs = argument('--gap-ms', 0);
    // Two stats and a 16-byte read per sale, a few microseconds, in both modes alike.
    const walWork = walWorkCounter(join(dataDir, DESK_DATABASE_FILE));
    const countedSale = () => walWork.around(sell);
    const sale =
      gapMs > 0
        ? await measurePaced(sales, gapMs, countedSale)
        : await measure(
            Array.from({ length: sales }, () => undefined),
            countedSale,
          );
    // The WAL file never shrinks on its own: its size is the run's high-water mark.
    const walBytes = statSync(join(dataDir, DESK_DATABASE_FILE + '-wal')).size;
    // The floor again, now that the WAL file has reached its size in either mode: a commit
    // that appends to a growing WAL file also waits for the file's new size to be journalled
    // (the floor before the sales grows the 40 MiB fallback WAL, never the inline 4 MiB one).
    const floorAfter = floorRuns > 0 ? await durableCommitFloor(desk, floorRuns) : undefined;
    // User plus system CPU per sale (the measure's 50 warm-up runs included), in ms.
    const cpu = process.cpuUsage(cpuBefore);
    const cpuPerSale = (cpu.user + cpu.system) / 1000 / (sales + Math.min(50, sales));
    process.stdout.write(
      `${JSON.stringify({ sales, checkpoint: process.env.B6_CHECKPOINT || 'idle', gapMs, walBytes, salesThat: walWork.counts, floor, sale, cpuPerSale, ratioP99: floor && sale.p99 / floor.p99, ratioP50: floor && sale.p50 / floor.p50, floorAfter, ratioP99After: floorAfter && sale.p99 / floorAfter.p99 })}\n`,
    );
  } finally {
    await desk.close();
    // `--keep` leaves the desk's folder for a look at its schema and plans.
    if (process.argv.includes('--keep')) process.stderr.write(`kept ${dataDir}\n`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
