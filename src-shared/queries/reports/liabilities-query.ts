import { sql } from 'kysely';
import { z } from 'zod';
import { MANAGER_ROLES } from '../../mutations/front-desk/front-desk-roles';
import { defineQuery } from '../query-definition';
import { membershipsPaidAhead } from './liabilities-memberships';
import { amount, reportZone } from './report-range';

/**
 * What the studio owes its members at an instant (default: now), in minor units:
 *
 * - Gift cards: each card's balance is the sum of its ledger (gift_card_transactions) up
 *   to the instant; cards with a positive balance are outstanding (disabled or expired
 *   ones too: the value stands until written off). Overdrawn cards (offline overspends)
 *   are counted apart, as money members owe.
 * - Pack credits: credits left on packs bought by the instant and not expired at it. Each
 *   pack's value is its credits × the price paid per credit (member_price / initial
 *   credits), rounded half up per pack. Packs keep no dated ledger of credits, so the
 *   credits are those the copy holds now.
 * - Memberships paid ahead: see {@link membershipsPaidAhead}.
 */
export const reportLiabilities = defineQuery({
  name: 'report.liabilities',
  description:
    'Owner and manager liabilities at an instant: gift card balances outstanding, unused pack credits and their value, memberships paid ahead.',
  args: z.strictObject({ at: z.iso.datetime({ offset: true }).optional() }),
  // The studio's takings and what it owes are for its owner and managers.
  roles: MANAGER_ROLES,
  async run({ db, tenantId }, args) {
    const at = new Date(args.at ?? Date.now()).toISOString();
    const zone = await reportZone(db, tenantId);
    const balances = db
      .selectFrom('gift_card_transactions')
      .select((eb) => ['gift_card_id', eb.fn.sum('amount').as('balance')])
      .where('tenant_id', '=', tenantId)
      .where('created_at', '<=', at)
      .groupBy('gift_card_id')
      .as('b');
    const cards = await db
      .selectFrom(balances)
      .select((eb) => [
        eb.fn.count(eb.case().when('b.balance', '>', 0).then(1).end()).as('outstanding'),
        eb.fn
          .sum(eb.case().when('b.balance', '>', 0).then(eb.ref('b.balance')).else(0).end())
          .as('outstandingTotal'),
        eb.fn.count(eb.case().when('b.balance', '<', 0).then(1).end()).as('overdrawn'),
        eb.fn
          .sum(eb.case().when('b.balance', '<', 0).then(eb.ref('b.balance')).else(0).end())
          .as('overdrawnTotal'),
      ])
      .executeTakeFirstOrThrow();
    const remaining = sql<number>`cast(${sql.ref('remaining_credits')} as bigint)`;
    const packs = await db
      .selectFrom('purchased_packs')
      .select((eb) => [
        eb.fn.countAll().as('packs'),
        eb.fn.sum('remaining_credits').as('credits'),
        // Half up: (2 × credits × price + initial) div (2 × initial), in integers.
        eb.fn
          .sum(
            sql<number>`(2 * ${remaining} * ${sql.ref('member_price')} + ${sql.ref('initial_credits')}) / (2 * ${sql.ref('initial_credits')})`,
          )
          .as('value'),
      ])
      .where('tenant_id', '=', tenantId)
      .where('remaining_credits', '>', 0)
      .where('initial_credits', '>', 0)
      .where('created_at', '<=', at)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
      .executeTakeFirstOrThrow();
    const memberships = await membershipsPaidAhead(db, tenantId, zone, at);
    return {
      at,
      timeZone: zone,
      giftCards: {
        outstandingCount: amount(cards.outstanding),
        outstandingTotal: amount(cards.outstandingTotal),
        overdrawnCount: amount(cards.overdrawn),
        overdrawnTotal: 0 - amount(cards.overdrawnTotal),
      },
      packs: {
        packCount: amount(packs.packs),
        credits: amount(packs.credits),
        value: amount(packs.value),
      },
      memberships,
      total: amount(cards.outstandingTotal) + amount(packs.value) + memberships.paidAheadTotal,
    };
  },
});
