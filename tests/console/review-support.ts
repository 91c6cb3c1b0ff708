import { resultOf, type Studio } from '../front-desk/front-desk-harness';

/**
 * Two desks spent one gift card past its balance: the server re-runs the second sale and
 * raises `gift_card_overdrawn` (R1.5), a real review item for the queue to settle.
 */
export async function overdrawGiftCard(studio: Studio): Promise<{ cardId: string; code: string }> {
  const sold = resultOf<{ giftCards: { giftCardId: string; code: string }[] }>(
    await studio.run('giftCard.sell', {
      amount: 1000,
      memberId: studio.memberId,
      tenders: [{ method: 'card', amount: 1000, paymentIntentId: 'pi_review_gift' }],
    }),
  );
  const card = sold.giftCards[0];
  if (!card) throw new Error('no card was issued');
  await studio.run(
    'pos.sale',
    {
      memberId: studio.memberId,
      lines: [{ kind: 'product', productId: studio.products.socks, quantity: 1, unitPrice: 1200 }],
      tenders: [{ method: 'gift_card', amount: 1299, giftCardId: card.giftCardId }],
    },
    { side: 'server', deviceId: 'desk-two' },
  );
  return { cardId: card.giftCardId, code: card.code };
}
