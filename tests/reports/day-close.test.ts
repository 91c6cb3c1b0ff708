import { describe, expect, it } from 'vitest';
import { BACKENDS, useSeededStudio } from '../front-desk/front-desk-harness';
import { refundPart } from '../../src-shared/mutations/front-desk/sale-pricing';
import { busyDay, DAY, DESK_A, DESK_B, onDay, sell } from './report-studio';

interface Tender {
  readonly method: string;
  readonly taken: number;
  readonly givenBack: number;
  readonly net: number;
}
interface DayClose {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly orderCount: number;
  readonly sales: number;
  readonly discounts: number;
  readonly couponOrderCount: number;
  readonly couponDiscounts: number;
  readonly refunds: { readonly count: number; readonly amount: number };
  readonly voids: { readonly count: number; readonly amount: number };
  readonly net: number;
  readonly tax: { readonly onSales: number; readonly refunded: number; readonly collected: number };
  readonly tenders: readonly Tender[];
  readonly tendersNet: number;
  readonly cardTotal: number;
  readonly byDesk: readonly { deviceId: string; orderCount: number; total: number }[];
  readonly byStaff: readonly { staffId: string; name: string; orderCount: number; total: number }[];
  readonly byLocation: readonly { name: string; orderCount: number; total: number }[];
  readonly byCategory: readonly {
    kind: string;
    productCategory: string | null;
    quantity: number;
    total: number;
  }[];
  readonly drawers: readonly {
    deviceId: string;
    openingFloat: number;
    expected: number;
    counted: number;
    variance: number;
  }[];
}

describe.each(BACKENDS)('report.dayClose on %s', (backend) => {
  const studio = useSeededStudio(backend);
  const dayClose = (args: Record<string, unknown>) =>
    studio.query<DayClose>('report.dayClose', args);
  const tender = (report: DayClose, method: string) =>
    report.tenders.find((t) => t.method === method);

  it('reports a day at two desks: tenders, refunds, voids, discounts, tax, desks, staff, drawers', async () => {
    const { orders } = await busyDay(studio);
    const { socks, card, redeemed, pack, membership, voided } = orders;
    const dayOrders = [socks, card, redeemed, pack, membership, voided];
    const rows = await studio.db
      .selectFrom('pos_orders')
      .selectAll()
      .where(
        'id',
        'in',
        dayOrders.map((o) => o.orderId),
      )
      .execute();
    const sum = (pick: (row: (typeof rows)[number]) => number) =>
      rows.reduce((total, row) => total + pick(row), 0);
    const sales = dayOrders.reduce((total, o) => total + o.total, 0);

    const report = await dayClose({ from: DAY, to: DAY });
    expect(report).toMatchObject({
      from: DAY,
      to: DAY,
      timeZone: 'America/Chicago',
      startsAt: '2026-12-01T06:00:00.000Z',
      endsAt: '2026-12-02T06:00:00.000Z',
      orderCount: 6,
      sales,
      discounts: 240 + 500,
      couponOrderCount: 2,
      couponDiscounts: 240 + 500,
      // The void of the day's water, the refund of a bottle sold the evening before.
      voids: { count: 1, amount: 300 },
      refunds: { count: 1, amount: 300 },
      net: sales - 600,
      tax: { onSales: sum((r) => r.tax_amount), refunded: 0, collected: sum((r) => r.tax_amount) },
    });
    expect(report.sales).toBe(sum((r) => r.total_amount));
    expect(report.tax.onSales).toBeGreaterThan(0);
    expect(tender(report, 'cash')).toMatchObject({
      taken: socks.total - 1000 + 100 + 2000 + 300,
      givenBack: 600,
    });
    expect(tender(report, 'card')).toMatchObject({
      taken: 1000 + 5000 + membership.total - 2000,
      givenBack: 0,
    });
    expect(tender(report, 'gift_card')).toMatchObject({ taken: redeemed.total - 100 });
    expect(tender(report, 'external')).toMatchObject({ taken: pack.total });
    expect(report.cardTotal).toBe(tender(report, 'card')?.net);
    // The day's money: every tender, net, is the sales less what was given back.
    expect(report.tendersNet).toBe(report.sales - report.refunds.amount - report.voids.amount);

    expect(report.byDesk).toEqual([
      { deviceId: DESK_A, orderCount: 3, total: socks.total + pack.total + membership.total },
      { deviceId: DESK_B, orderCount: 3, total: card.total + redeemed.total + voided.total },
    ]);
    expect(report.byStaff).toEqual([
      expect.objectContaining({ name: 'Frida Tester', orderCount: 5, total: sales - card.total }),
      expect.objectContaining({ name: 'Manny Tester', orderCount: 1, total: card.total }),
    ]);
    expect(report.byLocation).toEqual([
      { locationId: studio.locationId, name: 'Main', orderCount: 6, total: sales },
    ]);
    expect(report.byCategory.map((c) => [c.kind, c.productCategory, c.quantity])).toEqual([
      ['class_pack', null, 1],
      ['gift_card', null, 1],
      ['membership', null, 1],
      ['product', 'uncategorised', 6],
    ]);
    expect(report.byCategory.reduce((total, c) => total + c.total, 0)).toBe(sales);

    const drawerRows = await studio.db
      .selectFrom('cash_drawer_sessions')
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .where('closed_at', '>=', report.startsAt)
      .orderBy('closed_at')
      .execute();
    expect(report.drawers.map((d) => [d.deviceId, d.openingFloat, d.expected, d.counted])).toEqual(
      drawerRows.map((d) => [d.device_id, d.opening_float, d.expected_amount, d.counted_amount]),
    );
    expect(report.drawers.map((d) => [d.deviceId, d.variance])).toEqual([
      [DESK_A, -100],
      [DESK_B, 0],
    ]);
    // Desk A: float, cash of the socks and the membership, less the refund and paid out.
    expect(report.drawers[0]?.expected).toBe(10000 + socks.total - 1000 + 2000 - 300 - 700);
  });

  it('puts a refund on the day it was given and keeps tenders = sales − returns for every range', async () => {
    const { orders } = await busyDay(studio);
    const before = await dayClose({ from: '2026-11-30' });
    expect(before).toMatchObject({
      from: '2026-11-30',
      to: '2026-11-30',
      orderCount: 1,
      sales: orders.evening.total,
      refunds: { count: 0, amount: 0 },
    });
    const both = await dayClose({ from: '2026-11-30', to: DAY });
    expect(both.orderCount).toBe(7);
    expect(both.refunds).toEqual({ count: 1, amount: 300 });
    for (const report of [before, both, await dayClose({ from: DAY, to: DAY })]) {
      expect(report.tendersNet).toBe(report.sales - report.refunds.amount - report.voids.amount);
      expect(report.tenders.reduce((t, x) => t + x.taken, 0)).toBe(report.sales);
    }
    // The evening drawer closed at 22:00 on Nov 30 in Chicago (04:00Z on Dec 1).
    expect(before.drawers.map((d) => d.counted)).toEqual([10600]);
  });

  it('gives back the tax of a refunded line on the day of the refund', async () => {
    const { orders } = await busyDay(studio);
    const item = await studio.db
      .selectFrom('pos_order_items')
      .selectAll()
      .where('order_id', '=', orders.socks.orderId)
      .executeTakeFirstOrThrow();
    const part = refundPart(
      {
        quantity: item.quantity,
        unitPrice: item.unit_price,
        discount: item.discount_amount,
        tax: item.tax_amount,
      },
      0,
      1,
    );
    expect(part.tax).toBeGreaterThan(0);
    await studio.run(
      'pos.refund',
      {
        orderId: orders.socks.orderId,
        lines: [{ orderItemId: item.id, quantity: 1 }],
        tenders: [{ method: 'external', amount: part.total, reference: 'store credit slip' }],
        reason: 'wrong size',
      },
      { at: onDay(30), deviceId: DESK_B, as: 'manager' },
    );
    const nextDay = await dayClose({ from: '2026-12-02' });
    expect(nextDay).toMatchObject({
      orderCount: 0,
      sales: 0,
      refunds: { count: 1, amount: part.total },
      net: -part.total,
      tendersNet: -part.total,
      tax: { onSales: 0, refunded: part.tax, collected: -part.tax },
    });
    expect(tender(nextDay, 'external')).toMatchObject({ taken: 0, givenBack: part.total });
    // The day of the sale is unchanged by a later refund.
    expect((await dayClose({ from: DAY })).refunds).toEqual({ count: 1, amount: 300 });
  });

  it('a sale at 23:30 lands on its studio day across the autumn DST change', async () => {
    const water = [
      { kind: 'product', productId: studio.products.water, quantity: 1, unitPrice: 300 },
    ];
    const external = (total: number) => [{ method: 'external', amount: total, reference: 'v' }];
    // 23:30 on Oct 31 (CDT, UTC−5), 23:30 on Nov 1 (CST, UTC−6), 00:30 on Nov 2.
    for (const at of [
      '2026-11-01T04:30:00.000Z',
      '2026-11-02T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]) {
      await sell(studio, { lines: water, split: external, at, deviceId: DESK_A });
    }
    const dstDay = await dayClose({ from: '2026-11-01' });
    // The day the clocks go back is 25 hours long.
    expect(dstDay).toMatchObject({
      startsAt: '2026-11-01T05:00:00.000Z',
      endsAt: '2026-11-02T06:00:00.000Z',
      orderCount: 1,
      sales: 300,
    });
    expect((await dayClose({ from: '2026-10-31' })).orderCount).toBe(1);
    expect((await dayClose({ from: '2026-11-02' })).orderCount).toBe(1);
  });

  it('filters by location and refuses a bad range', async () => {
    await busyDay(studio);
    const elsewhere = await dayClose({
      from: DAY,
      locationId: '01930000-0000-7000-8000-000000000abc',
    });
    expect(elsewhere).toMatchObject({ orderCount: 0, sales: 0, tendersNet: 0, drawers: [] });
    expect((await dayClose({ from: DAY, locationId: studio.locationId })).orderCount).toBe(6);
    await expect(dayClose({ from: DAY, to: '2026-11-30' })).rejects.toThrow(
      /ends before it starts/,
    );
    await expect(dayClose({ from: '2026-02-30' })).rejects.toThrow(/not on the calendar/);
    await expect(dayClose({ from: '2025-01-01', to: DAY })).rejects.toThrow(/at most 366 days/);
    await expect(dayClose({ from: DAY, extra: 1 })).rejects.toThrow();
  });
});
