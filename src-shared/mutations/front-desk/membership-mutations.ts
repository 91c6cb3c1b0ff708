import { z } from 'zod';
import { addDays } from '../../time/zoned-wall-clock';
import { defineMutation, type MutationContext } from '../mutation-definition';
import { deskOnly } from './desk-rules';
import { DESK_ROLES, MANAGER_ROLES } from './front-desk-roles';
import { reasonSchema } from './front-desk-schemas';
import {
  ENDED_STATUSES,
  endMembership,
  pendingScheduledChanges,
  withdrawScheduledChanges,
} from './membership-lifecycle';
import {
  findPlan,
  findSubscription,
  startOfStudioDay,
  studioDateAt,
  studioDateSchema,
  studioZone,
} from './membership-periods';

/** The longest pause the desk sets in one go. */
const LONGEST_PAUSE_DAYS = 366;

const subscriptionId = z.uuid();

/** A membership still running (not canceled or expired); the desk refuses changes to others. */
async function runningMembership(ctx: MutationContext, id: string) {
  const subscription = await findSubscription(ctx, id);
  const ended = (ENDED_STATUSES as readonly string[]).includes(subscription.status);
  deskOnly(ctx, !ended, `This membership is ${subscription.status}: nothing more can change it.`);
  return subscription;
}

/** Pauses that still stand: not resumed and not yet over at the instant. */
function standingPauses(ctx: MutationContext, id: string) {
  return ctx.db
    .selectFrom('subscription_pauses')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('subscription_id', '=', id)
    .where('resumed_at', 'is', null)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', ctx.at)]));
}

export const pauseMembership = defineMutation({
  name: 'membership.pause',
  description:
    'Pauses (freezes) a membership from a day of the studio until a last day, or until resumed: no class is paid by it meanwhile.',
  args: z
    .strictObject({
      subscriptionId,
      startDate: studioDateSchema,
      /** The last day paused, included; left out, paused until resumed. */
      endDate: studioDateSchema.optional(),
      reason: reasonSchema.optional(),
    })
    .refine((a) => a.endDate === undefined || a.endDate >= a.startDate, {
      error: 'the last day of a pause is on or after its first',
      path: ['endDate'],
    })
    .refine(
      (a) => a.endDate === undefined || a.endDate <= addDays(a.startDate, LONGEST_PAUSE_DAYS),
      {
        error: 'a pause lasts at most a year',
        path: ['endDate'],
      },
    ),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const pauseId = ctx.newId();
    const subscription = await runningMembership(ctx, args.subscriptionId);
    const zone = await studioZone(ctx);
    const today = studioDateAt(zone, ctx.at);
    deskOnly(
      ctx,
      args.startDate >= today,
      `A pause cannot start on ${args.startDate}, before today (${today}).`,
      'invalid',
    );
    const startsAt = startOfStudioDay(zone, args.startDate);
    const endsAt =
      args.endDate === undefined ? null : startOfStudioDay(zone, addDays(args.endDate, 1));
    // Overlap with a standing pause: [a, b) and [c, d) meet when a < d and c < b.
    let overlap = standingPauses(ctx, subscription.id).where((eb) =>
      eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', startsAt)]),
    );
    if (endsAt !== null) overlap = overlap.where('starts_at', '<', endsAt);
    const overlapping = await overlap.executeTakeFirst();
    deskOnly(
      ctx,
      overlapping === undefined,
      'This membership is already paused for some of those days: resume it or pick other days.',
    );
    await ctx.db
      .insertInto('subscription_pauses')
      .values({
        id: pauseId,
        tenant_id: ctx.tenantId,
        subscription_id: subscription.id,
        starts_at: startsAt,
        ends_at: endsAt,
        resumed_at: null,
        reason: args.reason ?? null,
        staff_id: ctx.actor.memberId,
        created_at: ctx.at,
      })
      .execute();
    return { pauseId, subscriptionId: subscription.id, startsAt, endsAt };
  },
  audit: (_args, result) => ({ targetId: result.subscriptionId }),
});

export const resumeMembership = defineMutation({
  name: 'membership.resume',
  description: 'Ends the pause of a membership now, and drops any pause still to come.',
  args: z.strictObject({ subscriptionId }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const subscription = await runningMembership(ctx, args.subscriptionId);
    const standing = await standingPauses(ctx, subscription.id).select('id').execute();
    deskOnly(ctx, standing.length > 0, 'This membership is not paused.');
    // Every standing pause ends now; one another desk already resumed keeps its own time.
    await ctx.db
      .updateTable('subscription_pauses')
      .set({ resumed_at: ctx.at })
      .where('tenant_id', '=', ctx.tenantId)
      .where('subscription_id', '=', subscription.id)
      .where('resumed_at', 'is', null)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', ctx.at)]))
      .execute();
    return { subscriptionId: subscription.id, resumedAt: ctx.at };
  },
  audit: (_args, result) => ({ targetId: result.subscriptionId }),
});

/** Records a change the membership takes at the end of its current period. */
async function scheduleAtPeriodEnd(
  ctx: MutationContext,
  subscription: { readonly id: string; readonly current_period_end: string },
  changeId: string,
  change: {
    readonly kind: 'cancel' | 'change_plan';
    readonly newPlanId: string | null;
    readonly reason: string | null;
  },
) {
  await ctx.db
    .insertInto('subscription_scheduled_changes')
    .values({
      id: changeId,
      tenant_id: ctx.tenantId,
      subscription_id: subscription.id,
      kind: change.kind,
      new_plan_id: change.newPlanId,
      effective_at: subscription.current_period_end,
      reason: change.reason,
      staff_id: ctx.actor.memberId,
      created_at: ctx.at,
      withdrawn_at: null,
    })
    .execute();
  return {
    subscriptionId: subscription.id,
    changeId,
    effectiveAt: subscription.current_period_end,
  };
}

export const cancelMembership = defineMutation({
  name: 'membership.cancel',
  description:
    'Cancels a membership now, or at the end of its current period (it stays usable until then).',
  args: z.strictObject({
    subscriptionId,
    when: z.enum(['now', 'period_end'], { error: 'say when: now or period_end' }),
    reason: reasonSchema,
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const changeId = ctx.newId();
    const subscription = await runningMembership(ctx, args.subscriptionId);
    if (args.when === 'now') {
      await endMembership(ctx, subscription.id);
      return { subscriptionId: subscription.id, changeId: null, effectiveAt: ctx.at };
    }
    // The latest word stands: a cancel replaces a plan change or an earlier cancel.
    await withdrawScheduledChanges(ctx, subscription.id);
    return scheduleAtPeriodEnd(ctx, subscription, changeId, {
      kind: 'cancel',
      newPlanId: null,
      reason: args.reason,
    });
  },
  audit: (_args, result) => ({ targetId: result.subscriptionId }),
});

export const changeMembershipPlan = defineMutation({
  name: 'membership.changePlan',
  description:
    'Moves a membership to another plan from its next period; naming its own plan withdraws a change not yet taken.',
  args: z.strictObject({ subscriptionId, planId: z.uuid(), reason: reasonSchema.optional() }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const changeId = ctx.newId();
    const subscription = await runningMembership(ctx, args.subscriptionId);
    const plan = await findPlan(ctx, args.planId);
    const pending = await pendingScheduledChanges(ctx, subscription.id);
    deskOnly(
      ctx,
      !pending.some((c) => c.kind === 'cancel'),
      'This membership is cancelled at the end of its period: withdraw the cancellation first.',
    );
    await withdrawScheduledChanges(ctx, subscription.id, ['change_plan']);
    if (plan.id === subscription.plan_id) {
      return { subscriptionId: subscription.id, changeId: null, effectiveAt: null };
    }
    deskOnly(ctx, plan.active === 1, `${plan.name} is retired and no longer sold.`);
    return scheduleAtPeriodEnd(ctx, subscription, changeId, {
      kind: 'change_plan',
      newPlanId: plan.id,
      reason: args.reason ?? null,
    });
  },
  audit: (_args, result) => ({ targetId: result.subscriptionId }),
});

export const withdrawMembershipChange = defineMutation({
  name: 'membership.withdrawChange',
  description:
    'Withdraws a cancellation or plan change a membership had waiting for its period end.',
  args: z.strictObject({ subscriptionId }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const subscription = await runningMembership(ctx, args.subscriptionId);
    const pending = await pendingScheduledChanges(ctx, subscription.id);
    deskOnly(ctx, pending.length > 0, 'This membership has no change waiting for its period end.');
    await withdrawScheduledChanges(ctx, subscription.id);
    return { subscriptionId: subscription.id };
  },
  audit: (_args, result) => ({ targetId: result.subscriptionId }),
});

/** The membership mutations, registered in front-desk-mutations.ts. */
export const membershipMutations = [
  pauseMembership,
  resumeMembership,
  cancelMembership,
  changeMembershipPlan,
  withdrawMembershipChange,
] as const;
