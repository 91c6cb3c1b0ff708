import { z } from 'zod';
import { displayName } from '../../queries/front-desk/member-names';
import { defineMutation, MutationRefusal, type MutationContext } from '../mutation-definition';
import { activeBookingOf, confirmedCount, findBooking, findClass } from './booking-ledger';
import { bookMember, checkIn, paidBySchema, waiverOverrideReason } from './booking-mutations';
import { requireCheckInWindow } from './check-in-window';
import { deskOnly, found } from './desk-rules';
import { ATTENDANCE_ROLES, DESK_ROLES, hasAnyRole } from './front-desk-roles';
import { membershipCanPay } from './membership-visits';
import { findPack } from './pack-ledger';
import { paymentChoices } from './payment-choices';
import { missingWaivers } from './waiver-gate';

/**
 * How a check-in is paid: the member's booking of the class, or one of booking.book's ways.
 * Chosen at the desk and recorded in the arguments (R1.7).
 */
const checkInPaidBySchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('booking'), bookingId: z.uuid() }),
  ...paidBySchema.options,
]);

type CheckInPaidBy = z.infer<typeof checkInPaidBySchema>;

const checkInArgsSchema = z.strictObject({
  classId: z.uuid(),
  memberId: z.uuid(),
  /**
   * Left out, the desk chooses on its copy, in the studio's order: the member's booking of
   * the class, their subscription, then the pack credit expiring first. A free place only
   * when staff give `{ method: 'free' }`; a drop-in is sold with `pos.sale` instead.
   */
  paidBy: checkInPaidBySchema.optional(),
  waiverOverrideReason,
});

type CheckInArgs = z.output<typeof checkInArgsSchema>;

async function memberName(ctx: MutationContext, memberId: string): Promise<string> {
  const member = found(
    await ctx.db
      .selectFrom('tenant_members')
      .select('profile')
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', memberId)
      .executeTakeFirst(),
    `member ${memberId}`,
  );
  return displayName(member.profile) || 'The member';
}

/**
 * The desk's choice, made on its copy in the mutation's transaction. What stops a check-in
 * is refused with a code staff act on (`waiver_missing`, `class_full`, `payment_needed`)
 * and nothing written.
 */
async function chooseHowPaid(ctx: MutationContext, args: CheckInArgs): Promise<CheckInArgs> {
  const klass = await findClass(ctx, args.classId);
  const name = await memberName(ctx, args.memberId);
  deskOnly(ctx, klass.status === 'scheduled', `${klass.title} is ${klass.status}`);
  await requireCheckInWindow(ctx, klass);
  if (args.waiverOverrideReason === undefined) {
    const missing = await missingWaivers(ctx.db, ctx.tenantId, args.memberId);
    const titles = missing.map((w) => w.title).join(', ');
    deskOnly(ctx, missing.length === 0, `${name} has not signed ${titles}.`, 'waiver_missing');
  }
  if (args.paidBy?.method === 'booking') return args;
  const booked = await activeBookingOf(ctx, klass.id, args.memberId);
  if (booked) return { ...args, paidBy: { method: 'booking', bookingId: booked.id } };
  const taken = await confirmedCount(ctx, klass.id);
  deskOnly(ctx, taken < klass.capacity, `${klass.title} is full.`, 'class_full');
  if (args.paidBy) return args;
  const choices = await paymentChoices(ctx.db, ctx.tenantId, args.memberId, ctx.at);
  const preferred = await firstThatPays(ctx, choices, klass);
  if (preferred?.method === 'subscription') {
    return {
      ...args,
      paidBy: { method: 'subscription', subscriptionId: preferred.subscriptionId },
    };
  }
  if (preferred?.method === 'pack')
    return { ...args, paidBy: { method: 'pack', packId: preferred.packId } };
  throw new MutationRefusal(
    'payment_needed',
    `${name} has no membership or pack credit for ${klass.title}: sell a drop-in or a pack, then check in again.`,
  );
}

/**
 * The first way the member holds that can pay for the class: a membership paused then, or
 * out of visits this period, is passed over for a pack credit (R13.4). With none that can,
 * the first choice, whose refusal then says why.
 */
async function firstThatPays(
  ctx: MutationContext,
  choices: Awaited<ReturnType<typeof paymentChoices>>,
  klass: Awaited<ReturnType<typeof findClass>>,
) {
  for (const choice of choices) {
    if (choice.method === 'pack') return choice;
    if (await membershipCanPay(ctx, choice.subscriptionId, klass)) return choice;
  }
  return choices[0];
}

async function creditsLeft(ctx: MutationContext, paidBy: CheckInPaidBy): Promise<number | null> {
  if (paidBy.method !== 'pack') return null;
  return (await findPack(ctx, paidBy.packId))?.remaining_credits ?? null;
}

/**
 * Check-in as the front desk does it, in one transaction: the desk chooses how the class is
 * paid and checks the member in, booking them first if they are not booked. Two offline
 * desks that both book the member leave one booking at the server (R9.1); a check-in naming
 * a booking the server folded lands on the surviving one (R9.2).
 */
export const checkInMember = defineMutation({
  name: 'booking.checkInMember',
  description:
    "Checks a member into a class, paid by their booking, membership or pack credit (chosen at the desk in the studio's order) or free if staff say so.",
  args: checkInArgsSchema,
  roles: ATTENDANCE_ROLES,
  chooseAtDesk: chooseHowPaid,
  async run(ctx, args) {
    const bookingId = ctx.newId();
    const auditId = ctx.newId();
    const paidBy = args.paidBy;
    if (paidBy === undefined) {
      throw new MutationRefusal(
        'invalid',
        'booking.checkInMember: the desk records how the check-in is paid (paidBy) before it is sent',
      );
    }
    if (paidBy.method === 'booking') {
      const booking = await findBooking(ctx, paidBy.bookingId);
      await checkIn(ctx, booking, args.waiverOverrideReason, auditId);
      return { bookingId: booking.id, paidBy: paidBy.method, packCreditsLeft: null, merged: false };
    }
    // Instructors check in members who are booked; booking one is the desk's work.
    if (!hasAnyRole(ctx.actor, DESK_ROLES)) {
      throw new MutationRefusal(
        'forbidden',
        'booking a member into class at check-in needs desk staff; instructors check in members already booked',
      );
    }
    const booked = await bookMember(
      ctx,
      { ...args, paidBy, waitlist: false, checkIn: true },
      { bookingId, auditId },
    );
    return {
      bookingId: booked.bookingId,
      paidBy: paidBy.method,
      packCreditsLeft: await creditsLeft(ctx, paidBy),
      merged: booked.merged,
    };
  },
});
