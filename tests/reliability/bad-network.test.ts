import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { deskChecksums } from '../../src-main/sync/verify-and-repair';
import { asSharedDb } from '../../src-main/store/desk-tables';
import { startLiveSync, type LiveSync } from '../../src-main/sync/live-sync';
import { createHttpTransport, type SyncTransport } from '../../src-main/sync/sync-transport';
import { createSyncWorld, type SyncWorld } from '../sync/sync-harness';
import {
  CLEAN,
  FAULT_KINDS,
  startFaultProxy,
  type FaultPlan,
  type FaultProxy,
} from './fault-proxy';
import { cleanUp } from './support/cleanup-steps';
import {
  expectDeskMatchesServer,
  expectExactlyOnceOnServer,
  expectLedgersBalanced,
  syncUntilSettled,
  type AcknowledgedSale,
} from './support/exactly-once-checks';
import {
  giftCardIdOf,
  insertProduct,
  orderIdOf,
  planSale,
  type SaleKind,
} from './support/sale-fixtures';
import { envCount, runSeed, seededRandom, type SeededRandom } from './support/seeded-random';

/** Sales per desk in the normal run; the soak run raises NETWORK_OPS. */
const OPS_PER_DESK = envCount('NETWORK_OPS', 120);
const CARD_BALANCE = 10_000_000;

/** About half the requests meet a fault; a cut after commit is the one that breeds duplicates. */
const HOSTILE: FaultPlan = {
  drop: 0.08,
  reset: 0.08,
  delay: 0.12,
  cutBeforeResponse: 0.12,
  cutMidResponse: 0.1,
  maxDelayMs: 300,
  scripted: {
    'POST /v1/push': ['cut_before_response', 'pass', 'cut_mid_response', 'drop', 'reset', 'delay'],
    'GET /v1/pull': ['cut_mid_response', 'reset'],
  },
};

interface Till {
  readonly name: string;
  readonly desk: Desk;
  readonly transport: SyncTransport;
  readonly sales: (AcknowledgedSale & { readonly kind: SaleKind; readonly total: number })[];
  syncErrors: number;
}

describe('three desks selling through a hostile network', () => {
  let world: SyncWorld | undefined;
  let proxy: FaultProxy | undefined;
  const live: LiveSync[] = [];

  beforeAll(async () => {
    world = await createSyncWorld('postgres');
  });

  afterAll(() =>
    cleanUp([
      () => Promise.all(live.map((sync) => sync.stop())),
      () => proxy?.close(),
      () => world?.dispose(),
    ]),
  );

  async function sellUntilDone(till: Till, random: SeededRandom, productId: string, card: string) {
    const staffId = world?.studio.ownerId ?? '';
    for (let i = 0; i < OPS_PER_DESK; i++) {
      const kind = random.pick<SaleKind>(['cash', 'card', 'gift_card', 'gift_card']);
      const sale = planSale(random, kind, productId, card);
      const done = await runDeskMutation(till.desk, staffId, 'pos.sale', sale.args);
      till.sales.push({
        mutationId: done.mutationId,
        orderId: orderIdOf(done.result),
        kind,
        total: sale.total,
      });
      await sleep(random.int(5, 60));
    }
  }

  it(
    'R3.2 R6 converges with no sale lost or doubled, and the card ledger equals its balance',
    {
      timeout: 60_000 + OPS_PER_DESK * 500,
    },
    async () => {
      if (!world) throw new Error('the sync world is created in beforeAll');
      const server = world;
      const seed = runSeed();
      console.info(`bad-network: seed ${seed} (RELIABILITY_SEED replays it), ${OPS_PER_DESK}/desk`);
      const tenantId = server.studio.tenantId;
      const staffId = server.studio.ownerId;
      const productId = await insertProduct(server.database.db, tenantId);
      proxy = await startFaultProxy({ target: server.url, seed, plan: CLEAN });

      // Enrolled directly, then every byte goes through the proxy: the identity the desk
      // syncs and listens with names the proxy.
      const tills: Till[] = [];
      for (const name of ['Desk A', 'Desk B', 'Desk C']) {
        const desk = await server.enrollNewDesk(name);
        const identity = desk.identity;
        if (!identity) throw new Error('the desk did not enrol');
        desk.identity = { ...identity, serverUrl: proxy.url };
        const transport = createHttpTransport(proxy.url, () => identity.deviceToken);
        tills.push({ name, desk, transport, sales: [], syncErrors: 0 });
      }
      const [first] = tills;
      if (!first) throw new Error('no desks');
      const sold = await runDeskMutation(first.desk, staffId, 'giftCard.sell', {
        amount: CARD_BALANCE,
        tenders: [{ method: 'external', amount: CARD_BALANCE, reference: 'opening voucher' }],
      });
      const card = giftCardIdOf(sold.result);
      for (const till of [first, ...tills]) await syncUntilSettled(till.desk, till.transport);
      for (const till of tills) {
        await runDeskMutation(till.desk, staffId, 'drawer.open', { openingFloat: 20_000 });
      }

      proxy.setPlan(HOSTILE);
      for (const till of tills) {
        live.push(
          startLiveSync(till.desk, till.transport, {
            intervalMs: 200,
            maxBackoffMs: 300,
            onError: () => {
              till.syncErrors++;
            },
          }),
        );
      }
      await Promise.all(
        tills.map((till, i) => sellUntilDone(till, seededRandom(seed + i + 1), productId, card)),
      );
      // Let live sync run into the faults a little longer, then stop it.
      await sleep(500);
      await Promise.all(live.splice(0).map((sync) => sync.stop()));

      proxy.setPlan(CLEAN);
      // Twice round: the second round brings every desk the others' last sales.
      for (let round = 0; round < 2; round++) {
        for (const till of tills) await syncUntilSettled(till.desk, till.transport);
      }

      const faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, proxy?.count(kind) ?? 0]));
      const errors = tills.map((t) => t.syncErrors);
      const pushes = JSON.stringify(proxy.stats.get('POST /v1/push'));
      console.info(
        `bad-network: faults ${JSON.stringify(faults)}, on pushes ${pushes}, ` +
          `sync errors ${errors.join('/')}`,
      );
      // The test proves something only if the faults happened, on pushes above all.
      for (const kind of FAULT_KINDS) expect(faults[kind], kind).toBeGreaterThan(0);
      expect(
        proxy.count('cut_before_response', 'POST /v1/push') +
          proxy.count('cut_mid_response', 'POST /v1/push'),
      ).toBeGreaterThan(0);

      const sales = tills.flatMap((t) => t.sales);
      expect(sales).toHaveLength(3 * OPS_PER_DESK);
      // Every sale once, plus the gift card's own sale.
      await expectExactlyOnceOnServer(server.database.db, tenantId, sales, sales.length + 1);
      await expectLedgersBalanced(server.database.db, tenantId);
      const redeemed = sales.filter((s) => s.kind === 'gift_card').reduce((n, s) => n + s.total, 0);
      const onServer = await server.database.db
        .selectFrom('gift_cards')
        .select('current_balance')
        .where('id', '=', card)
        .executeTakeFirstOrThrow();
      expect(onServer.current_balance).toBe(CARD_BALANCE - redeemed);

      for (const till of tills) {
        await expectDeskMatchesServer(till.desk, till.transport);
        await expectLedgersBalanced(asSharedDb(till.desk.db), tenantId);
      }
      const [a, b, c] = tills.map((t) => deskChecksums(t.desk));
      expect(b).toEqual(a);
      expect(c).toEqual(a);
    },
  );
});
