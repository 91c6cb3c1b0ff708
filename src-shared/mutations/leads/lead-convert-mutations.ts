import { z } from 'zod';
import { uuidV5 } from '../../ids/uuid-v5';
import { deskOnly } from '../front-desk/desk-rules';
import { DESK_ROLES } from '../front-desk/front-desk-roles';
import { defineMutation } from '../mutation-definition';
import { requireUniqueContact, writeNewMember } from '../new-member-writes';
import { leadEmail, leadPhone } from './lead-fields';
import { findLead, patchLead } from './lead-rules';

/**
 * The member a lead becomes is named by the lead (R18.4): two desks converting one lead
 * offline make the same user and member, so the server keeps one and the second call
 * applies nothing.
 */
export const convertedMemberIds = (leadId: string) => ({
  userId: uuidV5(leadId, 'lead/user'),
  memberId: uuidV5(leadId, 'lead/member'),
});

/**
 * Makes the lead a member through the same writes as `member.create` (R18.4). The lead
 * stays, converted and naming its member, with its notes and trial: the member page shows
 * that history. The e-mail and phone default to the lead's; the name is split by the desk
 * (a lead has one name field, a member a first and last name).
 */
export const convertLead = defineMutation({
  name: 'lead.convert',
  description: 'Makes a lead a member of the studio, keeping the lead’s history.',
  args: z.strictObject({
    leadId: z.uuid(),
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().min(1).max(100),
    /** Left out: the lead's own. */
    email: leadEmail.optional(),
    phone: leadPhone.optional(),
  }),
  roles: DESK_ROLES,
  changesStaff: true,
  async run(ctx, args) {
    const lead = await findLead(ctx, args.leadId);
    if (lead.status === 'converted') {
      deskOnly(ctx, false, `${lead.name ?? 'this lead'} is a member already`);
      return { leadId: lead.id, memberId: lead.converted_member_id, applied: false };
    }
    const { userId, memberId } = convertedMemberIds(lead.id);
    const email = args.email ?? lead.email ?? '';
    const phone = args.phone ?? lead.phone ?? null;
    const profile = JSON.stringify({
      firstName: args.firstName,
      lastName: args.lastName,
      email,
      phone,
    });
    await writeNewMember(ctx, {
      userId,
      memberId,
      email,
      profile,
      barcode: null,
      roles: ['student'],
    });
    await requireUniqueContact(ctx, memberId, { email, barcode: null }, null);
    // A lead who unsubscribed stays unsubscribed as a member (R20.3).
    if (lead.messages_opt_out_at !== null) {
      await ctx.db
        .updateTable('tenant_members')
        .set({ messages_opt_out_at: lead.messages_opt_out_at })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', memberId)
        .execute();
    }
    await patchLead(ctx, lead.id, {
      status: 'converted',
      converted_member_id: memberId,
      converted_at: ctx.at,
      lost_reason: null,
    });
    return { leadId: lead.id, memberId, applied: true };
  },
  audit: (args) => ({ targetId: args.leadId }),
});
