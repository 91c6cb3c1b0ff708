import { describe, expect, it } from 'vitest';
import type { OrderReceipt } from '../../src-shared/receipts/receipt-model';
import { BACKENDS, NOW, resultOf, useSeededStudio } from './front-desk-harness';
import { expectLedgersBalanced, reviewItems, tenantFootprint } from './ledger-invariants';

interface SaleResult {
  readonly orderId: string;
  readonly receiptNumber: string;
  readonly total: number;
  readonly changeDue: number;
  readonly giftCards: readonly { readonly giftCardId: string; readonly code: string }[];
  readonly packIds: readonly string[];
  readonly bookingIds: readonly string[];
}

describe.each(BACKENDS)('pos.sale on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const socks = (quantity: number, unitPrice = 1200) => ({
    kind: 'product',
    productId: studio.products.socks,
    quantity,
    unitPrice,
  });

  const mixedCart = () => [
    socks(2),
    { kind: 'class_pack', packDefinitionId: studio.packDefinitionId, unitPrice: 6000 },
    { kind: 'gift_card', amount: 5000 },
    { kind: 'drop_in', classId: studio.classId, unitPrice: 2000 },
  ];

  it('rings up products, a pack, a gift card and a drop-in with a coupon, tax and split tender', async () => {
    await studio.run('drawer.open', { openingFloat: 10000 });
    // Discount 10 % of the 10,400 discountable = 1,040, spread 240/600/200; the socks are
    // taxed on 2,160 at 8.25 % = 178.2 -> 178. The gift card is neither discounted nor taxed.
    const quote = await studio.query<{ total: number; discount: number; tax: number }>(
      'pos.quote',
      {
        // The desk quotes without prices and sells at the prices quoted.
        lines: mixedCart().map((line) =>
          Object.fromEntries(Object.entries(line).filter(([key]) => key !== 'unitPrice')),
        ),
        couponCode: 'save10',
      },
    );
    expect(quote).toMatchObject({ discount: 1040, tax: 178, total: 14538 });
    const sale = resultOf<SaleResult>(
      await studio.run('pos.sale', {
        memberId: studio.memberId,
        couponCode: 'save10',
        lines: mixedCart(),
        tenders: [
          { method: 'cash', amount: 4538, tendered: 5000 },
          { method: 'card', amount: 5000, paymentIntentId: 'pi_3Nsplit' },
          { method: 'external', amount: 5000, reference: 'ClassPass voucher 42' },
        ],
      }),
    );
    expect(sale).toMatchObject({ total: 14538, changeDue: 462 });
    expect(sale.receiptNumber).toMatch(/^R-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

    const order = await studio.db
      .selectFrom('pos_orders')
      .selectAll()
      .where('id', '=', sale.orderId)
      .executeTakeFirstOrThrow();
    expect(order).toMatchObject({
      subtotal_amount: 15400,
      discount_amount: 1040,
      tax_amount: 178,
      total_amount: 14538,
      status: 'completed',
      device_id: 'desk-front-1',
      staff_id: studio.staff.frontDesk,
    });
    const items = await studio.db
      .selectFrom('pos_order_items')
      .select(['kind', 'quantity', 'discount_amount', 'tax_amount', 'line_total'])
      .where('order_id', '=', sale.orderId)
      .orderBy('id')
      .execute();
    expect(items).toEqual([
      { kind: 'product', quantity: 2, discount_amount: 240, tax_amount: 178, line_total: 2338 },
      { kind: 'class_pack', quantity: 1, discount_amount: 600, tax_amount: 0, line_total: 5400 },
      { kind: 'gift_card', quantity: 1, discount_amount: 0, tax_amount: 0, line_total: 5000 },
      { kind: 'drop_in', quantity: 1, discount_amount: 200, tax_amount: 0, line_total: 1800 },
    ]);
    const pack = await studio.db
      .selectFrom('purchased_packs')
      .selectAll()
      .where('id', '=', sale.packIds[0] ?? '')
      .executeTakeFirstOrThrow();
    expect(pack).toMatchObject({
      member_id: studio.memberId,
      initial_credits: 5,
      remaining_credits: 5,
      member_price: 5400,
      order_id: sale.orderId,
      expires_at: '2027-03-01T10:00:00.000Z',
    });
    const booking = await studio.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', sale.bookingIds[0] ?? '')
      .executeTakeFirstOrThrow();
    expect(booking).toMatchObject({
      status: 'confirmed',
      payment_method: 'drop_in',
      member_id: studio.memberId,
    });
    const stock = await studio.db
      .selectFrom('products')
      .select('stock_quantity')
      .where('id', '=', studio.products.socks)
      .executeTakeFirstOrThrow();
    expect(stock.stock_quantity).toBe(8);
    const redemptions = await studio.db
      .selectFrom('coupon_redemptions')
      .select(['order_id', 'discount_amount'])
      .where('tenant_id', '=', studio.tenantId)
      .execute();
    expect(redemptions).toEqual([{ order_id: sale.orderId, discount_amount: 1040 }]);
    const cash = await studio.db
      .selectFrom('cash_movements')
      .select(['type', 'amount'])
      .where('tenant_id', '=', studio.tenantId)
      .execute();
    expect(cash).toEqual([{ type: 'sale', amount: 4538 }]);

    const receipt = await studio.query<OrderReceipt>('receipt.forOrder', { orderId: sale.orderId });
    expect(receipt).toMatchObject({
      kind: 'sale',
      receiptNumber: sale.receiptNumber,
      studio: { name: 'Lotus Flow Yoga', currency: 'USD', footer: 'Namaste!' },
      memberName: 'Maya Tester',
      staffName: 'Frida Tester',
      subtotal: 15400,
      discount: 1040,
      tax: 178,
      total: 14538,
      couponCode: 'SAVE10',
      changeDue: 462,
      giftCards: [{ code: sale.giftCards[0]?.code, balance: 5000 }],
    });
    expect(receipt.lines.map((l) => l.description)).toEqual([
      'Grip socks',
      '5-class pack',
      `Gift card ${sale.giftCards[0]?.code ?? ''}`,
      'Drop-in: Vinyasa Flow 2026-12-02 18:00',
    ]);
    expect(receipt.tenders).toEqual([
      expect.objectContaining({ method: 'cash', amount: 4538, tendered: 5000, change: 462 }),
      expect.objectContaining({ method: 'card', amount: 5000 }),
      expect.objectContaining({
        method: 'external',
        amount: 5000,
        reference: 'ClassPass voucher 42',
      }),
    ]);
    await expectLedgersBalanced(studio);
  });

  it('takes an amount coupon off and refuses a switched-off one at the desk', async () => {
    const sale = resultOf<SaleResult>(
      await studio.run('pos.sale', {
        couponCode: 'FIVEOFF',
        lines: [socks(1)],
        tenders: [{ method: 'card', amount: 758, paymentIntentId: 'pi_coupon' }],
      }),
    );
    // 1,200 - 500 = 700, taxed 57.75 -> 58.
    expect(sale.total).toBe(758);
    const before = await tenantFootprint(studio);
    expect(
      await studio.refused('pos.sale', {
        couponCode: 'OLDIE',
        lines: [socks(1)],
        tenders: [{ method: 'card', amount: 650, paymentIntentId: 'pi_old' }],
      }),
    ).toBe('rule');
    expect(await tenantFootprint(studio)).toEqual(before);
    await expectLedgersBalanced(studio);
  });

  it('refuses tenders that do not add up to the total, and malformed tenders, changing nothing', async () => {
    const before = await tenantFootprint(studio);
    expect(
      await studio.refused('pos.sale', {
        lines: [socks(1)],
        tenders: [{ method: 'card', amount: 1200, paymentIntentId: 'pi_short' }],
      }),
    ).toBe('invalid');
    expect(
      await studio.refused('pos.sale', {
        lines: [socks(1)],
        tenders: [{ method: 'card', amount: 1299 }],
      }),
    ).toBe('invalid');
    expect(
      await studio.refused('pos.sale', {
        lines: [socks(1)],
        tenders: [{ method: 'cash', amount: 1299, tendered: 1000 }],
      }),
    ).toBe('invalid');
    expect(
      await studio.refused('pos.sale', {
        lines: [{ kind: 'class_pack', packDefinitionId: studio.packDefinitionId, unitPrice: 6000 }],
        tenders: [{ method: 'card', amount: 6000, paymentIntentId: 'pi_pack' }],
      }),
    ).toBe('invalid'); // a pack is sold to a member
    expect(await tenantFootprint(studio)).toEqual(before);
  });

  it('refuses cash without an open drawer, and lets no instructor sell', async () => {
    const before = await tenantFootprint(studio);
    const cashSale = {
      lines: [socks(1)],
      tenders: [{ method: 'cash', amount: 1299, tendered: 2000 }],
    };
    expect(await studio.refused('pos.sale', cashSale)).toBe('rule');
    expect(await studio.refused('pos.sale', cashSale, { as: 'instructor' })).toBe('forbidden');
    expect(await tenantFootprint(studio)).toEqual(before);
  });

  it('refuses a stale price at the desk; an override needs a manager and is audited', async () => {
    const discounted = {
      lines: [{ ...socks(1, 1000), overrideReason: 'damaged box' }],
      tenders: [{ method: 'card', amount: 1083, paymentIntentId: 'pi_override' }],
    };
    const before = await tenantFootprint(studio);
    expect(
      await studio.refused('pos.sale', {
        lines: [socks(1, 1000)],
        tenders: [{ method: 'card', amount: 1083, paymentIntentId: 'pi_stale' }],
      }),
    ).toBe('rule');
    expect(await studio.refused('pos.sale', discounted)).toBe('forbidden');
    expect(await tenantFootprint(studio)).toEqual(before);

    const sale = resultOf<SaleResult>(await studio.run('pos.sale', discounted, { as: 'manager' }));
    const audit = await studio.db
      .selectFrom('audit_logs')
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'pos.price_override',
      actor_id: studio.staff.manager,
      device_id: 'desk-front-1',
      target_id: sale.orderId,
      chain_seq: 1,
      prev_hash: null,
    });
    expect(JSON.parse(audit.details)).toMatchObject({
      lines: [
        { description: 'Grip socks', catalogPrice: 1200, unitPrice: 1000, reason: 'damaged box' },
      ],
    });
  });

  it('records at the server the price the desk charged, even after the catalog changed', async () => {
    await studio.db
      .updateTable('products')
      .set({ price: 1500 })
      .where('id', '=', studio.products.socks)
      .execute();
    const outcome = await studio.run(
      'pos.sale',
      {
        lines: [socks(1)],
        tenders: [{ method: 'card', amount: 1299, paymentIntentId: 'pi_old_price' }],
      },
      { side: 'server' },
    );
    expect(resultOf<SaleResult>(outcome).total).toBe(1299);
    expect(outcome.breaches).toEqual([]);
  });

  it('sells stock down to zero at the desk; the server records oversold stock with a review', async () => {
    const before = await tenantFootprint(studio);
    expect(
      await studio.refused('pos.sale', {
        lines: [socks(11)],
        tenders: [{ method: 'card', amount: 14289, paymentIntentId: 'pi_many' }],
      }),
    ).toBe('rule');
    expect(await tenantFootprint(studio)).toEqual(before);
    const outcome = await studio.run(
      'pos.sale',
      {
        memberId: studio.memberId,
        lines: [socks(11)],
        tenders: [{ method: 'card', amount: 14289, paymentIntentId: 'pi_many' }],
      },
      { side: 'server', deviceId: 'desk-two', at: NOW },
    );
    expect(outcome.breaches.map((b) => b.kind)).toEqual(['stock_negative']);
    const stock = await studio.db
      .selectFrom('products')
      .select('stock_quantity')
      .where('id', '=', studio.products.socks)
      .executeTakeFirstOrThrow();
    expect(stock.stock_quantity).toBe(-1);
    expect(await reviewItems(studio)).toEqual([
      expect.objectContaining({
        kind: 'stock_negative',
        member_id: studio.memberId,
        amount: 1200,
        subject_id: studio.products.socks,
      }),
    ]);
    await expectLedgersBalanced(studio);
  });
});
