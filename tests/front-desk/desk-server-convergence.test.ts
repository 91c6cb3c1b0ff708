import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src-shared/audit/audit-chain';
import type { Database } from '../../src-shared/schema/catalog';
import type { TestDatabase } from '../support/test-databases';
import {
  minutesAfterNow,
  newCallId,
  openFrontDeskDatabase,
  resultOf,
  seededIds,
  seedStudio,
  startClassSoon,
  type RunOptions,
  type Studio,
} from './front-desk-harness';
import { expectLedgersBalanced, reviewItems } from './ledger-invariants';

/** A call as a desk recorded it in its outbox, to be pushed to the server later. */
interface RecordedCall {
  readonly name: string;
  readonly args: unknown;
  readonly options: RunOptions & { readonly callId: string; readonly deviceId: string };
}

/** Ledger rows are facts: the server's copy of a desk's row is the desk's row, field by field. */
const FACT_TABLES = [
  'pos_orders',
  'pos_order_items',
  'payments',
  'gift_card_transactions',
  'stock_movements',
  'cash_movements',
  'cash_drawer_sessions',
  'coupon_redemptions',
  'waiver_signatures',
] as const;

async function rowsById(
  db: Kysely<Database>,
  table: (typeof FACT_TABLES)[number],
  tenantId: string,
) {
  const rows = await db.selectFrom(table).selectAll().where('tenant_id', '=', tenantId).execute();
  return new Map(rows.map((row) => [row.id, row as Record<string, unknown>]));
}

describe('two offline desks (SQLite) and the server (Postgres) running the same mutations', () => {
  const databases: TestDatabase<Database>[] = [];
  let deskA: Studio;
  let deskB: Studio;
  let server: Studio;

  beforeAll(async () => {
    const open = async (backend: 'sqlite' | 'postgres') => {
      const database = await openFrontDeskDatabase(backend);
      databases.push(database);
      // The same seed ids: three copies of one studio, as after a full sync.
      return seedStudio(database.db, { newId: seededIds(7) });
    };
    deskA = await open('sqlite');
    deskB = await open('sqlite');
    server = await open('postgres');
  });
  afterAll(() => Promise.all(databases.map((d) => d.dispose())));

  const outbox: RecordedCall[] = [];
  async function atDesk(
    desk: Studio,
    deviceId: string,
    name: string,
    args: unknown,
    options: RunOptions,
  ) {
    const recorded = { ...options, callId: newCallId(options.at), deviceId };
    const outcome = await desk.run(name, args, recorded);
    outbox.push({ name, args, options: recorded });
    return outcome;
  }
  const push = async (calls: readonly RecordedCall[]) => {
    for (const call of calls)
      await server.run(call.name, call.args, { ...call.options, side: 'server' });
  };

  it('records both desks’ facts identically, flags what they broke together, and keeps one audit chain', async () => {
    // Every copy has the class starting soon: desk B checks a walk-in in inside the window.
    for (const copy of [deskA, deskB, server]) await startClassSoon(copy);
    // Synced before the internet went down: a gift card every copy knows.
    const sold = {
      name: 'giftCard.sell',
      args: { amount: 1000, tenders: [{ method: 'card', amount: 1000, paymentIntentId: 'pi_gc' }] },
    };
    const soldAt = {
      at: minutesAfterNow(-60),
      callId: newCallId(minutesAfterNow(-60)),
      deviceId: 'desk-a',
    };
    const card = resultOf<{ giftCards: { giftCardId: string }[] }>(
      await deskA.run(sold.name, sold.args, soldAt),
    ).giftCards[0];
    await deskB.run(sold.name, sold.args, soldAt);
    await server.run(sold.name, sold.args, { ...soldAt, side: 'server' });
    const giftCardId = card?.giftCardId ?? '';
    const water = (quantity: number) => ({
      kind: 'product',
      productId: server.products.socks,
      quantity,
      unitPrice: 1200,
    });

    // Offline, desk A: a drawer, a sale half on the gift card, a price override, a refund.
    await atDesk(
      deskA,
      'desk-a',
      'drawer.open',
      { openingFloat: 5000 },
      { at: minutesAfterNow(1) },
    );
    const saleA = resultOf<{ orderId: string }>(
      await atDesk(
        deskA,
        'desk-a',
        'pos.sale',
        {
          memberId: deskA.memberId,
          couponCode: 'SAVE10',
          lines: [water(1)],
          tenders: [
            { method: 'gift_card', amount: 800, giftCardId },
            { method: 'cash', amount: 369, tendered: 400 },
          ],
        },
        { at: minutesAfterNow(2) },
      ),
    );
    await atDesk(
      deskA,
      'desk-a',
      'pos.sale',
      {
        lines: [{ ...water(2), unitPrice: 1000, overrideReason: 'loyalty price' }],
        tenders: [{ method: 'card', amount: 2165, paymentIntentId: 'pi_a' }],
      },
      { at: minutesAfterNow(3), as: 'manager' },
    );
    await atDesk(
      deskA,
      'desk-a',
      'pos.refund',
      {
        orderId: saleA.orderId,
        tenders: [{ method: 'cash', amount: 1169 }],
        reason: 'wrong colour',
      },
      { at: minutesAfterNow(4), as: 'manager' },
    );
    const outboxA = outbox.splice(0);

    // Offline, desk B: the same card spent past its balance, a waiver override, a drawer.
    await atDesk(
      deskB,
      'desk-b',
      'drawer.open',
      { openingFloat: 3000 },
      { at: minutesAfterNow(1) },
    );
    await atDesk(
      deskB,
      'desk-b',
      'pos.sale',
      {
        lines: [water(1)],
        tenders: [
          { method: 'gift_card', amount: 600, giftCardId },
          { method: 'card', amount: 699, paymentIntentId: 'pi_b' },
        ],
      },
      { at: minutesAfterNow(2) },
    );
    await atDesk(
      deskB,
      'desk-b',
      'booking.book',
      {
        classId: deskB.classId,
        memberId: deskB.otherMemberId,
        paidBy: { method: 'free' },
        checkIn: true,
        waiverOverrideReason: 'signed on paper',
      },
      { at: minutesAfterNow(3) },
    );
    await atDesk(
      deskB,
      'desk-b',
      'drawer.close',
      { countedAmount: 3000 },
      { at: minutesAfterNow(5), as: 'owner' },
    );
    const outboxB = outbox.splice(0);

    // Back online: A pushes, then B.
    await push(outboxA);
    await push(outboxB);

    for (const [desk, label] of [
      [deskA, 'A'],
      [deskB, 'B'],
    ] as const) {
      for (const table of FACT_TABLES) {
        const local = await rowsById(desk.db, table, desk.tenantId);
        const central = await rowsById(server.db, table, server.tenantId);
        for (const [id, row] of local) {
          expect(central.get(id), `${table} ${id} of desk ${label}`).toEqual(row);
        }
      }
    }

    // 1,000 - 800 (A) - 600 (B): the server records -400 and tells the owner who and where.
    const balance = await server.query<{ balance: number }>('giftCard.balance', {
      code: (
        await server.db
          .selectFrom('gift_cards')
          .select('code')
          .where('id', '=', giftCardId)
          .executeTakeFirstOrThrow()
      ).code,
    });
    expect(balance.balance).toBe(-400);
    const [review] = await reviewItems(server);
    expect(review).toMatchObject({
      kind: 'gift_card_overdrawn',
      amount: 400,
      subject_id: giftCardId,
    });
    // R9.4: desk A's redemption left too little for desk B's, so both desks are named.
    expect(JSON.parse(review?.device_ids ?? '[]')).toEqual(['desk-a', 'desk-b']);
    await expectLedgersBalanced(server);

    // Each desk's provisional chain is valid locally; the server's chain holds every entry,
    // same ids and content, linked in the order the server applied them.
    const chainA = await verifyAuditChain(deskA.db, deskA.tenantId);
    const chainB = await verifyAuditChain(deskB.db, deskB.tenantId);
    const chain = await verifyAuditChain(server.db, server.tenantId);
    expect([chainA.entries, chainB.entries, chain.entries]).toEqual([3, 3, 6]);
    expect([chainA.ok, chainB.ok, chain.ok]).toEqual([true, true, true]);
    const central = await server.db
      .selectFrom('audit_logs')
      .select(['id', 'action', 'device_id', 'details', 'chain_seq'])
      .where('tenant_id', '=', server.tenantId)
      .orderBy('chain_seq')
      .execute();
    expect(central.map((e) => [e.chain_seq, e.action, e.device_id])).toEqual([
      [1, 'drawer.open', 'desk-a'],
      [2, 'pos.price_override', 'desk-a'],
      [3, 'pos.refund', 'desk-a'],
      [4, 'drawer.open', 'desk-b'],
      [5, 'waiver.override', 'desk-b'],
      [6, 'drawer.close', 'desk-b'],
    ]);
    // Desk B's entries moved up the chain at the server: same entries, new links.
    const localB = await deskB.db
      .selectFrom('audit_logs')
      .select(['id', 'chain_seq', 'details'])
      .where('tenant_id', '=', deskB.tenantId)
      .orderBy('chain_seq')
      .execute();
    expect(localB.map((e) => e.chain_seq)).toEqual([1, 2, 3]);
    expect(localB.map((e) => e.id)).toEqual(central.slice(3).map((e) => e.id));
    expect(localB.map((e) => JSON.parse(e.details) as unknown)).toEqual(
      central.slice(3).map((e) => JSON.parse(e.details) as unknown),
    );
  });
});
