import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { statusAfter } from '../../queries/console/review-kinds';
import { found } from '../front-desk/desk-rules';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { reasonSchema } from '../front-desk/front-desk-schemas';
import { creditOverdrawnCard, findReviewItem } from '../front-desk/review-balance-ledger';
import { defineMutation, MutationRefusal } from '../mutation-definition';

type ReviewRow = Database['review_items'];

const reviewItemId = z.uuid();
/** An amount in minor units; 0 is allowed (nothing to write off), negative never. */
const amount = z.number().int().min(0).max(100_000_000);

/**
 * One settlement per action (R16). The amount of a write-off, a charge or a refund defaults
 * to the item's own; an item without one must be given it.
 */
const resolveArgs = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('dismiss'), reviewItemId, reason: reasonSchema }),
  z.strictObject({
    action: z.literal('write_off'),
    reviewItemId,
    reason: reasonSchema,
    amount: amount.optional(),
  }),
  z.strictObject({
    action: z.literal('charge_member'),
    reviewItemId,
    amount: amount.optional(),
    reason: reasonSchema.optional(),
  }),
  z.strictObject({
    action: z.literal('refund'),
    reviewItemId,
    // Where the money went back: the processor's refund id, the till slip, a bank transfer.
    reference: z.string().trim().min(1).max(100),
    amount: amount.optional(),
    reason: reasonSchema.optional(),
  }),
]);

type ResolveArgs = z.output<typeof resolveArgs>;

/** The amount the settlement records: the one given, else the item's; none for a dismissal. */
function settledAmount(item: ReviewRow, args: ResolveArgs): number | null {
  if (args.action === 'dismiss') return null;
  const chosen = args.amount ?? item.amount;
  if (chosen === null) {
    throw new MutationRefusal(
      'invalid',
      'review.resolve: this item names no amount, so give the amount settled',
    );
  }
  return chosen;
}

/** How the item stands once settled, for a later call that finds it settled already. */
function standingOf(item: ReviewRow) {
  return {
    status: item.status,
    action: item.resolution,
    resolvedAt: item.resolved_at,
    resolvedBy: item.resolved_by,
  };
}

/**
 * Settles a review item (owner, manager; audited, R10.1; PROTOCOL.md R16): dismissed with a
 * reason, the amount written off, charged to the member (recorded on the item, for the
 * member's account: member_fees is taxed as a service at the POS, and what a review item
 * names was taxed when it was sold), or refunded elsewhere with a reference. The first
 * settlement to reach the server stands: a desk whose copy shows the item settled refuses,
 * and the server leaves a settled item as it is and answers `settled: false` with how it
 * stands (its audit entry says so too).
 */
export const resolveReviewItem = defineMutation({
  name: 'review.resolve',
  description:
    'Settles a review item: dismiss or write off with a reason, charge the member, or record a refund made elsewhere.',
  args: resolveArgs,
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    // Drawn whatever happens, so the desk and the server draw the same ids.
    const cardEntryId = ctx.newId();
    const item = found(
      await findReviewItem(ctx, args.reviewItemId),
      `review item ${args.reviewItemId}`,
    );
    if (item.status !== 'open') {
      if (ctx.side === 'desk') {
        throw new MutationRefusal(
          'rule',
          `this review item was settled already (${item.resolution ?? item.status} at ${item.resolved_at ?? 'an earlier time'})`,
        );
      }
      return { reviewItemId: item.id, settled: false, cardCredited: 0, standing: standingOf(item) };
    }
    if (args.action === 'charge_member' && item.member_id === null) {
      throw new MutationRefusal('invalid', 'review.resolve: this item names no member to charge');
    }
    const resolutionAmount = settledAmount(item, args);
    await ctx.db
      .updateTable('review_items')
      .set({
        status: statusAfter(args.action),
        resolution: args.action,
        resolution_note: args.reason ?? null,
        resolution_amount: resolutionAmount,
        resolution_reference: args.action === 'refund' ? args.reference : null,
        resolved_at: ctx.at,
        resolved_by: ctx.actor.memberId,
        resolved_device_id: ctx.deviceId,
      })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', item.id)
      .where('status', '=', 'open')
      .execute();
    const cardCredited =
      args.action === 'write_off'
        ? // The studio's loss: the credit names no order (R16.2).
          await creditOverdrawnCard(ctx, item, resolutionAmount ?? 0, {
            id: cardEntryId,
            orderId: null,
          })
        : 0;
    return {
      reviewItemId: item.id,
      settled: true,
      cardCredited,
      standing: {
        status: statusAfter(args.action),
        action: args.action,
        resolvedAt: ctx.at,
        resolvedBy: ctx.actor.memberId,
      },
    };
  },
  audit: (args, result) => ({
    targetId: result.reviewItemId,
    details: { ...args, settled: result.settled },
  }),
});

export const reviewMutations = [resolveReviewItem] as const;
