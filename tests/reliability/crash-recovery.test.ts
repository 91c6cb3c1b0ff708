import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../src-main/store/open-desk';
import { enrollDesk } from '../../src-main/sync/enrollment';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { asSharedDb } from '../../src-main/store/desk-tables';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { createSyncWorld, type SyncWorld } from '../sync/sync-harness';
import {
  expectDeskMatchesServer,
  expectExactlyOnceOnServer,
  expectLedgersBalanced,
  syncUntilSettled,
  type AcknowledgedSale,
} from './support/exactly-once-checks';
import { cleanUp } from './support/cleanup-steps';
import { insertProduct } from './support/sale-fixtures';
import { envCount, runSeed, seededRandom } from './support/seeded-random';
import { TsxChild } from './support/tsx-child';

const CHILD_SCRIPT = 'tests/reliability/support/sale-loop-child.ts';
/** Kills in the normal run; the soak run sets CRASH_KILLS=100 (or more). */
const KILLS = envCount('CRASH_KILLS', 12);
/** Longest wait between the child's first sale and its SIGKILL. */
const MAX_KILL_DELAY_MS = envCount('CRASH_MAX_DELAY_MS', 300);

function parseAcknowledged(lines: readonly string[]): AcknowledgedSale[] {
  return lines
    .filter((line) => line.startsWith('sale '))
    .map((line) => {
      const [, mutationId, orderId] = line.split(' ');
      if (!mutationId || !orderId) throw new Error(`a malformed line from the child: ${line}`);
      return { mutationId, orderId };
    });
}

/**
 * What a restart finds (R1.2): a sound file, every acknowledged sale with its order, its
 * payment and its outbox entry, an outbox counting 1, 2, 3… without gaps, and no order
 * without its outbox entry (a sale is all there or not at all). Returns the sales committed.
 */
async function expectRecovered(desk: Desk, acknowledged: readonly AcknowledgedSale[]) {
  expect(desk.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(desk.sqlite.pragma('foreign_key_check')).toEqual([]);
  const outbox = await desk.db.selectFrom('desk_outbox').select(['seq', 'id', 'name']).execute();
  const seqs = outbox.map((e) => e.seq).sort((a, b) => a - b);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  const sales = outbox.filter((e) => e.name === 'pos.sale');
  const outboxIds = new Set(sales.map((e) => e.id));
  const orders = await desk.db.selectFrom('pos_orders').select('id').execute();
  const orderIds = new Set(orders.map((o) => o.id));
  const payments = await desk.db.selectFrom('payments').select('order_id').execute();
  const paid = new Set(payments.map((p) => p.order_id));

  expect(acknowledged.filter((s) => !outboxIds.has(s.mutationId))).toEqual([]);
  expect(acknowledged.filter((s) => !orderIds.has(s.orderId))).toEqual([]);
  expect(acknowledged.filter((s) => !paid.has(s.orderId))).toEqual([]);
  expect(orders.length, 'orders without their outbox entry, or entries without orders').toBe(
    sales.length,
  );
  expect(payments.length).toBe(sales.length);
  return sales.length;
}

describe('a desk killed with SIGKILL while it sells', () => {
  let world: SyncWorld | undefined;
  let dataDir: string | undefined;
  let child: TsxChild | undefined;
  let staffId: string;
  let productId: string;
  let tenantId: string;

  beforeAll(async () => {
    const created = await createSyncWorld('postgres');
    world = created;
    tenantId = created.studio.tenantId;
    productId = await insertProduct(created.database.db, tenantId);
    dataDir = mkdtempSync(join(tmpdir(), 'studio-desk-crash-'));
    // Enrolled, synced and with its drawer open; then closed, so only the child holds it.
    const desk = await openDesk({ dataDir });
    try {
      const { code } = await createEnrollmentCode(
        { db: created.database.db, clock: created.clock },
        { tenantId },
      );
      await enrollDesk(desk, created.url, code, 'Crash desk');
      await syncOnce(desk, created.transport(desk));
      staffId = await signInStaff(desk, { email: created.ownerEmail }, '1234');
      await runDeskMutation(desk, staffId, 'drawer.open', { openingFloat: 10_000 });
    } finally {
      await desk.close();
    }
  });

  afterAll(() =>
    cleanUp([
      () => child?.kill(),
      async () => {
        if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
      },
      () => world?.dispose(),
    ]),
  );

  it(
    `R1.2 loses no acknowledged sale in ${KILLS} kills, and the server gets each once`,
    {
      // A kill round costs a child start (tsx) and a reopen: a few seconds on a loaded machine.
      timeout: 60_000 + KILLS * 10_000,
    },
    async () => {
      if (!world) throw new Error('the sync world is created in beforeAll');
      const server = world;
      const seed = runSeed();
      console.info(`crash-recovery: seed ${seed} (RELIABILITY_SEED replays it), ${KILLS} kills`);
      const random = seededRandom(seed);
      const dir = dataDir ?? '';
      const acknowledged: AcknowledgedSale[] = [];
      let committed = 0;
      let killedBeforeAnySale = 0;

      for (let kill = 0; kill < KILLS; kill++) {
        child = new TsxChild(CHILD_SCRIPT, [
          dir,
          staffId,
          productId,
          String(seed + kill),
          '100000',
        ]);
        await child.waitForLine((line) => line === 'ready', 60_000);
        await sleep(random.int(0, MAX_KILL_DELAY_MS));
        await child.kill();
        expect(child.lines, 'the child ran out of sales before the kill').not.toContain('finished');
        const acked = parseAcknowledged(child.lines);
        if (acked.length === 0) killedBeforeAnySale++;
        acknowledged.push(...acked);

        const desk = await openDesk({ dataDir: dir });
        try {
          committed = await expectRecovered(desk, acknowledged);
        } finally {
          await desk.close();
        }
      }
      // Committed but never printed: the kill fell between COMMIT and the write to stdout.
      console.info(
        `crash-recovery: ${acknowledged.length} sales acknowledged, ${committed} committed, ` +
          `${committed - acknowledged.length} committed unacknowledged, ` +
          `${killedBeforeAnySale} kills before the first sale`,
      );
      expect(acknowledged.length).toBeGreaterThan(0);

      const desk = await openDesk({ dataDir: dir });
      try {
        const transport = server.transport(desk);
        await syncUntilSettled(desk, transport);
        await expectExactlyOnceOnServer(server.database.db, tenantId, acknowledged, committed);
        await expectLedgersBalanced(server.database.db, tenantId);
        await expectLedgersBalanced(asSharedDb(desk.db), tenantId);
        await expectDeskMatchesServer(desk, transport);
      } finally {
        await desk.close();
      }
    },
  );
});
