import { describe, expect, it } from 'vitest';
import type { OrderReceipt } from '../../src-shared/receipts/receipt-model';
import { BACKENDS, minutesAfterNow, resultOf, useSeededStudio } from './front-desk-harness';
import { expectLedgersBalanced, reviewItems, tenantFootprint } from './ledger-invariants';

interface SaleResult {
  readonly orderId: string;
  readonly receiptNumber: string;
  readonly total: number;
  readonly giftCards: readonly { readonly giftCardId: string; readonly code: string }[];
  readonly packIds: readonly string[];
}
interface RefundResult {
  readonly refundId: string;
  readonly total: number;
  readonly status: string;
}

describe.each(BACKENDS)('pos.refund and pos.void on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const sell = async (lines: unknown[], tenders: unknown[], memberId?: string) =>
    resultOf<SaleResult>(await studio.run('pos.sale', { memberId, lines, tenders }));
  const itemsOf = (orderId: string) =>
    studio.db
      .selectFrom('pos_order_items')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute();
  const stockOfSocks = async () =>
    (
      await studio.db
        .selectFrom('products')
        .select('stock_quantity')
        .where('id', '=', studio.products.socks)
        .executeTakeFirstOrThrow()
    ).stock_quantity;
  const orderStatus = async (orderId: string) =>
    (
      await studio.db
        .selectFrom('pos_orders')
        .select('status')
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow()
    ).status;

  it('refunds some units in cash, then the rest, restoring stock; the parts add up to the sale', async () => {
    await studio.run('drawer.open', { openingFloat: 5000 });
    // Socks 3 x 1,200 taxed 297; water 300 untaxed: 4,197.
    const sale = await sell(
      [
        { kind: 'product', productId: studio.products.socks, quantity: 3, unitPrice: 1200 },
        { kind: 'product', productId: studio.products.water, quantity: 1, unitPrice: 300 },
      ],
      [{ method: 'cash', amount: 4197, tendered: 5000 }],
    );
    const [socksItem] = await itemsOf(sale.orderId);
    const first = resultOf<RefundResult>(
      await studio.run(
        'pos.refund',
        {
          orderId: sale.orderId,
          lines: [{ orderItemId: socksItem?.id, quantity: 1 }],
          tenders: [{ method: 'cash', amount: 1299 }],
          reason: 'wrong size',
        },
        { as: 'manager', at: minutesAfterNow(5) },
      ),
    );
    expect(first).toMatchObject({ total: 1299, status: 'partially_refunded' });
    expect(await stockOfSocks()).toBe(8);
    const rest = resultOf<RefundResult>(
      await studio.run(
        'pos.refund',
        { orderId: sale.orderId, tenders: [{ method: 'cash', amount: 2898 }], reason: 'unhappy' },
        { as: 'owner', at: minutesAfterNow(6) },
      ),
    );
    expect(rest).toMatchObject({ total: 2898, status: 'refunded' });
    expect(first.total + rest.total).toBe(sale.total);
    expect(await stockOfSocks()).toBe(10);
    expect((await itemsOf(sale.orderId)).map((i) => i.refunded_quantity)).toEqual(
      (await itemsOf(sale.orderId)).map((i) => i.quantity),
    );
    const payments = await studio.db
      .selectFrom('payments')
      .select(['amount', 'method'])
      .where('order_id', '=', sale.orderId)
      .orderBy('created_at')
      .execute();
    expect(payments.map((p) => p.amount)).toEqual([4197, -1299, -2898]);
    const cash = await studio.db
      .selectFrom('cash_movements')
      .select(['type', 'amount'])
      .where('tenant_id', '=', studio.tenantId)
      .orderBy('created_at')
      .execute();
    expect(cash).toEqual([
      { type: 'sale', amount: 4197 },
      { type: 'refund', amount: -1299 },
      { type: 'refund', amount: -2898 },
    ]);

    const receipt = await studio.query<OrderReceipt>('receipt.forRefund', {
      refundId: first.refundId,
    });
    expect(receipt).toMatchObject({
      kind: 'refund',
      originalReceiptNumber: sale.receiptNumber,
      total: -1299,
      tax: -99,
      reason: 'wrong size',
      staffName: 'Manny Tester',
      lines: [{ description: 'Grip socks', quantity: -1, total: -1299 }],
      tenders: [expect.objectContaining({ method: 'cash', amount: -1299 })],
    });
    await expectLedgersBalanced(studio);
  });

  it('refuses at the desk to take back a pack already used; the server records it with a review', async () => {
    const sale = await sell(
      [
        { kind: 'class_pack', packDefinitionId: studio.packDefinitionId, unitPrice: 6000 },
        { kind: 'gift_card', amount: 2500 },
      ],
      [{ method: 'card', amount: 8500, paymentIntentId: 'pi_bundle' }],
      studio.memberId,
    );
    const card = sale.giftCards[0];
    const [packId] = sale.packIds;
    await studio.run('booking.book', {
      classId: studio.classId,
      memberId: studio.memberId,
      paidBy: { method: 'pack', packId },
    });
    const refundAll = {
      orderId: sale.orderId,
      tenders: [{ method: 'card', amount: 8500, paymentIntentId: 'pi_bundle' }],
      reason: 'moving away',
    };
    const before = await tenantFootprint(studio);
    expect(await studio.refused('pos.refund', refundAll, { as: 'manager' })).toBe('rule');
    expect(await tenantFootprint(studio)).toEqual(before);

    const outcome = await studio.run('pos.refund', refundAll, { as: 'manager', side: 'server' });
    expect(outcome.breaches.map((b) => b.kind)).toEqual(['pack_exhausted']);
    const pack = await studio.db
      .selectFrom('purchased_packs')
      .select('remaining_credits')
      .where('id', '=', packId ?? '')
      .executeTakeFirstOrThrow();
    expect(pack.remaining_credits).toBe(-1); // 4 left, 5 taken back: one class owed
    const balance = await studio.query<{ balance: number }>('giftCard.balance', {
      code: card?.code,
    });
    expect(balance.balance).toBe(0);
    const payment = await studio.db
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', sale.orderId)
      .where('amount', '<', 0)
      .executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ method: 'card', amount: -8500, status: 'pending' });
    expect((await reviewItems(studio)).map((r) => r.kind)).toEqual(['pack_exhausted']);
    await expectLedgersBalanced(studio);
  });

  it('voids a whole sale: stock, gift card tender and card given back the way they came', async () => {
    const giftCard = resultOf<SaleResult>(
      await studio.run('giftCard.sell', {
        amount: 1000,
        tenders: [{ method: 'card', amount: 1000, paymentIntentId: 'pi_card_sale' }],
      }),
    ).giftCards[0];
    const sale = await sell(
      [{ kind: 'product', productId: studio.products.socks, quantity: 2, unitPrice: 1200 }],
      [
        { method: 'gift_card', amount: 1000, giftCardId: giftCard?.giftCardId },
        { method: 'card', amount: 1598, paymentIntentId: 'pi_rest' },
      ],
    );
    expect(await stockOfSocks()).toBe(8);
    const voided = resultOf<RefundResult>(
      await studio.run(
        'pos.void',
        { orderId: sale.orderId, reason: 'rang up twice' },
        { as: 'manager' },
      ),
    );
    expect(voided).toMatchObject({ total: 2598, status: 'voided' });
    expect(await orderStatus(sale.orderId)).toBe('voided');
    expect(await stockOfSocks()).toBe(10);
    const balance = await studio.query<{ balance: number }>('giftCard.balance', {
      code: giftCard?.code,
    });
    expect(balance.balance).toBe(1000);
    const reversed = await studio.db
      .selectFrom('payments')
      .select(['method', 'amount', 'status', 'stripe_payment_intent_id'])
      .where('order_id', '=', sale.orderId)
      .where('amount', '<', 0)
      .orderBy('id')
      .execute();
    expect(reversed).toEqual(
      expect.arrayContaining([
        { method: 'gift_card', amount: -1000, status: 'succeeded', stripe_payment_intent_id: null },
        { method: 'card', amount: -1598, status: 'pending', stripe_payment_intent_id: 'pi_rest' },
      ]),
    );
    const receipt = await studio.query<OrderReceipt>('receipt.forRefund', {
      refundId: voided.refundId,
    });
    expect(receipt).toMatchObject({ kind: 'void', total: -2598, orderStatus: 'voided' });
    const audit = await studio.db
      .selectFrom('audit_logs')
      .select(['action', 'target_id'])
      .where('tenant_id', '=', studio.tenantId)
      .execute();
    expect(audit).toEqual([{ action: 'pos.void', target_id: sale.orderId }]);
    expect(
      await studio.refused(
        'pos.void',
        { orderId: sale.orderId, reason: 'again' },
        { as: 'manager' },
      ),
    ).toBe('rule');
    await expectLedgersBalanced(studio);
  });

  it('refuses refunds by front-desk staff, over-refunds and tenders that do not add up', async () => {
    const sale = await sell(
      [{ kind: 'product', productId: studio.products.water, quantity: 2, unitPrice: 300 }],
      [{ method: 'external', amount: 600, reference: 'cheque 1001' }],
    );
    const [item] = await itemsOf(sale.orderId);
    const before = await tenantFootprint(studio);
    const refund = (quantity: number, amount: number) => ({
      orderId: sale.orderId,
      lines: [{ orderItemId: item?.id, quantity }],
      tenders: [{ method: 'external', amount, reference: 'cheque back' }],
      reason: 'customer request',
    });
    expect(await studio.refused('pos.refund', refund(1, 300))).toBe('forbidden');
    expect(await studio.refused('pos.void', { orderId: sale.orderId, reason: 'oops' })).toBe(
      'forbidden',
    );
    expect(await studio.refused('pos.refund', refund(3, 900), { as: 'manager' })).toBe('rule');
    expect(await studio.refused('pos.refund', refund(1, 250), { as: 'manager' })).toBe('invalid');
    expect(
      await studio.refused('pos.refund', { ...refund(1, 300), reason: '' }, { as: 'manager' }),
    ).toBe('invalid');
    expect(await tenantFootprint(studio)).toEqual(before);
  });
});
