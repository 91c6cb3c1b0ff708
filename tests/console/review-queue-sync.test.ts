import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { serverBackends } from '../server/support/server-harness';
import {
  createTwoDeskStudio,
  sameEverywhere,
  syncInTurn,
  type TwoDeskStudio,
} from '../sync/merge-world';

/**
 * R16 through sync: two offline desks overspend a gift card, the server raises
 * `gift_card_overdrawn`, both desks pull it, and the owner settles it at both desks while
 * they are offline. The first settlement to reach the server stands, the second changes
 * nothing there (its audit entry says so), and after a pull every copy agrees.
 */
describe.each(serverBackends)('the review queue through sync on %s', (backend) => {
  let studio: TwoDeskStudio;

  beforeAll(async () => {
    studio = await createTwoDeskStudio(backend);
  });
  afterAll(() => studio.world.dispose());

  const deviceOf = (desk: Desk) => desk.identity?.deviceId ?? '';

  it('R16.3 two desks settle one item offline: the first to reach the server stands', async () => {
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
    await runDeskMutation(deskA, actorA, 'giftCard.sell', {
      amount: 5000,
      tenders: [{ method: 'external', amount: 5000, reference: 'voucher 19' }],
    });
    const card = await deskA.db.selectFrom('gift_cards').select('id').executeTakeFirstOrThrow();
    await syncInTurn(studio, [deskA, deskB]);
    const sale = {
      lines: [{ kind: 'product', productId, quantity: 1, unitPrice: 4000 }],
      tenders: [{ method: 'gift_card', amount: 4000, giftCardId: card.id }],
    };
    await runDeskMutation(deskA, actorA, 'pos.sale', sale);
    await runDeskMutation(deskB, actorB, 'pos.sale', sale);
    await syncInTurn(studio, [deskA, deskB, deskA]);

    const openAt = async (desk: Desk) =>
      desk.db
        .selectFrom('review_items')
        .select(['id', 'status', 'amount'])
        .where('status', '=', 'open')
        .execute();
    const [item] = await openAt(deskA);
    expect(item).toMatchObject({ status: 'open', amount: 3000 });
    expect(await openAt(deskB)).toEqual([item]);
    const reviewItemId = item?.id ?? '';

    // Both offline: the owner writes it off at A, and (signed in at B too) dismisses it there.
    await runDeskMutation(deskA, actorA, 'review.resolve', {
      reviewItemId,
      action: 'write_off',
      reason: 'Goodwill at desk A',
    });
    await runDeskMutation(deskB, actorA, 'review.resolve', {
      reviewItemId,
      action: 'dismiss',
      reason: 'Dismissed at desk B',
    });
    await syncInTurn(studio, [deskA, deskB, deskA, deskB]);

    const standing = {
      status: 'resolved',
      resolution: 'write_off',
      resolution_amount: 3000,
      resolution_note: 'Goodwill at desk A',
      resolved_by: actorA,
      resolved_device_id: deviceOf(deskA),
    };
    const columns = [
      'status',
      'resolution',
      'resolution_amount',
      'resolution_note',
      'resolved_by',
      'resolved_device_id',
    ] as const;
    const onServer = await db
      .selectFrom('review_items')
      .select(columns)
      .where('id', '=', reviewItemId)
      .executeTakeFirstOrThrow();
    const atDesk = (desk: Desk) =>
      desk.db
        .selectFrom('review_items')
        .select(columns)
        .where('id', '=', reviewItemId)
        .executeTakeFirstOrThrow();
    expect(onServer).toEqual(standing);
    expect(await atDesk(deskA)).toEqual(standing);
    expect(await atDesk(deskB)).toEqual(standing);

    const entries = await db
      .selectFrom('audit_logs')
      .select(['device_id', 'details'])
      .where('tenant_id', '=', world.studio.tenantId)
      .where('action', '=', 'review.resolve')
      .orderBy('chain_seq')
      .execute();
    expect(
      entries.map((e) => [e.device_id, (JSON.parse(e.details) as { settled: boolean }).settled]),
    ).toEqual([
      [deviceOf(deskA), true],
      [deviceOf(deskB), false],
    ]);
    const same = await sameEverywhere(studio);
    expect([same.mismatchedA, same.mismatchedB]).toEqual([[], []]);
  });
});
