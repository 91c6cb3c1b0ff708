import { z } from 'zod';
import { deskOnly } from '../front-desk/desk-rules';
import { DESK_ROLES } from '../front-desk/front-desk-roles';
import { defineMutation, type MutationContext } from '../mutation-definition';
import {
  hasContact,
  leadEmail,
  leadName,
  leadNote,
  leadPhone,
  leadSource,
  leadSourceDetail,
  lostReason,
  NO_CONTACT,
} from './lead-fields';
import { convertedAlready, findLead, patchLead } from './lead-rules';

async function insertNote(ctx: MutationContext, leadId: string, note: string): Promise<string> {
  const noteId = ctx.newId();
  await ctx.db
    .insertInto('lead_notes')
    .values({
      id: noteId,
      tenant_id: ctx.tenantId,
      lead_id: leadId,
      author_id: ctx.actor.memberId,
      note,
      created_at: ctx.at,
    })
    .execute();
  return noteId;
}

/** A walk-in or a caller, taken in seconds: a name and one way to reach them (R18.1). */
export const captureLead = defineMutation({
  name: 'lead.capture',
  description: 'Takes a new lead: a name and an e-mail or phone, where they came from.',
  args: z
    .strictObject({
      name: leadName,
      email: leadEmail.optional(),
      phone: leadPhone.optional(),
      source: leadSource,
      sourceDetail: leadSourceDetail.optional(),
      /** A first note, taken with the lead ("wants evening classes"). */
      note: leadNote.optional(),
    })
    .refine(hasContact, { error: NO_CONTACT, path: ['phone'] }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const leadId = ctx.newId();
    await ctx.db
      .insertInto('leads')
      .values({
        id: leadId,
        tenant_id: ctx.tenantId,
        name: args.name,
        email: args.email ?? null,
        phone: args.phone ?? null,
        source: args.source,
        source_detail: args.sourceDetail ?? null,
        status: 'new',
        converted_member_id: null,
        trial_class_id: null,
        trial_booked_at: null,
        lost_reason: null,
        converted_at: null,
        created_by: ctx.actor.memberId,
        created_at: ctx.at,
        updated_at: ctx.at,
      })
      .execute();
    if (args.note !== undefined) await insertNote(ctx, leadId, args.note);
    return { leadId };
  },
  audit: (_args, result) => ({ targetId: result.leadId }),
});

/**
 * Changes the fields given, and only those (R18.2): two desks that changed different
 * fields offline both stand, and of two changes to one field the last to reach the server
 * stands. The status moves here only between new and contacted (back from a trial that did
 * not happen, or a lost lead taken up again); trial, converted and lost have their own calls.
 */
export const updateLead = defineMutation({
  name: 'lead.update',
  description: 'Changes a lead’s name, contact, source or moves it between new and contacted.',
  args: z.strictObject({
    leadId: z.uuid(),
    name: leadName.optional(),
    /** null clears it; the lead must keep an e-mail or a phone. */
    email: leadEmail.nullable().optional(),
    phone: leadPhone.nullable().optional(),
    source: leadSource.optional(),
    sourceDetail: leadSourceDetail.nullable().optional(),
    status: z.enum(['new', 'contacted']).optional(),
  }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const lead = await findLead(ctx, args.leadId);
    if (convertedAlready(ctx, lead, 'change')) return { leadId: lead.id, applied: false };
    const email = args.email === undefined ? lead.email : args.email;
    const phone = args.phone === undefined ? lead.phone : args.phone;
    deskOnly(ctx, hasContact({ email, phone }), `${NO_CONTACT}: the lead needs one`, 'invalid');
    const leavesLost = args.status !== undefined && lead.status === 'lost';
    await patchLead(ctx, lead.id, {
      ...(args.name === undefined ? {} : { name: args.name }),
      ...(args.email === undefined ? {} : { email: args.email }),
      ...(args.phone === undefined ? {} : { phone: args.phone }),
      ...(args.source === undefined ? {} : { source: args.source }),
      ...(args.sourceDetail === undefined ? {} : { source_detail: args.sourceDetail }),
      ...(args.status === undefined ? {} : { status: args.status }),
      ...(leavesLost ? { lost_reason: null } : {}),
    });
    return { leadId: lead.id, applied: true };
  },
  audit: (args) => ({ targetId: args.leadId }),
});

/** A staff note on a lead, kept as its own row (the lead's history), converted or not. */
export const addLeadNote = defineMutation({
  name: 'lead.addNote',
  description: 'Writes a note on a lead (a call made, what they want).',
  args: z.strictObject({ leadId: z.uuid(), note: leadNote }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const lead = await findLead(ctx, args.leadId);
    const noteId = await insertNote(ctx, lead.id, args.note);
    await patchLead(ctx, lead.id, {});
    return { leadId: lead.id, noteId };
  },
  audit: (args) => ({ targetId: args.leadId }),
});

/** A lead who will not join, with the reason; taken up again by `lead.update`'s status. */
export const markLeadLost = defineMutation({
  name: 'lead.markLost',
  description: 'Marks a lead lost, with the reason.',
  args: z.strictObject({ leadId: z.uuid(), reason: lostReason }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const lead = await findLead(ctx, args.leadId);
    if (convertedAlready(ctx, lead, 'be lost')) return { leadId: lead.id, applied: false };
    await patchLead(ctx, lead.id, { status: 'lost', lost_reason: args.reason });
    return { leadId: lead.id, applied: true };
  },
  audit: (args) => ({ targetId: args.leadId }),
});
