import { describe, expect, it } from 'vitest';
import {
  CASH_REFUND,
  refundTenders,
  type RefundChoice,
} from '../../src-renderer/screens/refund-to-card-choice';

// Issue 17 item 5: how the refund screen splits a refund between the card and another way.
describe('refund tenders chosen on the refund screen', () => {
  const cards = [{ paymentIntentId: 'pi_visa', paid: 2000, refunded: 500, left: 1500 }];
  const toCard = (cardText: string | null, rest: 'cash' | 'gift_card' = 'cash'): RefundChoice => ({
    to: 'card',
    paymentIntentId: 'pi_visa',
    cardText,
    rest,
  });

  it('gives cash or store credit the whole amount, and nothing for a refund of nothing', () => {
    expect(refundTenders(cards, CASH_REFUND, 1299)).toEqual([{ method: 'cash', amount: 1299 }]);
    expect(refundTenders(cards, { to: 'gift_card' }, 700)).toEqual([
      { method: 'gift_card', amount: 700 },
    ]);
    expect(refundTenders(cards, toCard(null), 0)).toEqual([]);
  });

  it('pre-fills what the card has left, up to the refund; the rest goes the other way', () => {
    expect(refundTenders(cards, toCard(null), 1000)).toEqual([
      { method: 'card', amount: 1000, paymentIntentId: 'pi_visa' },
    ]);
    expect(refundTenders(cards, toCard(null, 'gift_card'), 2598)).toEqual([
      { method: 'card', amount: 1500, paymentIntentId: 'pi_visa' },
      { method: 'gift_card', amount: 1098 },
    ]);
  });

  it('takes what the clerk typed, never more than the refund nor less than nothing', () => {
    expect(refundTenders(cards, toCard('4.50'), 1000)).toEqual([
      { method: 'card', amount: 450, paymentIntentId: 'pi_visa' },
      { method: 'cash', amount: 550 },
    ]);
    expect(refundTenders(cards, toCard('99'), 1000)).toEqual([
      { method: 'card', amount: 1000, paymentIntentId: 'pi_visa' },
    ]);
    expect(refundTenders(cards, toCard('-3'), 1000)).toEqual([{ method: 'cash', amount: 1000 }]);
    expect(refundTenders(cards, toCard('abc'), 1000)).toEqual([{ method: 'cash', amount: 1000 }]);
  });
});
