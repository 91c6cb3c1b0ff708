import { z } from 'zod';
import { findClass } from '../front-desk/booking-ledger';
import { deskOnly } from '../front-desk/desk-rules';
import { DESK_ROLES } from '../front-desk/front-desk-roles';
import { defineMutation, type MutationContext } from '../mutation-definition';
import { convertedAlready, findLead, patchLead } from './lead-rules';

/**
 * Places taken in the class: its confirmed bookings and the trials other leads hold in it
 * (R18.3). count(*) is a bigint on Postgres, which node-postgres answers as a string.
 */
async function placesTaken(ctx: MutationContext, classId: string, leadId: string) {
  const booked = await ctx.db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('tenant_id', '=', ctx.tenantId)
    .where('class_id', '=', classId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  const trials = await ctx.db
    .selectFrom('leads')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('tenant_id', '=', ctx.tenantId)
    .where('trial_class_id', '=', classId)
    .where('status', '=', 'trial')
    .where('id', '<>', leadId)
    .executeTakeFirstOrThrow();
  return Number(booked.n) + Number(trials.n);
}

/**
 * Books a lead into a class to try it (R18.3). The trial is recorded on the lead, not as a
 * booking: bookings name members, and a lead is not one until converted. The desk refuses a
 * class that is cancelled, has started, or whose confirmed bookings and trials fill it; the
 * server keeps a trial that arrives for a full class and raises class_over_capacity. A new
 * trial replaces the lead's earlier one.
 */
export const bookLeadTrial = defineMutation({
  name: 'lead.bookTrial',
  description: 'Books a lead into a class with room, to try it.',
  args: z.strictObject({ leadId: z.uuid(), classId: z.uuid() }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const lead = await findLead(ctx, args.leadId);
    if (convertedAlready(ctx, lead, 'book a trial')) {
      return { leadId: lead.id, classId: lead.trial_class_id, applied: false };
    }
    const klass = await findClass(ctx, args.classId);
    deskOnly(ctx, klass.status === 'scheduled', `${klass.title} is ${klass.status}`);
    deskOnly(ctx, klass.start_time > ctx.at, `${klass.title} has already started`);
    const taken = await placesTaken(ctx, klass.id, lead.id);
    await ctx.require(taken < klass.capacity, {
      kind: 'class_over_capacity',
      message: `${klass.title} at ${klass.start_time} holds ${klass.capacity}; ${taken} were already in when a trial for ${lead.name ?? 'a lead'} was booked`,
      subjectId: klass.id,
    });
    await patchLead(ctx, lead.id, {
      status: 'trial',
      trial_class_id: klass.id,
      trial_booked_at: ctx.at,
      lost_reason: null,
    });
    return { leadId: lead.id, classId: klass.id, applied: true };
  },
  audit: (args) => ({ targetId: args.leadId }),
});
