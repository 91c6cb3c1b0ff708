import { describe, expect, it } from 'vitest';
import { eventually } from '../sync/sync-harness';
import {
  CARD_SALE_PRODUCT as PRODUCT,
  expectText,
  useCardSaleWorld,
} from './support/card-sale-fixture';
import { hostQuery, openScreen, screenshot } from './support/e2e-harness';

/**
 * Issue 17 item 5, from the staff's side: a sale paid by card through the (fake) reader is
 * refunded from Recent sales back to the card that paid, named by its brand and last 4 digits
 * as Stripe's capture reported them, and the sync server sends the refund to the Stripe fake
 * once, on the studio's connected account. The world is card-sale-fixture.ts's, shared with
 * card-sale.test.ts.
 */
describe('issue 17 item 5: refund back to the card that paid', () => {
  const world = useCardSaleWorld();
  const { account, sell, panel, serverPayments } = world;

  it('joins the studio and connects the reader found in Settings', async () => {
    await world.joinStudioAndConnectReader();
  });

  it('issue 17 item 5: refunds a card sale back to the card that paid, once at Stripe', async () => {
    await openScreen(world.page, 'Sell');
    await sell()
      .getByRole('button', { name: new RegExp(`^${PRODUCT}`) })
      .click();
    await panel().getByRole('radio', { name: 'Card', exact: true }).check();
    await panel().getByRole('button', { name: 'Add tender' }).click();
    await expectText(panel().getByRole('list', { name: 'Tenders' }), 'Card $12.00');
    await panel().getByRole('button', { name: 'Complete sale' }).click();
    await sell().getByRole('figure', { name: 'Receipt preview' }).waitFor();
    const [intent] = world.stripe.allIntents();
    if (!intent) throw new Error('the sale made a PaymentIntent');
    const [order] = await hostQuery<{ orderId: string; receiptNumber: string }[]>(
      world.desk.desk,
      'pos.orders',
      { limit: 1 },
    );
    if (!order) throw new Error('the sale was recorded');

    const recent = world.page.getByRole('complementary', { name: 'Recent sales' });
    await recent.getByRole('button', { name: new RegExp(`^${order.receiptNumber}`) }).click();
    // The card is offered by its brand and last 4 digits, as the capture named it, with
    // what is left on it.
    const refundTo = recent.getByLabel('Refund to');
    await expect(refundTo.getByRole('option').allTextContents()).resolves.toEqual([
      'Cash',
      'Store credit (new gift card)',
      'Back to Visa •••• 4242, $12.00 left of $12.00 paid',
    ]);
    await refundTo.selectOption({ label: 'Back to Visa •••• 4242, $12.00 left of $12.00 paid' });
    // What is left on the card is pre-filled.
    await expect(recent.getByLabel('Amount back to the card').inputValue()).resolves.toBe('12.00');
    await recent.getByLabel('Reason').fill('Wrong size');
    await recent.getByRole('button', { name: 'Refund whole sale' }).scrollIntoViewIfNeeded();
    await screenshot(world.page, 'refund-to-card');
    await recent.getByRole('button', { name: 'Refund whole sale' }).click();
    // The refund receipt names the card the money goes back to (pending until Stripe says).
    await expectText(
      recent.getByRole('figure', { name: 'Refund receipt' }),
      /Visa \.\.\.4242( \(pending\))?\s*-\$12\.00/,
    );

    // The server sent it to Stripe once, on the connected account, and it succeeded.
    const refunded = await eventually(async () => {
      const rows = await serverPayments();
      const row = rows.find((r) => r.amount < 0);
      return row?.status === 'succeeded' ? row : undefined;
    }, 20_000);
    expect(refunded).toMatchObject({
      order_id: order.orderId,
      method: 'card',
      amount: -1200,
      stripe_payment_intent_id: intent.id,
    });
    // The sale's payment kept the card at the server as at the desk.
    const paid = (await serverPayments()).find((r) => r.amount > 0);
    expect(paid).toMatchObject({ card_brand: 'visa', card_last4: '4242' });
    const posts = world.stripe.requests.filter(
      (r) => r.method === 'POST' && r.path === '/v1/refunds',
    );
    expect(posts.map((r) => [r.account, r.params.payment_intent, r.params.amount])).toEqual([
      [account, intent.id, '1200'],
    ]);
    expect(world.stripe.ledger.refunds.map((r) => [r.payment_intent, r.amount])).toEqual([
      [intent.id, 1200],
    ]);
    // Nothing is left on the card: the sale is refunded and offers no more refunds.
    await expectText(recent, 'This sale is refunded: nothing more to give back.');
  });
});
