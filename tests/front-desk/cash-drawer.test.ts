import { describe, expect, it } from 'vitest';
import type { DrawerReport } from '../../src-shared/receipts/drawer-report';
import type { ZReportReceipt } from '../../src-shared/receipts/receipt-model';
import { BACKENDS, DESK, minutesAfterNow, resultOf, useSeededStudio } from './front-desk-harness';
import { expectLedgersBalanced, tenantFootprint } from './ledger-invariants';

describe.each(BACKENDS)('the cash drawer on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const water = (quantity: number) => ({
    kind: 'product',
    productId: studio.products.water,
    quantity,
    unitPrice: 300,
  });

  it('runs a shift: float, sales and refunds in cash, paid in and out, X then Z report', async () => {
    const { sessionId } = resultOf<{ sessionId: string }>(
      await studio.run('drawer.open', { openingFloat: 10000, locationId: studio.locationId }),
    );
    expect(await studio.query('drawer.current', { deviceId: DESK })).toMatchObject({ sessionId });
    const cashSale = resultOf<{ orderId: string; changeDue: number }>(
      await studio.run(
        'pos.sale',
        { lines: [water(3)], tenders: [{ method: 'cash', amount: 900, tendered: 2000 }] },
        { at: minutesAfterNow(1) },
      ),
    );
    expect(cashSale.changeDue).toBe(1100);
    await studio.run(
      'pos.sale',
      {
        lines: [water(2)],
        tenders: [
          { method: 'cash', amount: 100, tendered: 100 },
          { method: 'card', amount: 500, paymentIntentId: 'pi_split' },
        ],
      },
      { at: minutesAfterNow(2) },
    );
    await studio.run(
      'drawer.move',
      { type: 'paid_in', amount: 500, reason: 'change from bank' },
      { at: minutesAfterNow(3) },
    );
    await studio.run(
      'drawer.move',
      { type: 'paid_out', amount: 1200, reason: 'window cleaner' },
      { at: minutesAfterNow(4) },
    );
    await studio.run('drawer.move', { type: 'no_sale' }, { at: minutesAfterNow(5) });
    await studio.run(
      'pos.refund',
      {
        orderId: cashSale.orderId,
        tenders: [{ method: 'cash', amount: 900 }],
        reason: 'returned unopened',
      },
      { as: 'manager', at: minutesAfterNow(6) },
    );

    const x = await studio.query<DrawerReport>('drawer.xReport', { sessionId });
    // 10,000 + 900 + 100 + 500 - 1,200 - 900 = 9,400.
    expect(x).toMatchObject({
      kind: 'X',
      openingFloat: 10000,
      cash: { sales: 1000, refunds: 900, paidIn: 500, paidOut: 1200, noSales: 1, expected: 9400 },
      counted: null,
      variance: null,
    });
    expect(x.tenders).toEqual([
      { method: 'cash', taken: 1000, givenBack: 900, net: 100, count: 3, givenBackCount: 1 },
      { method: 'card', taken: 500, givenBack: 0, net: 500, count: 1, givenBackCount: 0 },
      { method: 'gift_card', taken: 0, givenBack: 0, net: 0, count: 0, givenBackCount: 0 },
      { method: 'external', taken: 0, givenBack: 0, net: 0, count: 0, givenBackCount: 0 },
    ]);
    expect(await studio.refused('drawer.close', { countedAmount: 9350 })).toBe('forbidden');
    const closed = resultOf<{ expected: number; variance: number }>(
      await studio.run(
        'drawer.close',
        { countedAmount: 9350 },
        { as: 'manager', at: minutesAfterNow(60) },
      ),
    );
    expect(closed).toMatchObject({ expected: 9400, variance: -50 });
    expect(await studio.query('drawer.current', { deviceId: DESK })).toBeNull();
    const z = await studio.query<DrawerReport>('drawer.zReport', { sessionId });
    expect(z).toMatchObject({ kind: 'Z', counted: 9350, variance: -50 });
    const receipt = await studio.query<ZReportReceipt>('receipt.zReport', { sessionId });
    expect(receipt).toMatchObject({
      kind: 'z_report',
      openedBy: 'Frida Tester',
      closedBy: 'Manny Tester',
      expected: 9400,
      counted: 9350,
      variance: -50,
    });
    expect(receipt.rows).toContainEqual({ label: 'Variance', amount: -50 });
    expect(receipt.tenders).toContainEqual({ label: 'Card (net)', amount: 500 });
    expect(receipt.tenders).toContainEqual({ label: 'Cash refunded (1)', amount: -900 });
    const audits = await studio.db
      .selectFrom('audit_logs')
      .select(['action', 'chain_seq', 'details'])
      .where('tenant_id', '=', studio.tenantId)
      .orderBy('chain_seq')
      .execute();
    expect(audits.map((a) => a.action)).toEqual(['drawer.open', 'pos.refund', 'drawer.close']);
    expect(JSON.parse(audits[2]?.details ?? '{}')).toEqual({
      expected: 9400,
      counted: 9350,
      variance: -50,
    });
    await expectLedgersBalanced(studio);
  });

  it('keeps one drawer per desk and refuses moves without one, changing nothing', async () => {
    const before = await tenantFootprint(studio);
    expect(
      await studio.refused('drawer.move', { type: 'paid_in', amount: 100, reason: 'float top-up' }),
    ).toBe('not_found');
    expect(await studio.refused('drawer.close', { countedAmount: 0 }, { as: 'owner' })).toBe(
      'not_found',
    );
    expect(await studio.refused('drawer.move', { type: 'paid_out', amount: 100 })).toBe('invalid');
    expect(await studio.refused('drawer.open', { openingFloat: -1 })).toBe('invalid');
    expect(await studio.refused('drawer.open', { openingFloat: 100 }, { as: 'instructor' })).toBe(
      'forbidden',
    );
    expect(await tenantFootprint(studio)).toEqual(before);
    await studio.run('drawer.open', { openingFloat: 100 });
    expect(await studio.refused('drawer.open', { openingFloat: 100 })).toBe('rule');
    // Another desk has its own drawer.
    await studio.run('drawer.open', { openingFloat: 300 }, { deviceId: 'desk-two' });
  });
});
