import { describe, expect, it } from 'vitest';
import {
  BACKENDS,
  minutesAfterNow,
  NOW,
  resultOf,
  useSeededStudio,
} from '../front-desk/front-desk-harness';
import { catalogueSnapshot, messageOf, reviewItemsOf } from './catalogue-test-support';

interface CatalogueCoupon {
  readonly couponId: string;
  readonly code: string;
  readonly discount: { readonly type: string; readonly value: number };
  readonly startsAt: string | null;
  readonly maxRedemptions: number | null;
  readonly redemptionsUsed: number;
  readonly active: boolean;
}

const spring = {
  code: 'Spring25',
  discount: { type: 'percent', value: 25 },
  startsAt: '2026-11-30T00:00:00Z',
  expiresAt: '2027-03-01T00:00:00.000Z',
  maxRedemptions: 100,
};

describe.each(BACKENDS)('catalogue coupons on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const couponRow = (id: string) =>
    studio.db.selectFrom('coupons').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const coupons = () => studio.query<CatalogueCoupon[]>('catalogue.coupons', {});
  /** Water is 300, untaxed: a sale whose total the coupon alone sets. */
  const waterSale = (couponCode: string, total: number) => ({
    couponCode,
    lines: [{ kind: 'product', productId: studio.products.water, quantity: 1, unitPrice: 300 }],
    tenders: [{ method: 'external', amount: total, reference: 'voucher' }],
  });
  const createLimited = async (overrides: Record<string, unknown> = {}) =>
    resultOf<{ couponId: string }>(
      await studio.run(
        'coupon.create',
        {
          code: 'LAST1',
          discount: { type: 'amount', value: 100 },
          maxRedemptions: 1,
          ...overrides,
        },
        { as: 'manager' },
      ),
    ).couponId;

  it('coupon.create adds a coupon with its dates stored as UTC timestamps', async () => {
    const couponId = await createLimited({ ...spring });
    expect(await couponRow(couponId)).toMatchObject({
      code: 'Spring25',
      type: 'percent',
      value: 25,
      starts_at: '2026-11-30T00:00:00.000Z',
      expires_at: '2027-03-01T00:00:00.000Z',
      max_redemptions: 100,
      active: 1,
    });
    await studio.run('pos.sale', waterSale('spring25', 225));
    expect((await coupons()).find((c) => c.couponId === couponId)).toMatchObject({
      code: 'Spring25',
      discount: { type: 'percent', value: 25 },
      redemptionsUsed: 1,
      active: true,
    });
  });

  it('coupon.create refuses bad input, a code in use in any case, and non-managers', async () => {
    const before = await catalogueSnapshot(studio);
    for (const bad of [
      { ...spring, discount: { type: 'percent', value: 0 } },
      { ...spring, discount: { type: 'percent', value: 101 } },
      { ...spring, discount: { type: 'amount', value: 0 } },
      { ...spring, discount: { type: 'percent', value: 10.5 } },
      { ...spring, code: 'no spaces' },
      { ...spring, code: 'AB' },
      { ...spring, expiresAt: '2026-11-01T00:00:00.000Z' },
      { ...spring, startsAt: 'tomorrow' },
      { ...spring, maxRedemptions: 0 },
    ]) {
      expect(await studio.refused('coupon.create', bad, { as: 'owner' })).toBe('invalid');
    }
    expect(
      await studio.refused('coupon.create', { ...spring, code: 'save10' }, { as: 'owner' }),
    ).toBe('invalid');
    expect(await studio.refused('coupon.create', spring)).toBe('forbidden');
    expect(await studio.refused('coupon.create', spring, { as: 'instructor' })).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);
  });

  it('coupon.update changes code, discount, limit and switches it off', async () => {
    const couponId = await createLimited();
    await studio.run(
      'coupon.update',
      {
        couponId,
        set: { code: 'LAST2', discount: { type: 'percent', value: 50 }, maxRedemptions: 2 },
        basedOn: { code: 'LAST1', discount: { type: 'amount', value: 100 }, maxRedemptions: 1 },
      },
      { as: 'owner' },
    );
    expect(await couponRow(couponId)).toMatchObject({
      code: 'LAST2',
      type: 'percent',
      value: 50,
      max_redemptions: 2,
    });
    await studio.run(
      'coupon.update',
      { couponId, set: { active: false }, basedOn: { active: true } },
      { as: 'manager' },
    );
    expect((await couponRow(couponId)).active).toBe(0);
    expect(await studio.refused('pos.sale', waterSale('LAST2', 150))).toBe('rule');
  });

  it('coupon.update refuses bad input, a taken code, a stale form and the front desk', async () => {
    const couponId = await createLimited();
    const before = await catalogueSnapshot(studio);
    const rename = { couponId, set: { code: 'NEWCODE' }, basedOn: { code: 'LAST1' } };
    for (const bad of [
      { ...rename, set: { code: '!!' } },
      { ...rename, basedOn: {} },
      { couponId, set: { maxRedemptions: -1 }, basedOn: { maxRedemptions: 1 } },
    ]) {
      expect(await studio.refused('coupon.update', bad, { as: 'owner' })).toBe('invalid');
    }
    expect(
      await studio.refused(
        'coupon.update',
        { ...rename, set: { code: 'fiveoff' } },
        { as: 'owner' },
      ),
    ).toBe('invalid');
    expect(
      await studio.refused(
        'coupon.update',
        {
          couponId,
          set: { expiresAt: '2026-01-01T00:00:00.000Z', startsAt: '2026-06-01T00:00:00.000Z' },
          basedOn: { expiresAt: null, startsAt: null },
        },
        { as: 'owner' },
      ),
    ).toBe('invalid');
    expect(
      await studio.refused(
        'coupon.update',
        { ...rename, basedOn: { code: 'OTHER' } },
        { as: 'owner' },
      ),
    ).toBe('rule');
    expect(await studio.refused('coupon.update', rename)).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);
  });

  it('a coupon not yet valid is refused at the desk', async () => {
    await createLimited({ code: 'SOON', startsAt: minutesAfterNow(60), maxRedemptions: null });
    const before = await catalogueSnapshot(studio);
    expect(await studio.refused('pos.sale', waterSale('SOON', 200))).toBe('rule');
    expect(await catalogueSnapshot(studio)).toEqual(before);
    await studio.run('pos.sale', waterSale('SOON', 200), { at: minutesAfterNow(61) });
  });

  it('a used-up coupon is refused at the desk', async () => {
    await createLimited();
    await studio.run('pos.sale', waterSale('LAST1', 200));
    const before = await catalogueSnapshot(studio);
    expect(await studio.refused('pos.sale', waterSale('last1', 200), { at: NOW })).toBe('rule');
    expect(await catalogueSnapshot(studio)).toEqual(before);
  });

  it('the last use redeemed at two offline desks: the server keeps both and raises coupon_overused', async () => {
    const couponId = await createLimited();
    await studio.run('pos.sale', waterSale('LAST1', 200));
    // The second desk saw the use left; its sale reaches the server after the first.
    const second = resultOf<{ orderId: string }>(
      await studio.run('pos.sale', waterSale('LAST1', 200), {
        side: 'server',
        deviceId: 'desk-front-2',
        at: minutesAfterNow(1),
      }),
    );
    const order = await studio.db
      .selectFrom('pos_orders')
      .select(['coupon_id', 'discount_amount', 'total_amount'])
      .where('id', '=', second.orderId)
      .executeTakeFirstOrThrow();
    expect(order).toEqual({ coupon_id: couponId, discount_amount: 100, total_amount: 200 });
    expect((await coupons()).find((c) => c.couponId === couponId)?.redemptionsUsed).toBe(2);
    const [item, ...more] = await reviewItemsOf(studio);
    expect(more).toEqual([]);
    expect(item).toMatchObject({ kind: 'coupon_overused', subject_id: couponId, amount: null });
    expect(messageOf(item)).toContain('1 of its 1 uses were taken');
    const named = await studio.db
      .selectFrom('review_items')
      .select('device_ids')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(named.device_ids)).toEqual(['desk-front-1', 'desk-front-2']);
  });
});
