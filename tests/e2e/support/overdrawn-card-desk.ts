import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { uuidV7 } from '../../../src-shared/ids/uuid-v7';
import { executeMutation } from '../../../src-shared/mutations/execute-mutation';
import { mutationRegistry } from '../../../src-shared/mutations/all-mutations';
import { readActor } from '../../../sync-server/sync/actor-roles';
import { hostCall, hostQuery } from './e2e-harness';
import { eventually, type OwnerDesk } from './enrolled-desk';

const newId = () => uuidV7(Date.now(), randomBytes);

/**
 * Two desks spend one gift card past its balance: this desk sells the card ($10.00), to
 * `memberId` when given, and spends $8.00 of it; a second desk, offline before it heard of
 * that, spends $8.00 too and the server, re-running its sale, raises `gift_card_overdrawn`
 * for $6.00 (R1.5). Waits until this desk has pulled the open item.
 */
export async function overdrawGiftCard(
  owner: OwnerDesk,
  memberId?: string,
): Promise<{ readonly giftCardId: string }> {
  const { desk, studio } = owner;
  const forMember = memberId === undefined ? {} : { memberId };
  const productId = newId();
  await owner.onServer((_trx, shared) =>
    shared
      .insertInto('products')
      .values({
        id: productId,
        tenant_id: studio.tenantId,
        name: 'Yoga mat',
        price: 800,
        stock_quantity: null,
        taxable: 0,
        active: 1,
        created_at: new Date().toISOString(),
      })
      .execute(),
  );
  await hostCall(desk.desk, 'sync.now', {});
  const sold = await owner.mutate<{ giftCards: { giftCardId: string }[] }>('giftCard.sell', {
    amount: 1000,
    ...forMember,
    tenders: [{ method: 'external', amount: 1000, reference: 'voucher 19' }],
  });
  const giftCardId = sold.giftCards[0]?.giftCardId ?? '';
  const sale = {
    ...forMember,
    lines: [{ kind: 'product', productId, quantity: 1, unitPrice: 800 }],
    tenders: [{ method: 'gift_card', amount: 800, giftCardId }],
  };
  await eventually(async () => {
    await hostCall(desk.desk, 'sync.now', {});
    expect(JSON.stringify(await hostQuery(desk.desk, 'pos.catalog', {}))).toContain(productId);
  });
  await owner.mutate('pos.sale', sale);
  await eventually(async () => {
    await hostCall(desk.desk, 'sync.now', {});
    const status = await hostCall<{ pending: number }>(desk.desk, 'sync.status', {});
    expect(status.pending).toBe(0);
  });
  await owner.onServer(async (_trx, shared) => {
    const outcome = await executeMutation({
      registry: mutationRegistry,
      db: shared,
      side: 'server',
      tenantId: studio.tenantId,
      deviceId: newId(),
      actor: await readActor(shared, studio.tenantId, studio.ownerId),
      call: { id: newId(), name: 'pos.sale', args: sale, at: new Date().toISOString() },
    });
    expect(outcome.breaches.map((b) => b.kind)).toEqual(['gift_card_overdrawn']);
  });
  await eventually(async () => {
    await hostCall(desk.desk, 'sync.now', {});
    const open = await hostQuery<{ count: number }>(desk.desk, 'review.openCount', {});
    expect(open.count).toBe(1);
  });
  return { giftCardId };
}
