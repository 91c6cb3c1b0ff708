import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import type { Desk } from '../../src-main/store/open-desk';
import { repairTables, verifyDesk } from '../../src-main/sync/verify-and-repair';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { overdrawGiftCard } from '../console/review-support';
import { serverBackends } from '../server/support/server-harness';
import {
  createTwoDeskStudio,
  sameEverywhere,
  syncInTurn,
  type TwoDeskStudio,
} from '../sync/merge-world';
import { BACKENDS, resultOf, useSeededStudio } from './front-desk-harness';
import { tenantFootprint } from './ledger-invariants';

interface Sold {
  readonly orderId: string;
  readonly total: number;
  readonly changeDue: number;
}
interface Quote {
  readonly total: number;
  readonly tax: number;
  readonly discount: number;
  readonly lines: readonly { readonly unitPrice: number; readonly description: string }[];
}
interface DayClose {
  readonly tenders: readonly { readonly method: string; readonly net: number }[];
  readonly byCategory: readonly { readonly kind: string; readonly total: number }[];
  readonly giftCardWriteOffs: { readonly count: number; readonly amount: number };
  readonly sales: number;
  readonly voids: { readonly amount: number };
}

/**
 * R16.4: the balance a review item names, collected from its member at Sell with another
 * tender. An overdrawn gift card (two desks spent it past its balance, R1.5) is the usual
 * one: the member pays the overdraft in cash, the item is settled as `collect`, the card is
 * credited back to zero, and the day close shows the cash and the line.
 */
describe.each(BACKENDS)('collecting a review item at Sell on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const openItem = async () =>
    studio.db
      .selectFrom('review_items')
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .where('kind', '=', 'gift_card_overdrawn')
      .executeTakeFirstOrThrow();
  const reviewItem = (id: string) =>
    studio.db.selectFrom('review_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const balance = async (cardId: string) =>
    (
      await studio.db
        .selectFrom('gift_cards')
        .select('current_balance')
        .where('id', '=', cardId)
        .executeTakeFirstOrThrow()
    ).current_balance;
  const adjustments = (cardId: string) =>
    studio.db
      .selectFrom('gift_card_transactions')
      .select(['amount', 'order_id'])
      .where('gift_card_id', '=', cardId)
      .where('type', '=', 'adjustment')
      // The test's clock stands still: credits first, by amount.
      .orderBy('amount', 'desc')
      .execute();
  const line = (reviewItemId: string, unitPrice = 299) => ({
    kind: 'review_balance',
    reviewItemId,
    unitPrice,
  });
  const collect = async (reviewItemId: string, tenders: readonly object[], options = {}) =>
    resultOf<Sold>(
      await studio.run(
        'pos.sale',
        { memberId: studio.memberId, lines: [line(reviewItemId)], tenders },
        options,
      ),
    );
  /** A drawer at the test's desk, as cash needs one; opened before any footprint is taken. */
  const openDrawer = () => studio.run('drawer.open', { openingFloat: 2000 });
  const dayClose = () =>
    studio.query<DayClose>('report.dayClose', { from: '2026-11-30', to: '2026-12-02' });

  it('R16.4 collects the overdraft in cash: untaxed, the item settled, the card back to zero', async () => {
    await openDrawer();
    const { cardId, code } = await overdrawGiftCard(studio);
    const item = await openItem();
    expect(item).toMatchObject({ status: 'open', amount: 299, member_id: studio.memberId });

    const quote = await studio.query<Quote>('pos.quote', {
      lines: [{ kind: 'review_balance', reviewItemId: item.id }],
      couponCode: 'SAVE10',
    });
    // Taxed when the socks were sold; never discounted.
    expect(quote).toMatchObject({ total: 299, tax: 0, discount: 0 });
    expect(quote.lines[0]).toEqual(
      expect.objectContaining({ unitPrice: 299, description: `Gift card balance owed: ${code}` }),
    );

    const sold = await collect(item.id, [{ method: 'cash', amount: 299, tendered: 500 }]);
    expect(sold).toMatchObject({ total: 299, changeDue: 201 });
    const orderItem = await studio.db
      .selectFrom('pos_order_items')
      .selectAll()
      .where('order_id', '=', sold.orderId)
      .executeTakeFirstOrThrow();
    expect(orderItem).toMatchObject({
      kind: 'review_balance',
      review_item_id: item.id,
      tax_amount: 0,
      line_total: 299,
      description: `Gift card balance owed: ${code}`,
    });
    expect(await reviewItem(item.id)).toMatchObject({
      status: 'resolved',
      resolution: 'collect',
      resolution_amount: 299,
      resolution_reference: sold.orderId,
      resolved_by: studio.staff.frontDesk,
    });
    expect(await balance(cardId)).toBe(0);
    // The credit names the order whose line explains it: it is no write-off.
    expect(await adjustments(cardId)).toEqual([{ amount: 299, order_id: sold.orderId }]);

    const close = await dayClose();
    expect(close.giftCardWriteOffs).toEqual({ count: 0, amount: 0 });
    expect(close.tenders.find((t) => t.method === 'cash')?.net).toBe(299);
    expect(close.byCategory).toContainEqual(
      expect.objectContaining({ kind: 'review_balance', total: 299 }),
    );

    // Settled: the desk will not collect it twice.
    expect(
      await studio.refused('pos.sale', {
        memberId: studio.memberId,
        lines: [line(item.id)],
        tenders: [{ method: 'cash', amount: 299, tendered: 299 }],
      }),
    ).toBe('rule');
  });

  it('R16.4 splits the balance between cash and card', async () => {
    await openDrawer();
    const { cardId } = await overdrawGiftCard(studio);
    const item = await openItem();
    const sold = await collect(item.id, [
      { method: 'cash', amount: 100, tendered: 100 },
      { method: 'card', amount: 199, paymentIntentId: 'pi_review_collect' },
    ]);
    expect(sold.total).toBe(299);
    const payments = await studio.db
      .selectFrom('payments')
      .select(['method', 'amount'])
      .where('order_id', '=', sold.orderId)
      .orderBy('method')
      .execute();
    expect(payments).toEqual([
      { method: 'card', amount: 199 },
      { method: 'cash', amount: 100 },
    ]);
    expect(await balance(cardId)).toBe(0);
    expect(await reviewItem(item.id)).toMatchObject({ resolution: 'collect' });
  });

  it('R16.4 a void reopens the item and takes the card credit back', async () => {
    await openDrawer();
    const { cardId } = await overdrawGiftCard(studio);
    const item = await openItem();
    const sold = await collect(item.id, [{ method: 'cash', amount: 299, tendered: 299 }]);
    expect(await balance(cardId)).toBe(0);

    await studio.run(
      'pos.void',
      { orderId: sold.orderId, reason: 'Rang up by mistake' },
      { as: 'manager' },
    );
    expect(await reviewItem(item.id)).toMatchObject({
      status: 'open',
      resolution: null,
      resolution_amount: null,
      resolution_reference: null,
      resolved_at: null,
      resolved_by: null,
    });
    expect(await balance(cardId)).toBe(-299);
    expect(await adjustments(cardId)).toEqual([
      { amount: 299, order_id: sold.orderId },
      { amount: -299, order_id: sold.orderId },
    ]);
    const close = await dayClose();
    expect(close.voids.amount).toBe(299);
    expect(close.tenders.find((t) => t.method === 'cash')?.net).toBe(0);

    // Open again, so it can be collected again.
    await collect(item.id, [{ method: 'cash', amount: 299, tendered: 299 }]);
    expect(await balance(cardId)).toBe(0);
  });

  it('R16.4 refuses bad lines and writes nothing', async () => {
    await openDrawer();
    await overdrawGiftCard(studio);
    const item = await openItem();
    const sale = (lines: readonly object[], memberId: string | null = studio.memberId) => ({
      ...(memberId === null ? {} : { memberId }),
      lines,
      tenders: [{ method: 'cash', amount: 299, tendered: 299 }],
    });
    const before = await tenantFootprint(studio);
    const unknown = uuidV7(Date.now(), randomBytes);
    expect(await studio.refused('pos.sale', sale([line(unknown)]))).toBe('not_found');
    // Not the item's amount, and no reason given for the difference.
    expect(
      await studio.refused('pos.sale', {
        ...sale([line(item.id, 200)]),
        tenders: [{ method: 'cash', amount: 200, tendered: 200 }],
      }),
    ).toBe('rule');
    // Another member's sale, or nobody's.
    expect(await studio.refused('pos.sale', sale([line(item.id)], studio.otherMemberId))).toBe(
      'invalid',
    );
    expect(await studio.refused('pos.sale', sale([line(item.id)], null))).toBe('invalid');
    // An item that names no member has nobody to collect from.
    const memberless = uuidV7(Date.now(), randomBytes);
    await studio.db
      .insertInto('review_items')
      .values({ ...item, id: memberless, member_id: null })
      .execute();
    const withMemberless = await tenantFootprint(studio);
    expect(await studio.refused('pos.sale', sale([line(memberless)]))).toBe('invalid');
    expect(await tenantFootprint(studio)).toEqual(withMemberless);
    await studio.db.deleteFrom('review_items').where('id', '=', memberless).execute();
    expect(await tenantFootprint(studio)).toEqual(before);

    // Written off first: the desk refuses to collect it, nothing written.
    await studio.run(
      'review.resolve',
      { reviewItemId: item.id, action: 'write_off', reason: 'Goodwill' },
      { as: 'owner' },
    );
    const settled = await tenantFootprint(studio);
    expect(await studio.refused('pos.sale', sale([line(item.id)]))).toBe('rule');
    expect(await tenantFootprint(studio)).toEqual(settled);
    expect(await reviewItem(item.id)).toMatchObject({ resolution: 'write_off' });
  });

  it('R16.4 a price override needs an owner or a manager, and is collected as given', async () => {
    await openDrawer();
    const { cardId } = await overdrawGiftCard(studio);
    const item = await openItem();
    const partLine = { ...line(item.id, 200), overrideReason: 'Agreed to split the difference' };
    expect(
      await studio.refused('pos.sale', {
        memberId: studio.memberId,
        lines: [partLine],
        tenders: [{ method: 'cash', amount: 200, tendered: 200 }],
      }),
    ).toBe('forbidden');
    await studio.run(
      'pos.sale',
      {
        memberId: studio.memberId,
        lines: [partLine],
        tenders: [{ method: 'cash', amount: 200, tendered: 200 }],
      },
      { as: 'manager' },
    );
    expect(await reviewItem(item.id)).toMatchObject({ resolution_amount: 200 });
    expect(await balance(cardId)).toBe(-99);
  });

  it('R16.4 settled before the sale reached the server: the sale stands and paid_twice asks for a refund', async () => {
    await openDrawer();
    const { cardId } = await overdrawGiftCard(studio);
    const item = await openItem();
    await studio.run(
      'review.resolve',
      { reviewItemId: item.id, action: 'write_off', reason: 'Goodwill at the other desk' },
      { as: 'owner', side: 'server', deviceId: 'desk-two' },
    );
    const sold = await collect(item.id, [{ method: 'cash', amount: 299, tendered: 299 }], {
      side: 'server',
    });
    expect(sold.total).toBe(299);
    expect(await reviewItem(item.id)).toMatchObject({ resolution: 'write_off' });
    // Credited once, by the write-off.
    expect(await balance(cardId)).toBe(0);
    expect(await adjustments(cardId)).toEqual([{ amount: 299, order_id: null }]);
    const raised = await studio.db
      .selectFrom('review_items')
      .select(['kind', 'amount', 'member_id', 'subject_id', 'status'])
      .where('kind', '=', 'paid_twice')
      .execute();
    expect(raised).toEqual([
      {
        kind: 'paid_twice',
        amount: 299,
        member_id: studio.memberId,
        subject_id: item.id,
        status: 'open',
      },
    ]);
  });
});

/**
 * R16.4 through sync: both desks hold the open item offline and both collect it. The first
 * sale to reach the server settles it and credits the card; the second stands (the money
 * was taken) and raises `paid_twice`; after a pull every copy agrees.
 */
describe.each(serverBackends)('a review item collected at two desks offline on %s', (backend) => {
  let studio: TwoDeskStudio;

  beforeAll(async () => {
    studio = await createTwoDeskStudio(backend);
  });
  afterAll(() => studio.world.dispose());

  it('R16.4 the first collection to reach the server stands; the second raises paid_twice', async () => {
    const { deskA, deskB, actorA, actorB, world } = studio;
    const { db } = world.database;
    const productId = uuidV7(Date.now(), randomBytes);
    await db
      .insertInto('products')
      .values({
        id: productId,
        tenant_id: world.studio.tenantId,
        name: 'Mat',
        price: 4000,
        stock_quantity: null,
        taxable: 0,
        active: 1,
        created_at: '2026-11-27T09:00:00.000Z',
      })
      .execute();
    const { memberId } = (
      await runDeskMutation(deskA, actorA, 'member.create', {
        firstName: 'Dana',
        lastName: 'Overdrawn',
        email: `dana-${world.studio.slug}@example.com`,
      })
    ).result as { memberId: string };
    await runDeskMutation(deskA, actorA, 'giftCard.sell', {
      amount: 5000,
      memberId,
      tenders: [{ method: 'external', amount: 5000, reference: 'voucher 19' }],
    });
    const card = await deskA.db.selectFrom('gift_cards').select('id').executeTakeFirstOrThrow();
    await syncInTurn(studio, [deskA, deskB]);
    const spend = {
      memberId,
      lines: [{ kind: 'product', productId, quantity: 1, unitPrice: 4000 }],
      tenders: [{ method: 'gift_card', amount: 4000, giftCardId: card.id }],
    };
    await runDeskMutation(deskA, actorA, 'pos.sale', spend);
    await runDeskMutation(deskB, actorB, 'pos.sale', spend);
    await syncInTurn(studio, [deskA, deskB, deskA]);
    const item = await deskB.db
      .selectFrom('review_items')
      .select(['id', 'amount'])
      .where('kind', '=', 'gift_card_overdrawn')
      .executeTakeFirstOrThrow();
    expect(item.amount).toBe(3000);

    // Both offline: each desk takes the overdraft (by bank transfer: no drawer to open).
    const collect = {
      memberId,
      lines: [{ kind: 'review_balance', reviewItemId: item.id, unitPrice: 3000 }],
      tenders: [{ method: 'external', amount: 3000, reference: 'bank transfer' }],
    };
    const first = (await runDeskMutation(deskA, actorA, 'pos.sale', collect)).result as {
      orderId: string;
    };
    const second = (await runDeskMutation(deskB, actorB, 'pos.sale', collect)).result as {
      orderId: string;
    };
    await syncInTurn(studio, [deskA, deskB, deskA, deskB]);

    const deviceOf = (desk: Desk) => desk.identity?.deviceId ?? '';
    const standing = {
      status: 'resolved',
      resolution: 'collect',
      resolution_amount: 3000,
      resolution_reference: first.orderId,
      resolved_by: actorA,
      resolved_device_id: deviceOf(deskA),
    };
    const columns = [
      'status',
      'resolution',
      'resolution_amount',
      'resolution_reference',
      'resolved_by',
      'resolved_device_id',
    ] as const;
    const atDesk = (desk: Desk) =>
      desk.db
        .selectFrom('review_items')
        .select(columns)
        .where('id', '=', item.id)
        .executeTakeFirstOrThrow();
    expect(
      await db
        .selectFrom('review_items')
        .select(columns)
        .where('id', '=', item.id)
        .executeTakeFirstOrThrow(),
    ).toEqual(standing);
    expect(await atDesk(deskA)).toEqual(standing);
    expect(await atDesk(deskB)).toEqual(standing);

    // Both sales stand; the card was credited once, back to zero.
    const orders = await db
      .selectFrom('pos_orders')
      .select('id')
      .where('id', 'in', [first.orderId, second.orderId])
      .execute();
    expect(orders).toHaveLength(2);
    const onServer = await db
      .selectFrom('gift_cards')
      .select('current_balance')
      .where('id', '=', card.id)
      .executeTakeFirstOrThrow();
    expect(onServer.current_balance).toBe(0);
    const twice = await db
      .selectFrom('review_items')
      .select(['amount', 'subject_id', 'member_id'])
      .where('tenant_id', '=', world.studio.tenantId)
      .where('kind', '=', 'paid_twice')
      .execute();
    expect(twice).toEqual([{ amount: 3000, subject_id: item.id, member_id: memberId }]);

    // Desk B credited the card on its copy when it collected; the server, which settled
    // nothing for B's sale, never wrote that entry. The desk finds it by verifying, as with
    // any optimistic row the server did not record (R6.3, R6.4), and a repair drops it.
    const verified = await verifyDesk(deskB, world.transport(deskB));
    expect(verified.mismatched.map((m) => m.table)).toEqual(['gift_card_transactions']);
    await repairTables(deskB, world.transport(deskB), ['gift_card_transactions']);
    const same = await sameEverywhere(studio);
    expect([same.mismatchedA, same.mismatchedB]).toEqual([[], []]);
  });
});
