import { describe, expect, it } from 'vitest';
import type { CardPaymentLeft } from '../../src-shared/mutations/front-desk/card-refund-rules';
import { layoutLines, layoutReceipt } from '../../src-shared/receipts/receipt-layout';
import type { OrderReceipt } from '../../src-shared/receipts/receipt-model';
import { cardOptionLabel } from '../../src-renderer/screens/refund-to-card-choice';
import { BACKENDS, minutesAfterNow, resultOf, useSeededStudio } from './front-desk-harness';
import { tenantFootprint } from './ledger-invariants';

interface SaleResult {
  readonly orderId: string;
  readonly receiptNumber: string;
}
interface RecentOrder {
  readonly orderId: string;
  readonly cardPayments: readonly CardPaymentLeft[];
}

const VISA = { brand: 'visa', last4: '4242' };

/** Water (300, untaxed, stock not tracked) paid by one card tender. */
const waterByCard = (products: { readonly water: string }, card: unknown) => ({
  lines: [{ kind: 'product', productId: products.water, quantity: 1, unitPrice: 300 }],
  tenders: [
    {
      method: 'card',
      amount: 300,
      paymentIntentId: 'pi_water',
      ...(card === undefined ? {} : { card }),
    },
  ],
});

const receiptText = (receipt: OrderReceipt) => layoutLines(layoutReceipt(receipt, 42)).join('\n');

// Issue 17 item 5: a card tender keeps the card's brand and last 4 digits, so a refund to it
// names the card; both are checked where the sale is recorded, on both databases.
describe.each(BACKENDS)('card brand and last 4 of a card tender on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const cardsOf = async (orderId: string) => {
    const orders = await studio.query<RecentOrder[]>('pos.orders', { limit: 10 });
    return orders.find((o) => o.orderId === orderId)?.cardPayments;
  };
  const cardColumns = (orderId: string) =>
    studio.db
      .selectFrom('payments')
      .select(['amount', 'card_brand', 'card_last4'])
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute();

  it('keeps them with the payment, lists them on pos.orders and prints them on receipts', async () => {
    const sale = resultOf<SaleResult>(
      await studio.run('pos.sale', waterByCard(studio.products, VISA)),
    );
    expect(await cardColumns(sale.orderId)).toEqual([
      { amount: 300, card_brand: 'visa', card_last4: '4242' },
    ]);
    const [card] = (await cardsOf(sale.orderId)) ?? [];
    expect(card).toEqual({
      paymentIntentId: 'pi_water',
      card: VISA,
      paid: 300,
      refunded: 0,
      left: 300,
    });
    if (!card) throw new Error('the card payment is listed');
    expect(cardOptionLabel(card)).toBe('Back to Visa •••• 4242, $3.00 left of $3.00 paid');
    const receipt = await studio.query<OrderReceipt>('receipt.forOrder', { orderId: sale.orderId });
    expect(receiptText(receipt)).toMatch(/^Visa \.\.\.4242 +\$3\.00$/m);

    // The refund's row names only the intent; its receipt names the same card.
    const refund = resultOf<{ refundId: string }>(
      await studio.run(
        'pos.refund',
        {
          orderId: sale.orderId,
          tenders: [{ method: 'card', amount: 300, paymentIntentId: 'pi_water' }],
          reason: 'changed mind',
        },
        { as: 'manager', at: minutesAfterNow(5) },
      ),
    );
    const refunded = await studio.query<OrderReceipt>('receipt.forRefund', {
      refundId: refund.refundId,
    });
    expect(receiptText(refunded)).toMatch(/^Visa \.\.\.4242 \(pending\) +-\$3\.00$/m);
  });

  it('names a card taken before details were kept "Card (ending unknown)"', async () => {
    const sale = resultOf<SaleResult>(
      await studio.run('pos.sale', waterByCard(studio.products, undefined)),
    );
    expect(await cardColumns(sale.orderId)).toEqual([
      { amount: 300, card_brand: null, card_last4: null },
    ]);
    const [card] = (await cardsOf(sale.orderId)) ?? [];
    expect(card).toEqual({ paymentIntentId: 'pi_water', paid: 300, refunded: 0, left: 300 });
    if (!card) throw new Error('the card payment is listed');
    expect(cardOptionLabel(card)).toBe('Back to Card (ending unknown), $3.00 left of $3.00 paid');
    const receipt = await studio.query<OrderReceipt>('receipt.forOrder', { orderId: sale.orderId });
    expect(receiptText(receipt)).toMatch(/^Card +\$3\.00$/m);
  });

  it.each([
    ['a capitalised brand', { brand: 'Visa', last4: '4242' }, 'tenders.0.card.brand'],
    ['a brand with digits', { brand: 'visa4242', last4: '4242' }, 'tenders.0.card.brand'],
    ['a one-letter brand', { brand: 'v', last4: '4242' }, 'tenders.0.card.brand'],
    ['a long brand', { brand: 'a'.repeat(30), last4: '4242' }, 'tenders.0.card.brand'],
    ['markup for a brand', { brand: '<b>visa</b>', last4: '4242' }, 'tenders.0.card.brand'],
    ['three digits', { brand: 'visa', last4: '424' }, 'tenders.0.card.last4'],
    ['five digits', { brand: 'visa', last4: '42424' }, 'tenders.0.card.last4'],
    ['a whole card number', { brand: 'visa', last4: '4242424242424242' }, 'tenders.0.card.last4'],
    ['letters for digits', { brand: 'visa', last4: 'abcd' }, 'tenders.0.card.last4'],
    ['digits as a number', { brand: 'visa', last4: 4242 }, 'tenders.0.card.last4'],
    ['a brand without digits', { brand: 'visa' }, 'tenders.0.card.last4'],
    ['digits without a brand', { last4: '4242' }, 'tenders.0.card.brand'],
    ['a field more', { ...VISA, expiry: '12/30' }, 'tenders.0.card'],
  ])('refuses %s with a clear sentence, changing nothing', async (_what, card, path) => {
    const before = await tenantFootprint(studio);
    const sale = () => studio.run('pos.sale', waterByCard(studio.products, card));
    await expect(sale()).rejects.toThrow(path);
    expect(await studio.refused('pos.sale', waterByCard(studio.products, card))).toBe('invalid');
    // The server validates the re-run arguments again (R1.4): refused there too.
    const atServer = await studio.refused('pos.sale', waterByCard(studio.products, card), {
      side: 'server',
    });
    expect(atServer).toBe('invalid');
    expect(await tenantFootprint(studio)).toEqual(before);
  });

  it('says what a brand and the last 4 digits must be', async () => {
    await expect(
      studio.run('pos.sale', waterByCard(studio.products, { brand: 'VISA', last4: '42' })),
    ).rejects.toThrow(
      /a card brand is a short lowercase word as Stripe reports it.*exactly its last 4 digits/s,
    );
  });
});
