import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { deskChecksums, verifyDesk } from '../../src-main/sync/verify-and-repair';
import { serverBackends } from '../server/support/server-harness';
import type { SyncWorld } from './sync-harness';
import { MAT_PRODUCT_ID, twoDesksSellingMats } from './two-desks-selling-mats';

const PRODUCT_ID = MAT_PRODUCT_ID;

/**
 * PRODUCT.md's offline policy, end to end through real sync: two offline desks each spend
 * most of one gift card. The server keeps both sales, the card goes negative with its ledger
 * still equal to its balance, and a review item names what went wrong.
 */
describe.each(serverBackends)('offline conflicts through sync on %s', (backend) => {
  let world: SyncWorld;
  let deskA: Desk;
  let deskB: Desk;
  let staffId: string;
  let giftCardId: string;

  beforeAll(async () => {
    ({ world, deskA, deskB, staffId } = await twoDesksSellingMats(backend));
    await runDeskMutation(deskA, staffId, 'giftCard.sell', {
      amount: 5000,
      tenders: [{ method: 'external', amount: 5000, reference: 'voucher 17' }],
    });
    giftCardId = (await deskA.db.selectFrom('gift_cards').select('id').executeTakeFirstOrThrow())
      .id;
    await syncOnce(deskA, world.transport(deskA));
    await syncOnce(deskB, world.transport(deskB));
  });

  afterAll(() => world.dispose());

  it('R1.5 records both offline redemptions, overdraws the card and raises a review item', async () => {
    const sale = {
      lines: [{ kind: 'product', productId: PRODUCT_ID, quantity: 1, unitPrice: 4000 }],
      tenders: [{ method: 'gift_card', amount: 4000, giftCardId }],
    };
    await runDeskMutation(deskA, staffId, 'pos.sale', sale);
    await runDeskMutation(deskB, staffId, 'pos.sale', sale);
    for (const desk of [deskA, deskB, deskA]) await syncOnce(desk, world.transport(desk));

    const db = world.database.db;
    const card = await db
      .selectFrom('gift_cards')
      .select('current_balance')
      .where('id', '=', giftCardId)
      .executeTakeFirstOrThrow();
    const ledger = await db
      .selectFrom('gift_card_transactions')
      .select((e) => e.fn.sum<number>('amount').as('total'))
      .where('gift_card_id', '=', giftCardId)
      .executeTakeFirstOrThrow();
    expect(card.current_balance).toBe(5000 - 8000);
    expect(ledger.total).toBe(card.current_balance);
    const orders = await db
      .selectFrom('pos_orders')
      .select('id')
      .where('tenant_id', '=', world.studio.tenantId)
      .execute();
    expect(orders).toHaveLength(3);
    const review = await db
      .selectFrom('review_items')
      .select(['kind', 'subject_id', 'device_ids', 'amount'])
      .execute();
    expect(review).toHaveLength(1);
    expect(review[0]).toMatchObject({ kind: 'gift_card_overdrawn', subject_id: giftCardId });
    // R9.4: desk A's redemption left too little for desk B's, so both desks are named.
    expect(JSON.parse(review[0]?.device_ids ?? '[]')).toEqual([
      deskA.identity?.deviceId,
      deskB.identity?.deviceId,
    ]);

    for (const desk of [deskA, deskB])
      expect((await verifyDesk(desk, world.transport(desk))).mismatched).toEqual([]);
    expect(deskChecksums(deskA)).toEqual(deskChecksums(deskB));
    const atDesk = await deskB.db
      .selectFrom('gift_cards')
      .select('current_balance')
      .where('id', '=', giftCardId)
      .executeTakeFirstOrThrow();
    expect(atDesk.current_balance).toBe(-3000);
  });
});
