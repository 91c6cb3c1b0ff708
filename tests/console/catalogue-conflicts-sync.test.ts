import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from '../sync/sync-harness';

const PRICED_ID = '01900000-0000-7000-8000-00000000c001';
const RETIRED_ID = '01900000-0000-7000-8000-00000000c002';
const COUPON_ID = '01900000-0000-7000-8000-00000000c003';

/**
 * The console's three offline conflicts (issue 16), end to end through real sync: two desks
 * that were offline each act on what their copy said, and the server, meeting the second,
 * keeps the fact and raises a review item for the owner.
 */
describe.each(serverBackends)('catalogue offline conflicts through sync on %s', (backend) => {
  let world: SyncWorld;
  let deskA: Desk;
  let deskB: Desk;
  let staffA: string;
  let staffB: string;

  const syncAll = async (desks: readonly Desk[]) => {
    for (const desk of desks) {
      const report = await syncOnce(desk, world.transport(desk));
      expect(report.refused).toBe(0);
    }
  };
  const reviewItems = (subjectId: string) =>
    world.database.db
      .selectFrom('review_items')
      .select(['kind', 'amount', 'device_ids', 'details'])
      .where('subject_id', '=', subjectId)
      .execute();

  beforeAll(async () => {
    world = await createSyncWorld(backend);
    const at = '2026-11-27T09:00:00.000Z';
    const tenantId = world.studio.tenantId;
    const product = { tenant_id: tenantId, stock_quantity: 10, taxable: 0, active: 1 } as const;
    await world.database.db
      .insertInto('products')
      .values([
        { ...product, id: PRICED_ID, name: 'Yoga mat', price: 4000, created_at: at },
        { ...product, id: RETIRED_ID, name: 'Old towel', price: 900, created_at: at },
      ])
      .execute();
    await world.database.db
      .insertInto('coupons')
      .values({
        id: COUPON_ID,
        tenant_id: tenantId,
        code: 'ONCE',
        type: 'amount',
        value: 500,
        active: 1,
        max_redemptions: 1,
        created_at: at,
      })
      .execute();
    deskA = await world.enrollNewDesk('Desk A');
    deskB = await world.enrollNewDesk('Desk B');
    staffA = await signInStaff(deskA, { email: world.ownerEmail }, '1234');
    staffB = await signInStaff(deskB, { email: world.ownerEmail }, '1234');
  });

  afterAll(() => world.dispose());

  it('two desks change one price offline: the later to reach the server stands, edit_conflict names both prices', async () => {
    const edit = (price: number) => ({
      productId: PRICED_ID,
      set: { price },
      basedOn: { price: 4000 },
    });
    await runDeskMutation(deskA, staffA, 'product.update', edit(4500));
    await runDeskMutation(deskB, staffB, 'product.update', edit(3800));
    await syncAll([deskA, deskB, deskA]);

    const server = await world.database.db
      .selectFrom('products')
      .select('price')
      .where('id', '=', PRICED_ID)
      .executeTakeFirstOrThrow();
    expect(server.price).toBe(3800);
    for (const desk of [deskA, deskB]) {
      const row = await desk.db
        .selectFrom('products')
        .select('price')
        .where('id', '=', PRICED_ID)
        .executeTakeFirstOrThrow();
      expect(row.price).toBe(3800);
    }
    const items = await reviewItems(PRICED_ID);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'edit_conflict', amount: 4500 });
    expect(items[0]?.details).toContain('price was 4000');
    expect(items[0]?.details).toMatch(/4500.*3800/);
    expect(JSON.parse(items[0]?.device_ids ?? '[]')).toEqual([deskB.identity?.deviceId]);
  });

  it('a coupon’s last use redeemed at two offline desks: both sales stand, coupon_overused names both desks', async () => {
    const sale = {
      couponCode: 'once',
      lines: [{ kind: 'product', productId: PRICED_ID, quantity: 1, unitPrice: 3800 }],
      tenders: [{ method: 'external', amount: 3300, reference: 'voucher 9' }],
    };
    await runDeskMutation(deskA, staffA, 'pos.sale', sale);
    await runDeskMutation(deskB, staffB, 'pos.sale', sale);
    await syncAll([deskA, deskB, deskA]);

    const db = world.database.db;
    const orders = await db
      .selectFrom('pos_orders')
      .select(['discount_amount', 'total_amount'])
      .where('coupon_id', '=', COUPON_ID)
      .execute();
    expect(orders).toEqual([
      { discount_amount: 500, total_amount: 3300 },
      { discount_amount: 500, total_amount: 3300 },
    ]);
    const items = await reviewItems(COUPON_ID);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'coupon_overused' });
    expect(JSON.parse(items[0]?.device_ids ?? '[]')).toEqual([
      deskA.identity?.deviceId,
      deskB.identity?.deviceId,
    ]);
  });

  it('a product retired at one desk and sold at another that had not heard: the sale stands, retired_item_sold', async () => {
    await runDeskMutation(deskA, staffA, 'product.update', {
      productId: RETIRED_ID,
      set: { active: false },
      basedOn: { active: true },
    });
    await syncAll([deskA]);
    await runDeskMutation(deskB, staffB, 'pos.sale', {
      lines: [{ kind: 'product', productId: RETIRED_ID, quantity: 3, unitPrice: 900 }],
      tenders: [{ method: 'external', amount: 2700, reference: 'voucher 10' }],
    });
    await syncAll([deskB, deskA]);

    const db = world.database.db;
    const product = await db
      .selectFrom('products')
      .select(['active', 'stock_quantity'])
      .where('id', '=', RETIRED_ID)
      .executeTakeFirstOrThrow();
    expect(product).toEqual({ active: 0, stock_quantity: 7 });
    const items = await reviewItems(RETIRED_ID);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'retired_item_sold', amount: 2700 });
    expect(JSON.parse(items[0]?.device_ids ?? '[]')).toEqual([deskB.identity?.deviceId]);
  });

  it('one barcode given to two new products at two offline desks: both stand, edit_conflict for the second', async () => {
    const product = (name: string) => ({
      name,
      price: 1200,
      taxCategory: 'retail',
      barcode: '0400000000017',
      taxable: true,
      openingStock: null,
    });
    const first = await runDeskMutation(deskA, staffA, 'product.create', product('Blue strap'));
    const second = await runDeskMutation(deskB, staffB, 'product.create', product('Red strap'));
    // The desk refuses it once its copy knows the barcode is taken.
    await expect(
      runDeskMutation(deskA, staffA, 'product.create', product('Green strap')),
    ).rejects.toThrow(/barcode 0400000000017 already names Blue strap/);
    await syncAll([deskA, deskB, deskA]);

    const named = await world.database.db
      .selectFrom('products')
      .select('name')
      .where('barcode', '=', '0400000000017')
      .orderBy('name')
      .execute();
    expect(named.map((p) => p.name)).toEqual(['Blue strap', 'Red strap']);
    const secondId = (second.result as { productId: string }).productId;
    const items = await reviewItems(secondId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'edit_conflict' });
    expect(items[0]?.details).toContain('already names Blue strap');
    expect(JSON.parse(items[0]?.device_ids ?? '[]')).toEqual([deskB.identity?.deviceId]);
    expect(await reviewItems((first.result as { productId: string }).productId)).toEqual([]);
  });
});
