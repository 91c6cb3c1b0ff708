import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { formatMoney } from '../../desk/money';
import type { ReportSection } from './reports-sections';

export type CardReconciliation = QueryResult<'report.cardReconciliation'>;

const money = (label: string) => ({ label, money: true });
const count = (label: string) => ({ label, money: false });

/** "Dec 3" in the studio's zone. */
export function shortDay(timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric' });
  return (iso) => format.format(new Date(iso));
}

/** The payouts table: each payout with the desk card tenders it carried (screen and CSV). */
export function payoutSections(report: CardReconciliation, timeZone: string): ReportSection[] {
  const day = shortDay(timeZone);
  return [
    {
      title: 'Payouts',
      itemLabel: 'Payout',
      columns: [
        money('Amount'),
        count('Card tenders'),
        money('Tenders total'),
        money('Stripe fees'),
        money('Difference'),
      ],
      rows: report.payouts.map((p) => ({
        item: `${p.payoutId}, arriving ${day(p.arrivalDate)} (${p.status.replace('_', ' ')})`,
        values: [p.amount, p.tenderCount, p.tenderTotal, p.fees, p.difference],
      })),
    },
  ];
}

/**
 * What matches nothing, as sentences an owner reads aloud: Stripe's side first (money the
 * desks never saw), then the desks' card sales Stripe has not paid out.
 */
export function unmatchedSentences(
  report: CardReconciliation,
  currency: string,
  timeZone: string,
): { readonly stripe: string[]; readonly desks: string[] } {
  const day = shortDay(timeZone);
  const amount = (minor: number) => formatMoney(minor, currency);
  return {
    stripe: [
      ...report.unmatchedPayouts.map(
        (p) =>
          `Payout ${p.payoutId} of ${amount(p.amount)} on ${day(p.arrivalDate)} matches no card sale at the desks.`,
      ),
      ...report.unmatchedCharges.map((c) =>
        c.kind === 'refund'
          ? `Stripe refund ${c.chargeId ?? c.lineId} of ${amount(-c.amount)} on ${day(c.createdAt)} matches no card refund at the desks.`
          : `Stripe charge ${c.chargeId ?? c.lineId} of ${amount(c.amount)} on ${day(c.createdAt)} matches no card sale at the desks.`,
      ),
    ],
    desks: report.unmatchedTenders.map((t) => {
      if (t.reason === 'not_paid_out') {
        return `Card sale of ${amount(t.amount)} on ${day(t.createdAt)} is not in a payout yet.`;
      }
      if (t.reason === 'refund_not_seen') {
        return `Card refund of ${amount(-t.amount)} on ${day(t.createdAt)} was not seen at Stripe.`;
      }
      return `Card sale of ${amount(t.amount)} on ${day(t.createdAt)} has no Stripe charge${t.paymentIntentId === null ? ' (no payment intent recorded)' : ''}.`;
    }),
  };
}

/** Everything on screen, for the CSV: the payouts table and one row per unmatched item. */
export function cardPayoutsCsvSections(
  report: CardReconciliation,
  currency: string,
  timeZone: string,
): ReportSection[] {
  const sentences = unmatchedSentences(report, currency, timeZone);
  return [
    ...payoutSections(report, timeZone),
    {
      title: 'Stripe side unmatched',
      itemLabel: 'Item',
      columns: [money('Amount')],
      rows: [
        ...report.unmatchedPayouts.map((p, i) => ({
          item: sentences.stripe[i] ?? p.payoutId,
          values: [p.amount],
        })),
        ...report.unmatchedCharges.map((c, i) => ({
          item: sentences.stripe[report.unmatchedPayouts.length + i] ?? c.lineId,
          values: [c.amount],
        })),
      ],
    },
    {
      title: 'Desk side unmatched',
      itemLabel: 'Item',
      columns: [money('Amount')],
      rows: report.unmatchedTenders.map((t, i) => ({
        item: sentences.desks[i] ?? t.paymentId,
        values: [t.amount],
      })),
    },
  ];
}
