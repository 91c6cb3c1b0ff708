import { z } from 'zod';
import { pendingScheduledChanges } from '../../mutations/front-desk/membership-lifecycle';
import { pausedAt } from '../../mutations/front-desk/membership-periods';
import { visitsUsed } from '../../mutations/front-desk/membership-visits';
import { defineQuery } from '../query-definition';
import { atSchema } from './member-glance-queries';

/** What a membership is at an instant, in the words the member page shows. */
export type MembershipState = 'active' | 'paused' | 'past_due' | 'lapsed' | 'canceled';

/**
 * A member's memberships for the member page's Membership panel: each with its plan, its
 * state at `at` in words (a pause covering `at` reads as paused), its period, visits used of
 * the plan's limit, its standing or coming pause, and what it takes at the end of the period.
 */
export const memberMemberships = defineQuery({
  name: 'membership.ofMember',
  description:
    "A member's memberships: plan, state in words, period, visits used, pauses and changes due at period end.",
  args: z.strictObject({ memberId: z.uuid(), at: atSchema }),
  async run({ db, tenantId }, { memberId, at }) {
    const rows = await db
      .selectFrom('subscriptions')
      .innerJoin('membership_plans as plan', (j) =>
        j
          .onRef('plan.tenant_id', '=', 'subscriptions.tenant_id')
          .onRef('plan.id', '=', 'subscriptions.plan_id'),
      )
      .select([
        'subscriptions.id',
        'subscriptions.status',
        'subscriptions.current_period_start',
        'subscriptions.current_period_end',
        'plan.id as planId',
        'plan.name as planName',
        'plan.interval',
        'plan.class_limit',
      ])
      .where('subscriptions.tenant_id', '=', tenantId)
      .where('subscriptions.member_id', '=', memberId)
      .orderBy('subscriptions.current_period_end', 'desc')
      .orderBy('subscriptions.id')
      .execute();
    const context = { db, tenantId };
    return Promise.all(
      rows.map(async (row) => {
        const pause = await db
          .selectFrom('subscription_pauses')
          .select(['id', 'starts_at', 'ends_at'])
          .where('tenant_id', '=', tenantId)
          .where('subscription_id', '=', row.id)
          .where('resumed_at', 'is', null)
          .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', at)]))
          .orderBy('starts_at')
          .executeTakeFirst();
        const changes = await pendingScheduledChanges(context, row.id);
        const state = stateOf(row, await pausedAt(context, row.id, at), at);
        return {
          subscriptionId: row.id,
          planId: row.planId,
          planName: row.planName,
          interval: row.interval,
          status: row.status,
          state,
          periodStart: row.current_period_start,
          periodEnd: row.current_period_end,
          /** Null: unlimited. */
          classLimit: row.class_limit,
          visitsUsed: await visitsUsed(context, {
            id: row.id,
            current_period_start: row.current_period_start,
            current_period_end: row.current_period_end,
          }),
          pause: pause
            ? { pauseId: pause.id, startsAt: pause.starts_at, endsAt: pause.ends_at }
            : null,
          scheduled: changes.map((c) => ({
            changeId: c.id,
            kind: c.kind,
            newPlanId: c.new_plan_id,
            effectiveAt: c.effective_at,
          })),
        };
      }),
    );
  },
});

function stateOf(
  row: { readonly status: string; readonly current_period_end: string },
  paused: boolean,
  at: string,
): MembershipState {
  if (row.status === 'canceled' || row.status === 'expired') return 'canceled';
  if (paused || row.status === 'paused') return 'paused';
  if (row.status === 'past_due') return 'past_due';
  return row.current_period_end > at ? 'active' : 'lapsed';
}

export const membershipQueries = [memberMemberships] as const;
