import { describe, expect, it } from 'vitest';
import {
  cardPayoutsCsvSections,
  payoutSections,
  unmatchedSentences,
  type CardReconciliation,
} from '../../src-renderer/screens/console/card-payouts-sections';
import { sectionsCsv } from '../../src-renderer/screens/console/reports-sections';

const report: CardReconciliation = {
  timeZone: 'America/Chicago',
  from: '2026-12-03',
  to: '2026-12-03',
  startsAt: '2026-12-03T06:00:00.000Z',
  endsAt: '2026-12-04T06:00:00.000Z',
  payouts: [
    {
      payoutId: 'po_Lonely',
      amount: 12_000,
      currency: 'usd',
      status: 'in_transit',
      // 9 PM on Dec 3 in Chicago, already Dec 4 in UTC.
      arrivalDate: '2026-12-04T03:00:00.000Z',
      tenderCount: 0,
      tenderTotal: 0,
      fees: 0,
      difference: 12_000,
    },
  ],
  unmatchedPayouts: [
    {
      payoutId: 'po_Lonely',
      amount: 12_000,
      currency: 'usd',
      arrivalDate: '2026-12-04T03:00:00.000Z',
    },
  ],
  unmatchedCharges: [
    {
      lineId: 'txn_Else',
      kind: 'charge',
      chargeId: 'ch_Else',
      paymentIntentId: 'pi_Else',
      amount: 4500,
      fee: 127,
      createdAt: '2026-12-03T15:00:00.000Z',
      payoutId: null,
    },
    {
      lineId: 'txn_Dash',
      kind: 'refund',
      chargeId: 're_Dash',
      paymentIntentId: 'pi_Else',
      amount: -500,
      fee: 0,
      createdAt: '2026-12-03T18:00:00.000Z',
      payoutId: null,
    },
  ],
  unmatchedTenders: [
    {
      paymentId: '01930000-0000-7000-8000-000000000001',
      orderId: '01930000-0000-7000-8000-000000000002',
      amount: 900,
      createdAt: '2026-12-03T16:00:00.000Z',
      paymentIntentId: 'pi_Desk',
      reason: 'no_stripe_transaction',
    },
    {
      paymentId: '01930000-0000-7000-8000-000000000003',
      orderId: '01930000-0000-7000-8000-000000000004',
      amount: 1500,
      createdAt: '2026-12-03T17:00:00.000Z',
      paymentIntentId: 'pi_Later',
      reason: 'not_paid_out',
    },
    {
      paymentId: '01930000-0000-7000-8000-000000000005',
      orderId: '01930000-0000-7000-8000-000000000006',
      amount: -700,
      createdAt: '2026-12-03T19:00:00.000Z',
      paymentIntentId: 'pi_Desk',
      reason: 'refund_not_seen',
    },
  ],
};

describe('the card payouts report as the owner reads it', () => {
  it('says what matches nothing in plain sentences, on the studio’s day', () => {
    expect(unmatchedSentences(report, 'USD', 'America/Chicago')).toEqual({
      stripe: [
        'Payout po_Lonely of $120.00 on Dec 3 matches no card sale at the desks.',
        'Stripe charge ch_Else of $45.00 on Dec 3 matches no card sale at the desks.',
        'Stripe refund re_Dash of $5.00 on Dec 3 matches no card refund at the desks.',
      ],
      desks: [
        'Card sale of $9.00 on Dec 3 has no Stripe charge.',
        'Card sale of $15.00 on Dec 3 is not in a payout yet.',
        'Card refund of $7.00 on Dec 3 was not seen at Stripe.',
      ],
    });
    expect(payoutSections(report, 'America/Chicago')[0]?.rows).toEqual([
      { item: 'po_Lonely, arriving Dec 3 (in transit)', values: [12_000, 0, 0, 0, 12_000] },
    ]);
  });

  it('puts every payout and unmatched item in the CSV, money in minor units', () => {
    const csv = sectionsCsv(cardPayoutsCsvSections(report, 'USD', 'America/Chicago'), 'USD');
    const lines = csv.split('\r\n');
    expect(lines).toContain(
      'Payouts,"po_Lonely, arriving Dec 3 (in transit)",Difference,12000,USD minor units',
    );
    expect(lines).toContain(
      'Stripe side unmatched,Payout po_Lonely of $120.00 on Dec 3 matches no card sale at the desks.,Amount,12000,USD minor units',
    );
    expect(lines).toContain(
      'Desk side unmatched,Card sale of $15.00 on Dec 3 is not in a payout yet.,Amount,1500,USD minor units',
    );
    expect(lines.filter((l) => l.startsWith('Stripe side unmatched,'))).toHaveLength(3);
  });
});
