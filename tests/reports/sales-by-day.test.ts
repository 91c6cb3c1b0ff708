import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useSeededStudio } from '../front-desk/front-desk-harness';
import { busyDay, DAY, DESK_A, sell } from './report-studio';

interface SalesDay {
  readonly date: string;
  readonly orderCount: number;
  readonly sales: number;
  readonly refunds: number;
  readonly voids: number;
  readonly net: number;
}
interface SalesByDay {
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  readonly days: readonly SalesDay[];
  readonly totals: Omit<SalesDay, 'date'>;
}

const noSales = (date: string): SalesDay => ({
  date,
  orderCount: 0,
  sales: 0,
  refunds: 0,
  voids: 0,
  net: 0,
});

describe.each(BACKENDS)('report.salesByDay on %s', (backend) => {
  const studio = useSeededStudio(backend);
  const salesByDay = (args: Record<string, unknown>) =>
    studio.query<SalesByDay>('report.salesByDay', args);

  it('gives each studio day its sales, refunds and voids as the day close counts them', async () => {
    const { orders } = await busyDay(studio);
    const { evening, socks, card, redeemed, pack, membership, voided } = orders;
    const daySales = [socks, card, redeemed, pack, membership, voided].reduce(
      (sum, o) => sum + o.total,
      0,
    );
    const report = await salesByDay({ from: '2026-11-29', to: DAY });
    expect(report).toMatchObject({ timeZone: 'America/Chicago', from: '2026-11-29', to: DAY });
    expect(report.days).toEqual([
      noSales('2026-11-29'),
      // Two waters at 21:00 on Nov 30 in Chicago (03:00Z on Dec 1).
      { ...noSales('2026-11-30'), orderCount: 1, sales: evening.total, net: evening.total },
      // One of those waters refunded on Dec 1; the day's own water voided.
      {
        date: DAY,
        orderCount: 6,
        sales: daySales,
        refunds: 300,
        voids: 300,
        net: daySales - 600,
      },
    ]);
    expect(report.totals).toEqual({
      orderCount: 7,
      sales: evening.total + daySales,
      refunds: 300,
      voids: 300,
      net: evening.total + daySales - 600,
    });
    // The same rules as the day close: a day here is that day's close.
    const close = await studio.query<{ orderCount: number; sales: number; net: number }>(
      'report.dayClose',
      { from: DAY, to: DAY },
    );
    expect(report.days[2]).toMatchObject({
      orderCount: close.orderCount,
      sales: close.sales,
      net: close.net,
    });
  });

  it('puts a sale at 23:30 on the 25-hour fall-back Sunday on that Sunday', async () => {
    const water = {
      kind: 'product',
      productId: studio.products.water,
      quantity: 1,
      unitPrice: 300,
    };
    const external = (total: number) => [{ method: 'external', amount: total, reference: 'v' }];
    // Sat Oct 31 23:30 CDT; Sun Nov 1 00:30 CDT and 23:30 CST; Mon Nov 2 00:30 CST.
    for (const [at, quantity] of [
      ['2026-11-01T04:30:00.000Z', 1],
      ['2026-11-01T05:30:00.000Z', 2],
      ['2026-11-02T05:30:00.000Z', 3],
      ['2026-11-02T06:30:00.000Z', 4],
    ] as const) {
      await sell(studio, {
        lines: [{ ...water, quantity }],
        split: external,
        at,
        deviceId: DESK_A,
      });
    }
    const report = await salesByDay({ from: '2026-10-31', to: '2026-11-02' });
    expect(report.days).toEqual([
      { ...noSales('2026-10-31'), orderCount: 1, sales: 300, net: 300 },
      { ...noSales('2026-11-01'), orderCount: 2, sales: 1500, net: 1500 },
      { ...noSales('2026-11-02'), orderCount: 1, sales: 1200, net: 1200 },
    ]);
    const elsewhere = randomUUID();
    await studio.db
      .insertInto('locations')
      .values({
        id: elsewhere,
        tenant_id: studio.tenantId,
        name: 'Annex',
        time_zone: 'America/Chicago',
        address: null,
        created_at: '2026-09-01T00:00:00.000Z',
      })
      .execute();
    const annex = await salesByDay({ from: '2026-10-31', to: '2026-11-02', locationId: elsewhere });
    expect(annex.totals).toEqual({ orderCount: 0, sales: 0, refunds: 0, voids: 0, net: 0 });
    const main = await salesByDay({
      from: '2026-10-31',
      to: '2026-11-02',
      locationId: studio.locationId,
    });
    expect(main.totals.sales).toBe(3000);
  });

  it('covers up to 366 days, one row a day, and refuses longer or reversed ranges', async () => {
    const year = await salesByDay({ from: '2025-12-01', to: DAY });
    expect(year.days).toHaveLength(366);
    expect(year.days[0]?.date).toBe('2025-12-01');
    expect(year.days.at(-1)?.date).toBe(DAY);
    await expect(salesByDay({ from: '2025-12-01', to: '2026-12-02' })).rejects.toThrow(
      /a report covers at most 366 days/,
    );
    await expect(salesByDay({ from: DAY, to: '2026-11-30' })).rejects.toThrow(
      /the range ends before it starts/,
    );
    await expect(salesByDay({ from: DAY, extra: 1 })).rejects.toThrow(/unrecognized key/i);
    const stranger = randomUUID();
    await expect(salesByDay({ from: DAY, locationId: stranger })).rejects.toThrow(
      `report.salesByDay: no location ${stranger} in this studio`,
    );
  });
});
