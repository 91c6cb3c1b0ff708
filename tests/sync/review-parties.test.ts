import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import type { Database } from '../../src-shared/schema/catalog';
import { serverBackends } from '../server/support/server-harness';
import {
  addClass,
  createTwoDeskStudio,
  memberWithPack,
  sameEverywhere,
  syncInTurn,
  type TwoDeskStudio,
} from './merge-world';

/**
 * PROTOCOL.md R9.4: a review item names every desk and staff member whose movements on the
 * subject led to the conflict, not only the desk that happened to sync last.
 */
describe.each(serverBackends)('who a review item names, through sync on %s', (backend) => {
  let studio: TwoDeskStudio;

  beforeAll(async () => {
    studio = await createTwoDeskStudio(backend);
  });

  afterAll(() => studio.world.dispose());

  async function addProduct(price: number, stock: number | null): Promise<string> {
    const id = uuidV7(Date.now(), randomBytes);
    await studio.world.database.db
      .insertInto('products')
      .values({
        id,
        tenant_id: studio.world.studio.tenantId,
        name: `Product ${id.slice(-4)}`,
        price,
        stock_quantity: stock,
        taxable: 0,
        active: 1,
        created_at: '2026-11-27T09:00:00.000Z',
      })
      .execute();
    return id;
  }

  async function reviewOf(kind: Database['review_items']['kind'], subjectId: string) {
    const items = await studio.world.database.db
      .selectFrom('review_items')
      .selectAll()
      .where('kind', '=', kind)
      .where('subject_id', '=', subjectId)
      .execute();
    expect(items).toHaveLength(1);
    const [item] = items;
    return {
      item,
      deviceIds: JSON.parse(item?.device_ids ?? '[]') as unknown,
      actorIds: (JSON.parse(item?.details ?? '{}') as { actorIds?: unknown }).actorIds,
    };
  }

  /** Both desks' devices and actors, A's first: A's movement came first in business time. */
  const bothDesks = () => ({
    deviceIds: [studio.deviceIdA, studio.deviceIdB],
    actorIds: [studio.actorA, studio.actorB],
  });

  it('R9.4 names both desks and both actors when two offline desks overdraw one gift card', async () => {
    const { deskA, deskB, actorA, actorB } = studio;
    const mat = await addProduct(4000, null);
    await runDeskMutation(deskA, actorA, 'giftCard.sell', {
      amount: 5000,
      tenders: [{ method: 'external', amount: 5000, reference: 'voucher 17' }],
    });
    const card = await deskA.db
      .selectFrom('gift_cards')
      .select('id')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    await syncInTurn(studio, [deskA, deskB]);

    const sale = {
      lines: [{ kind: 'product', productId: mat, quantity: 1, unitPrice: 4000 }],
      tenders: [{ method: 'gift_card', amount: 4000, giftCardId: card.id }],
    };
    await runDeskMutation(deskA, actorA, 'pos.sale', sale);
    await runDeskMutation(deskB, actorB, 'pos.sale', sale);
    await syncInTurn(studio, [deskA, deskB, deskA]);

    const review = await reviewOf('gift_card_overdrawn', card.id);
    expect(review.item).toMatchObject({ amount: 3000 });
    expect({ deviceIds: review.deviceIds, actorIds: review.actorIds }).toEqual(bothDesks());
    const same = await sameEverywhere(studio);
    expect([same.mismatchedA, same.mismatchedB]).toEqual([[], []]);
  });

  it('R9.4 names both desks and both actors when two offline desks sell the last unit', async () => {
    const { deskA, deskB, actorA, actorB } = studio;
    const socks = await addProduct(1200, 1);
    // Stock arrives through the ledger too; a restock gives, so it is nobody's taking.
    await studio.world.database.db
      .insertInto('stock_movements')
      .values({
        id: uuidV7(Date.now(), randomBytes),
        tenant_id: studio.world.studio.tenantId,
        product_id: socks,
        quantity_delta: 1,
        reason: 'restock',
        order_item_id: null,
        staff_id: studio.world.studio.ownerId,
        device_id: null,
        created_at: '2026-11-27T09:00:00.000Z',
      })
      .execute();
    await syncInTurn(studio, [deskA, deskB]);

    const sale = {
      lines: [{ kind: 'product', productId: socks, quantity: 1, unitPrice: 1200 }],
      tenders: [{ method: 'external', amount: 1200, reference: 'till' }],
    };
    await runDeskMutation(deskA, actorA, 'pos.sale', sale);
    await runDeskMutation(deskB, actorB, 'pos.sale', sale);
    await syncInTurn(studio, [deskA, deskB, deskA]);

    const review = await reviewOf('stock_negative', socks);
    expect({ deviceIds: review.deviceIds, actorIds: review.actorIds }).toEqual(bothDesks());
  });

  it('R9.4 names both desks and both actors when two offline desks take the last place and the last credit', async () => {
    const { deskA, deskB, actorA, actorB } = studio;
    const classId = await addClass(studio, 'Tiny class', 1);
    const other = await addClass(studio, 'Other class');
    const first = await memberWithPack(studio, 'Ana');
    const second = await memberWithPack(studio, 'Ben');
    // Four of Ana's five credits used while the desks were in touch: one is left.
    for (let i = 0; i < 4; i++) {
      const spare = await addClass(studio, `Spare ${i}`);
      await syncInTurn(studio, [deskA]);
      await runDeskMutation(deskA, actorA, 'booking.book', {
        classId: spare,
        memberId: first.memberId,
        paidBy: { method: 'pack', packId: first.packId },
      });
    }
    await syncInTurn(studio, [deskA, deskB]);

    // Offline: A gives the class's one place to Ana; B gives it to Ben. B also spends Ana's
    // last credit on another class, which A's booking already took.
    await runDeskMutation(deskA, actorA, 'booking.book', {
      classId,
      memberId: first.memberId,
      paidBy: { method: 'pack', packId: first.packId },
    });
    await runDeskMutation(deskB, actorB, 'booking.book', {
      classId,
      memberId: second.memberId,
      paidBy: { method: 'pack', packId: second.packId },
    });
    await runDeskMutation(deskB, actorB, 'booking.book', {
      classId: other,
      memberId: first.memberId,
      paidBy: { method: 'pack', packId: first.packId },
    });
    await syncInTurn(studio, [deskA, deskB, deskA]);

    const place = await reviewOf('class_over_capacity', classId);
    expect({ deviceIds: place.deviceIds, actorIds: place.actorIds }).toEqual(bothDesks());
    const credit = await reviewOf('pack_exhausted', first.packId);
    expect({ deviceIds: credit.deviceIds, actorIds: credit.actorIds }).toEqual(bothDesks());
  });
});
