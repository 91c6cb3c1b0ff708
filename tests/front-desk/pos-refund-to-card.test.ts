import { describe, expect, it } from 'vitest';
import type { CardPaymentLeft } from '../../src-shared/mutations/front-desk/card-refund-rules';
import { BACKENDS, minutesAfterNow, resultOf, useSeededStudio } from './front-desk-harness';
import { expectLedgersBalanced, reviewItems, tenantFootprint } from './ledger-invariants';

interface SaleResult {
  readonly orderId: string;
  readonly receiptNumber: string;
}
interface RecentOrder {
  readonly orderId: string;
  readonly cardPayments: readonly CardPaymentLeft[];
}

// Issue 17 item 5: a refund may go back to the card that paid, never beyond what it paid.
describe.each(BACKENDS)('pos.refund back to the card that paid on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const itemsOf = (orderId: string) =>
    studio.db
      .selectFrom('pos_order_items')
      .select(['id', 'product_id'])
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute();
  const cardsOf = async (orderId: string) => {
    const orders = await studio.query<RecentOrder[]>('pos.orders', { limit: 10 });
    return orders.find((o) => o.orderId === orderId)?.cardPayments;
  };
  const refundRows = (orderId: string) =>
    studio.db
      .selectFrom('payments')
      .select(['method', 'amount', 'status', 'stripe_payment_intent_id', 'device_id'])
      .where('order_id', '=', orderId)
      .where('amount', '<', 0)
      .orderBy('id')
      .execute();

  /** Socks x3 (3,897): 2,000 on card pi_socks, 1,897 in cash. */
  const sellSocksSplit = async () => {
    await studio.run('drawer.open', { openingFloat: 5000 });
    return resultOf<SaleResult>(
      await studio.run('pos.sale', {
        lines: [
          { kind: 'product', productId: studio.products.socks, quantity: 3, unitPrice: 1200 },
        ],
        tenders: [
          { method: 'card', amount: 2000, paymentIntentId: 'pi_socks' },
          { method: 'cash', amount: 1897, tendered: 1897 },
        ],
      }),
    );
  };

  it('lists the card that paid with what is left, and refunds up to that, never beyond', async () => {
    const sale = await sellSocksSplit();
    expect(await cardsOf(sale.orderId)).toEqual([
      { paymentIntentId: 'pi_socks', paid: 2000, refunded: 0, left: 2000 },
    ]);
    const [socks] = await itemsOf(sale.orderId);
    const twoSocks = { orderItemId: socks?.id, quantity: 2 };

    // 2,598 for two socks is more than the 2,000 the card paid: refused, nothing written.
    const before = await tenantFootprint(studio);
    await expect(
      studio.run(
        'pos.refund',
        {
          orderId: sale.orderId,
          lines: [twoSocks],
          tenders: [{ method: 'card', amount: 2598, paymentIntentId: 'pi_socks' }],
          reason: 'wrong size',
        },
        { as: 'manager', at: minutesAfterNow(5) },
      ),
    ).rejects.toThrow(
      `only 20.00 is left to give back to the card that paid sale ${sale.receiptNumber}, not 25.98`,
    );
    expect(await tenantFootprint(studio)).toEqual(before);

    await studio.run(
      'pos.refund',
      {
        orderId: sale.orderId,
        lines: [twoSocks],
        tenders: [
          { method: 'card', amount: 1500, paymentIntentId: 'pi_socks' },
          { method: 'cash', amount: 1098 },
        ],
        reason: 'wrong size',
      },
      { as: 'manager', at: minutesAfterNow(6) },
    );
    expect(await cardsOf(sale.orderId)).toEqual([
      { paymentIntentId: 'pi_socks', paid: 2000, refunded: 1500, left: 500 },
    ]);
    expect(await refundRows(sale.orderId)).toMatchObject([
      { method: 'card', amount: -1500, status: 'pending', stripe_payment_intent_id: 'pi_socks' },
      { method: 'cash', amount: -1098 },
    ]);

    // Two tenders to the same card count together: 500 + 500 is more than the 500 left.
    const code = await studio.refused(
      'pos.refund',
      {
        orderId: sale.orderId,
        tenders: [
          { method: 'card', amount: 500, paymentIntentId: 'pi_socks' },
          { method: 'card', amount: 799, paymentIntentId: 'pi_socks' },
        ],
        reason: 'unhappy',
      },
      { as: 'owner', at: minutesAfterNow(7) },
    );
    expect(code).toBe('rule');
    await expectLedgersBalanced(studio);
  });

  it('refuses a card refund naming a payment that did not pay this sale', async () => {
    const other = resultOf<SaleResult>(
      await studio.run('pos.sale', {
        lines: [{ kind: 'product', productId: studio.products.water, quantity: 1, unitPrice: 300 }],
        tenders: [{ method: 'card', amount: 300, paymentIntentId: 'pi_water' }],
      }),
    );
    const sale = await sellSocksSplit();
    const before = await tenantFootprint(studio);
    const args = {
      orderId: sale.orderId,
      lines: [{ orderItemId: (await itemsOf(sale.orderId))[0]?.id, quantity: 1 }],
      tenders: [{ method: 'card', amount: 1299, paymentIntentId: 'pi_water' }],
      reason: 'wrong size',
    };
    await expect(studio.run('pos.refund', args, { as: 'manager' })).rejects.toThrow(
      `card payment pi_water did not pay sale ${sale.receiptNumber}`,
    );
    expect(await studio.refused('pos.refund', args, { as: 'manager' })).toBe('invalid');
    expect(await tenantFootprint(studio)).toEqual(before);
    expect(await cardsOf(other.orderId)).toMatchObject([
      { paymentIntentId: 'pi_water', left: 300 },
    ]);
  });

  it('at the server, keeps a second desk’s offline refund beyond the card, held back with a review item', async () => {
    await studio.run('drawer.open', { openingFloat: 5000 });
    // Socks 1,299 on card pi_split, water 300 in cash.
    const sale = resultOf<SaleResult>(
      await studio.run('pos.sale', {
        lines: [
          { kind: 'product', productId: studio.products.socks, quantity: 1, unitPrice: 1200 },
          { kind: 'product', productId: studio.products.water, quantity: 1, unitPrice: 300 },
        ],
        tenders: [
          { method: 'card', amount: 1299, paymentIntentId: 'pi_split' },
          { method: 'cash', amount: 300, tendered: 300 },
        ],
      }),
    );
    const [socks, water] = await itemsOf(sale.orderId);
    // Both desks were offline; each copy still showed 1,299 on the card. Desk one pushes first.
    const first = await studio.run(
      'pos.refund',
      {
        orderId: sale.orderId,
        lines: [{ orderItemId: socks?.id, quantity: 1 }],
        tenders: [{ method: 'card', amount: 1299, paymentIntentId: 'pi_split' }],
        reason: 'wrong size',
      },
      { as: 'manager', side: 'server', deviceId: 'desk-one', at: minutesAfterNow(5) },
    );
    expect(first.breaches).toEqual([]);
    const second = await studio.run(
      'pos.refund',
      {
        orderId: sale.orderId,
        lines: [{ orderItemId: water?.id, quantity: 1 }],
        tenders: [{ method: 'card', amount: 300, paymentIntentId: 'pi_split' }],
        reason: 'not wanted',
      },
      { as: 'manager', side: 'server', deviceId: 'desk-two', at: minutesAfterNow(6) },
    );
    expect(second.breaches.map((b) => b.kind)).toEqual(['card_declined']);

    // Kept, not undone: the water line is refunded and the order is fully refunded...
    const order = await studio.db
      .selectFrom('pos_orders')
      .select('status')
      .where('id', '=', sale.orderId)
      .executeTakeFirstOrThrow();
    expect(order.status).toBe('refunded');
    // ...but the 300 beyond the card is held back (failed): the refund job never sends it.
    const rows = await refundRows(sale.orderId);
    expect(rows).toMatchObject([
      { amount: -1299, status: 'pending', device_id: 'desk-one' },
      { amount: -300, status: 'failed', device_id: 'desk-two' },
    ]);
    expect(await cardsOf(sale.orderId)).toEqual([
      { paymentIntentId: 'pi_split', paid: 1299, refunded: 1299, left: 0 },
    ]);
    const [item] = await reviewItems(studio);
    expect(item).toMatchObject({ kind: 'card_declined', status: 'open', amount: 300 });
    expect(JSON.parse(item?.device_ids ?? '[]')).toEqual(['desk-one', 'desk-two']);
    expect(JSON.parse(item?.details ?? '{}')).toMatchObject({
      message: expect.stringContaining('exceeds the 0.00 left on card payment pi_split') as unknown,
    });
    const heldBack = await studio.db
      .selectFrom('payments')
      .select('id')
      .where('order_id', '=', sale.orderId)
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    expect(item?.subject_id).toBe(heldBack.id);
  });
});
