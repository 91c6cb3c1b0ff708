import { z } from 'zod';
import { defineMutation } from '../mutation-definition';
import { deskOnly, found } from './desk-rules';
import { MANAGER_ROLES } from './front-desk-roles';
import { reasonSchema } from './front-desk-schemas';
import { findFee } from './member-fee-ledger';

/**
 * Lets a member off a late-cancel or no-show fee (owner, manager; audited under its own name,
 * R10.1). A paid fee is not waived: the desk refuses, and at the server a fee another desk
 * was paid for meanwhile stays paid (refund the sale instead). Waiving a waived fee changes
 * nothing, its first reason stands.
 */
export const waiveFee = defineMutation({
  name: 'booking.waiveFee',
  description:
    'Waives a late-cancel or no-show fee a member owes, with the reason; a paid fee is refunded at the POS instead.',
  args: z.strictObject({ feeId: z.uuid(), reason: reasonSchema }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const fee = found(await findFee(ctx, args.feeId), `fee ${args.feeId}`);
    deskOnly(ctx, fee.status !== 'paid', 'the fee is paid: refund its sale to give the money back');
    await ctx.db
      .updateTable('member_fees')
      .set({ status: 'waived', waived_reason: args.reason, settled_at: ctx.at })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', fee.id)
      .where('status', '=', 'owed')
      .execute();
    return { feeId: fee.id };
  },
  audit: (_args, result) => ({ targetId: result.feeId }),
});
