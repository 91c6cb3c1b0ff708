import { z } from 'zod';
import { studioDateSchema } from '../../mutations/front-desk/membership-periods';
import { MANAGER_ROLES } from '../../mutations/front-desk/front-desk-roles';
import { defineQuery } from '../query-definition';
import {
  payoutsInRange,
  unmatchedCharges,
  unmatchedTenders,
  type PayoutFigures,
} from './card-reconciliation-rows';
import { MAX_REPORT_DAYS, rangeInZone, reportZone } from './report-range';

/** Studio days, both inclusive; omitted, today in the studio's zone. */
const cardReconciliationArgs = z
  .strictObject({ from: studioDateSchema.optional(), to: studioDateSchema.optional() })
  .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, {
    error: 'the range ends before it starts: "to" must be on or after "from"',
  })
  .refine(
    (r) =>
      r.from === undefined ||
      r.to === undefined ||
      Date.parse(r.to) - Date.parse(r.from) < MAX_REPORT_DAYS * 86_400_000,
    { error: `a report covers at most ${MAX_REPORT_DAYS} days` },
  );

/**
 * Card reconciliation (issue 19): the studio's Stripe payouts against the desks' card
 * tenders, from the synced copies of `card_payouts` and `card_balance_lines` the server
 * writes (its payout job) and the desks' own `payments`. A charge matches the desk's card
 * sale that names its PaymentIntent; a refund the desk's refund the server sent as it.
 * Amounts in minor units.
 *
 * - `payouts`: those arriving in the range, each with the card tenders it carried (sales
 *   and refunds), their sum, Stripe's fees, and the difference (payout − (tenders − fees)),
 *   zero when everything in it was a desk tender.
 * - `unmatchedTenders`: desk card tenders of the range Stripe has no charge for yet
 *   (`no_stripe_transaction`) or has not paid out yet (`not_paid_out`), and desk card
 *   refunds Stripe shows no refund for (`refund_not_seen`, a negative amount).
 * - `unmatchedCharges`: Stripe charges of the range no desk sale names, and refunds no
 *   desk gave (`kind`);
 *   `unmatchedPayouts`: payouts of the range that carried no desk card sale at all.
 */
export const reportCardReconciliation = defineQuery({
  name: 'report.cardReconciliation',
  description:
    'Owner and manager card reconciliation over studio days (inclusive, studio zone): Stripe payouts with the card tenders each carried, fees and difference; desk card tenders Stripe has not paid out; Stripe charges and payouts no desk sale matches.',
  args: cardReconciliationArgs,
  // The studio's takings are for its owner and managers.
  roles: MANAGER_ROLES,
  async run({ db, tenantId }, args) {
    const range = rangeInZone(await reportZone(db, tenantId), args, Date.now());
    const [payouts, tenders, charges] = await Promise.all([
      payoutsInRange(db, tenantId, range),
      unmatchedTenders(db, tenantId, range),
      unmatchedCharges(db, tenantId, range),
    ]);
    return {
      timeZone: range.timeZone,
      from: range.from,
      to: range.to,
      startsAt: range.startsAt,
      endsAt: range.endsAt,
      payouts,
      unmatchedTenders: tenders,
      unmatchedCharges: charges,
      unmatchedPayouts: payouts
        .filter((p: PayoutFigures) => p.tenderCount === 0)
        .map((p) => ({
          payoutId: p.payoutId,
          amount: p.amount,
          currency: p.currency,
          arrivalDate: p.arrivalDate,
        })),
    };
  },
});
