import { z } from 'zod';
import { defineMutation } from '../mutation-definition';
import { deskOnly } from '../front-desk/desk-rules';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { findSubscription } from '../front-desk/membership-periods';

/**
 * Takes a membership off autopay (issue 18, PROTOCOL.md R13.5): the renewal job no longer
 * charges the card saved for it, and its renewals are paid at the desk. Owners and managers
 * only, as cancelling is. The desk refuses one not on autopay; the server keeps the call
 * (a second desk turning it off changes nothing more).
 */
export const turnOffAutopay = defineMutation({
  name: 'membership.turnOffAutopay',
  description:
    'Stops renewing a membership on the card saved for it; its renewals are then paid at the desk.',
  args: z.strictObject({ subscriptionId: z.uuid() }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const subscription = await findSubscription(ctx, args.subscriptionId);
    const autopay = await ctx.db
      .selectFrom('subscription_autopay')
      .select('subscription_id')
      .where('tenant_id', '=', ctx.tenantId)
      .where('subscription_id', '=', subscription.id)
      .executeTakeFirst();
    deskOnly(ctx, autopay !== undefined, 'This membership is not on autopay.');
    await ctx.db
      .deleteFrom('subscription_autopay')
      .where('tenant_id', '=', ctx.tenantId)
      .where('subscription_id', '=', subscription.id)
      .execute();
    // The card's Stripe ids are server-only (R4.6) and always empty at a desk; at the server
    // this is what stops the renewal job (R14.1: no saved card, never charged).
    await ctx.db
      .updateTable('subscriptions')
      .set({ stripe_customer_id: null, stripe_payment_method_id: null })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', subscription.id)
      .execute();
    return { subscriptionId: subscription.id };
  },
  audit: (_args, result) => ({ targetId: result.subscriptionId }),
});

export const autopayMutations = [turnOffAutopay] as const;
