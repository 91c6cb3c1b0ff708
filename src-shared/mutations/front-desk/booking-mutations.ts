import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { defineMutation, type MutationContext } from '../mutation-definition';
import {
  ACTIVE_BOOKING,
  activeBookingOf,
  confirmedCount,
  findBooking,
  findClass,
  foldDuplicateBooking,
  insertBooking,
  nextWaitlistPosition,
  requirePlace,
} from './booking-ledger';
import { chooseWaitlistPayment, paidBySchema, takePayment, type PaidBy } from './booking-payment';
import { promoteFromWaitlist } from './booking-waitlist';
import { requireCheckInWindow } from './check-in-window';
import { deskOnly } from './desk-rules';
import { ATTENDANCE_ROLES, DESK_ROLES } from './front-desk-roles';
import { reasonSchema } from './front-desk-schemas';
import { chargeBookingFee, feeOfBooking } from './member-fee-ledger';
import { movePackCredits } from './pack-ledger';
import { readTenantSettings } from './tenant-settings';
import { passWaiverGate } from './waiver-gate';

type BookingRow = Database['bookings'];

export { paidBySchema, type PaidBy } from './booking-payment';

export const waiverOverrideReason = reasonSchema.optional();

function paidByText(paidBy: PaidBy): string {
  switch (paidBy.method) {
    case 'subscription':
      return `subscription ${paidBy.subscriptionId}`;
    case 'pack':
      return `pack ${paidBy.packId}, no second credit taken`;
    case 'free':
      // A desk older than the reason sends none (issue 18).
      return paidBy.reason === undefined ? 'free' : `free: ${paidBy.reason}`;
  }
}

/** Checks a booking in once; a second check-in changes nothing. */
export async function checkIn(
  ctx: MutationContext,
  booking: Pick<BookingRow, 'id' | 'member_id' | 'status' | 'checked_in_at'>,
  overrideReason: string | undefined,
  auditId: string,
): Promise<void> {
  if (booking.checked_in_at !== null) return; // already in: checking in twice changes nothing
  deskOnly(ctx, booking.status === 'confirmed', `a ${booking.status} booking cannot check in`);
  await passWaiverGate(ctx, {
    memberId: booking.member_id,
    bookingId: booking.id,
    overrideReason,
    auditId,
  });
  await ctx.db
    .updateTable('bookings')
    .set({ checked_in_at: ctx.at })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', booking.id)
    .where('checked_in_at', 'is', null)
    .execute();
}

const bookArgsSchema = z
  .strictObject({
    classId: z.uuid(),
    memberId: z.uuid(),
    paidBy: paidBySchema,
    /** Join the waitlist of a full class instead of taking a place. */
    waitlist: z.boolean().default(false),
    checkIn: z.boolean().default(false),
    waiverOverrideReason,
  })
  .refine((a) => !(a.waitlist && a.checkIn), 'a waitlisted member cannot check in');

type BookArgs = z.output<typeof bookArgsSchema>;

/**
 * Books a member into a class (booking.book, and booking.checkInMember for a member not yet
 * booked). `ids` are drawn by the caller before anything that depends on the data (R1.3).
 */
export async function bookMember(
  ctx: MutationContext,
  args: BookArgs,
  ids: { readonly bookingId: string; readonly auditId: string },
) {
  const { bookingId, auditId } = ids;
  const klass = await findClass(ctx, args.classId);
  deskOnly(ctx, klass.status === 'scheduled', `${klass.title} is ${klass.status}`);
  const existing = await activeBookingOf(ctx, klass.id, args.memberId);
  if (existing) {
    // Two desks booked the same member: one booking, one credit, never counted twice.
    // The desk's id for its own copy now names the booking that survived (R9).
    await foldDuplicateBooking(ctx, {
      existing,
      aliasId: bookingId,
      klass,
      how: paidByText(args.paidBy),
      amount: null,
    });
    if (args.paidBy.method === 'pack') {
      // Moves nothing, but re-sends the pack: the desk took a credit from its copy for the
      // booking it made, and only the server's count brings it back (R9.3).
      await movePackCredits(ctx, args.paidBy.packId, 0);
    }
    if (args.checkIn) await checkIn(ctx, existing, args.waiverOverrideReason, auditId);
    return { bookingId: existing.id, status: existing.status, merged: true };
  }
  let waitlistPosition: number | null = null;
  if (args.waitlist) {
    const taken = await confirmedCount(ctx, klass.id);
    deskOnly(ctx, taken >= klass.capacity, `${klass.title} has a free place: book it instead`);
    waitlistPosition = await nextWaitlistPosition(ctx, klass.id);
  } else {
    await requirePlace(ctx, klass, args.memberId);
  }
  // A waitlisted booking only records how it will pay: nothing is taken until it is
  // promoted (R15.4), so cancelling it gives nothing back.
  const payment = args.waitlist
    ? await chooseWaitlistPayment(ctx, args.paidBy, args.memberId)
    : await takePayment(ctx, args.paidBy, klass, args.memberId);
  const status = args.waitlist ? 'waitlisted' : 'confirmed';
  if (args.checkIn) {
    await requireCheckInWindow(ctx, klass);
    await passWaiverGate(ctx, {
      memberId: args.memberId,
      bookingId,
      overrideReason: args.waiverOverrideReason,
      auditId,
    });
  }
  await insertBooking(ctx, {
    id: bookingId,
    klass,
    member_id: args.memberId,
    status,
    ...payment,
    waitlistPosition,
    checkedIn: args.checkIn,
  });
  return { bookingId, status, waitlistPosition, merged: false };
}

export const bookClass = defineMutation({
  name: 'booking.book',
  description:
    'Books a member into a class (or its waitlist), paid by subscription, pack credit or free; walk-ins check in at once.',
  args: bookArgsSchema,
  roles: DESK_ROLES,
  async run(ctx, args) {
    const bookingId = ctx.newId();
    const auditId = ctx.newId();
    return bookMember(ctx, args, { bookingId, auditId });
  },
});

export const checkInBooking = defineMutation({
  name: 'booking.checkIn',
  description: 'Marks a booked member present; a missing required waiver blocks unless overridden.',
  args: z.strictObject({ bookingId: z.uuid(), waiverOverrideReason }),
  roles: ATTENDANCE_ROLES,
  async run(ctx, args) {
    const auditId = ctx.newId();
    const booking = await findBooking(ctx, args.bookingId);
    if (booking.checked_in_at === null) {
      await requireCheckInWindow(ctx, await findClass(ctx, booking.class_id));
    }
    await checkIn(ctx, booking, args.waiverOverrideReason, auditId);
    return { bookingId: booking.id };
  },
});

export const cancelBooking = defineMutation({
  name: 'booking.cancel',
  description:
    'Cancels a booking: in time, a pack credit comes back; inside the late-cancel window it is forfeited and the studio’s late-cancel fee is owed.',
  args: z.strictObject({ bookingId: z.uuid() }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const booking = await findBooking(ctx, args.bookingId);
    deskOnly(ctx, booking.checked_in_at === null, 'the member has checked in already');
    deskOnly(
      ctx,
      booking.status === 'confirmed' || booking.status === 'waitlisted',
      `the booking is ${booking.status} already`,
    );
    const settings = await readTenantSettings(ctx.db, ctx.tenantId);
    const untilStartMs = Date.parse(booking.start_time) - Date.parse(ctx.at);
    const late =
      booking.status === 'confirmed' && untilStartMs < settings.lateCancelHours * 3_600_000;
    const status = late ? 'late_cancelled' : 'cancelled';
    // Only the transition out of an active status gives a credit back, so a booking
    // cancelled at two desks returns its credit once.
    const changed = await ctx.db
      .updateTable('bookings')
      .set({ status, cancelled_at: ctx.at, waitlist_position: null })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', booking.id)
      .where('status', 'in', ACTIVE_BOOKING)
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) {
      // Cancelled at another desk first: its fee, if it owed one, is the one fee (R15.2).
      return {
        bookingId: booking.id,
        status: booking.status,
        creditReturned: false,
        promotedBookingId: null,
        fee: await feeOfBooking(ctx, booking.id, 'late_cancel'),
      };
    }
    // A waitlisted booking holds a credit only if it joined before R15 (nothing is taken
    // at join now), and only an in-time cancel gives a credit back.
    const creditReturned = !late && booking.used_pack_id !== null;
    if (booking.used_pack_id !== null && creditReturned) {
      await movePackCredits(ctx, booking.used_pack_id, 1);
    }
    const fee = late
      ? await chargeBookingFee(ctx, booking, 'late_cancel', settings.lateCancelFee)
      : null;
    let promotedBookingId: string | null = null;
    if (booking.status === 'confirmed' && settings.waitlistAutoPromote) {
      promotedBookingId = await promoteFromWaitlist(ctx, await findClass(ctx, booking.class_id));
    }
    return { bookingId: booking.id, status, creditReturned, promotedBookingId, fee };
  },
});

export const markNoShow = defineMutation({
  name: 'booking.noShow',
  description:
    'Marks a confirmed booking whose member did not come; a pack credit stays used and the studio’s no-show fee is owed.',
  args: z.strictObject({ bookingId: z.uuid() }),
  roles: ATTENDANCE_ROLES,
  async run(ctx, args) {
    const booking = await findBooking(ctx, args.bookingId);
    deskOnly(
      ctx,
      booking.status === 'confirmed' && booking.checked_in_at === null,
      'only a confirmed booking without check-in can be a no-show',
    );
    deskOnly(ctx, ctx.at >= booking.start_time, 'the class has not started yet');
    const changed = await ctx.db
      .updateTable('bookings')
      .set({ status: 'no_show' })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', booking.id)
      .where('status', '=', 'confirmed')
      .where('checked_in_at', 'is', null)
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) {
      return { bookingId: booking.id, fee: await feeOfBooking(ctx, booking.id, 'no_show') };
    }
    const settings = await readTenantSettings(ctx.db, ctx.tenantId);
    const fee = await chargeBookingFee(ctx, booking, 'no_show', settings.noShowFee);
    return { bookingId: booking.id, fee };
  },
});
