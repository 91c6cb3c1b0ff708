import { z } from 'zod';
import { defineQuery } from '../query-definition';

/**
 * Which of a member's memberships renew on a saved card, and which card by brand and last 4
 * (issue 18, PROTOCOL.md R13.5), for the member page's Membership panel: "Autopay: Visa
 * •••• 4242". The server writes `subscription_autopay` when it gives a membership the card
 * saved at the desk; a membership without a row is not on autopay.
 */
export const membershipAutopay = defineQuery({
  name: 'membership.autopay',
  description:
    "A member's memberships on autopay: the subscription and the brand and last 4 digits of its card.",
  args: z.strictObject({ memberId: z.uuid() }),
  async run({ db, tenantId }, { memberId }) {
    const rows = await db
      .selectFrom('subscription_autopay as autopay')
      .innerJoin('subscriptions as s', (j) =>
        j
          .onRef('s.tenant_id', '=', 'autopay.tenant_id')
          .onRef('s.id', '=', 'autopay.subscription_id'),
      )
      .select(['autopay.subscription_id', 'autopay.card_brand', 'autopay.card_last4'])
      .where('autopay.tenant_id', '=', tenantId)
      .where('s.member_id', '=', memberId)
      .orderBy('autopay.subscription_id')
      .execute();
    return rows.map((r) => ({
      subscriptionId: r.subscription_id,
      cardBrand: r.card_brand,
      cardLast4: r.card_last4,
    }));
  },
});

export const autopayQueries = [membershipAutopay] as const;
