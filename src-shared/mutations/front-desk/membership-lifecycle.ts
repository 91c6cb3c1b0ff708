import type { MutationContext } from '../mutation-definition';

/** A membership that has ended: nothing changes it any more. */
export const ENDED_STATUSES = ['canceled', 'expired'] as const;

/**
 * Ends a membership now: canceled (unless it already ended), and every change it had
 * waiting for the end of its period withdrawn. Conditional updates, so a second desk that
 * ends it again changes nothing.
 */
export async function endMembership(ctx: MutationContext, subscriptionId: string): Promise<void> {
  await ctx.db
    .updateTable('subscriptions')
    .set({ status: 'canceled' })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', subscriptionId)
    .where('status', 'not in', [...ENDED_STATUSES])
    .execute();
  await withdrawScheduledChanges(ctx, subscriptionId);
}

/** Withdraws the changes a membership had waiting for its period's end, of the kinds given. */
export async function withdrawScheduledChanges(
  ctx: MutationContext,
  subscriptionId: string,
  kinds: readonly ('cancel' | 'change_plan')[] = ['cancel', 'change_plan'],
): Promise<void> {
  await ctx.db
    .updateTable('subscription_scheduled_changes')
    .set({ withdrawn_at: ctx.at })
    .where('tenant_id', '=', ctx.tenantId)
    .where('subscription_id', '=', subscriptionId)
    .where('kind', 'in', [...kinds])
    .where('withdrawn_at', 'is', null)
    .execute();
}

/** The refund of a membership line ends the membership it sold. */
export async function endSoldMembership(ctx: MutationContext, orderItemId: string): Promise<void> {
  const sale = await ctx.db
    .selectFrom('subscription_sales')
    .select('subscription_id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('order_item_id', '=', orderItemId)
    .executeTakeFirst();
  if (sale) await endMembership(ctx, sale.subscription_id);
}

/**
 * The changes a membership has waiting for the end of its period, oldest first: what the
 * renewal applies (a cancel ends it, a plan change moves it to the new plan) at
 * `effective_at`, and what the member page lists.
 */
export async function pendingScheduledChanges(
  ctx: Pick<MutationContext, 'db' | 'tenantId'>,
  subscriptionId: string,
) {
  return ctx.db
    .selectFrom('subscription_scheduled_changes')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('subscription_id', '=', subscriptionId)
    .where('withdrawn_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
