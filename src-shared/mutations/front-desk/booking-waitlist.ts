import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { defineMutation, type MutationContext } from '../mutation-definition';
import { confirmedCount, findBooking, findClass, requirePlace } from './booking-ledger';
import {
  paidBySchema,
  recordedPaymentIfTakeable,
  takePayment,
  takePromotedCredit,
  type BookingPayment,
} from './booking-payment';
import { deskOnly } from './desk-rules';
import { DESK_ROLES } from './front-desk-roles';
import { movePackCredits } from './pack-ledger';

type BookingRow = Database['bookings'];
type ClassRow = Database['classes'];

/**
 * Moves a waitlisted booking into the class with its payment; false when it is no longer
 * waitlisted (promoted or cancelled first), so a payment is never taken twice.
 */
async function confirmWaitlisted(
  ctx: MutationContext,
  bookingId: string,
  payment: BookingPayment,
): Promise<boolean> {
  const moved = await ctx.db
    .updateTable('bookings')
    .set({ status: 'confirmed', waitlist_position: null, ...payment })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', bookingId)
    .where('status', '=', 'waitlisted')
    .executeTakeFirst();
  return moved.numUpdatedRows > 0n;
}

/**
 * A booking waitlisted before R15 took its pack credit when it joined: a promotion paid
 * now (which takes its own credit, if any) gives that one back.
 */
async function returnCreditHeldWhileWaiting(
  ctx: MutationContext,
  booking: Pick<BookingRow, 'used_pack_id'>,
): Promise<void> {
  if (booking.used_pack_id !== null) await movePackCredits(ctx, booking.used_pack_id, 1);
}

/**
 * Gives a freed place to the first waitlisted member whose recorded payment can still be
 * taken (R15.4): the pack credit or membership visit is taken now. Members whose payment
 * cannot be taken are passed over and stay waitlisted, in their place. Judged on the data of
 * the side running it, so the server's promotion is the one that stands.
 */
export async function promoteFromWaitlist(
  ctx: MutationContext,
  klass: ClassRow,
): Promise<string | null> {
  if ((await confirmedCount(ctx, klass.id)) >= klass.capacity) return null;
  const waiting = await ctx.db
    .selectFrom('bookings')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('class_id', '=', klass.id)
    .where('status', '=', 'waitlisted')
    .orderBy('waitlist_position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const booking of waiting) {
    const payment = await recordedPaymentIfTakeable(ctx, booking, klass);
    if (payment === null) continue;
    if (!(await confirmWaitlisted(ctx, booking.id, payment))) continue;
    await takePromotedCredit(ctx, booking, payment);
    return booking.id;
  }
  return null;
}

/**
 * A waitlisted member who buys a drop-in for the class (pos.sale's drop_in line) takes a
 * place with it: the booking is confirmed as a drop-in, the place checked like a booking's.
 */
export async function promoteByDropIn(
  ctx: MutationContext,
  booking: BookingRow,
  klass: ClassRow,
): Promise<void> {
  await requirePlace(ctx, klass, booking.member_id);
  const payment: BookingPayment = {
    payment_method: 'drop_in',
    used_pack_id: null,
    subscription_id: null,
    waitlist_pack_id: null,
    free_reason: null,
  };
  if (await confirmWaitlisted(ctx, booking.id, payment)) {
    await returnCreditHeldWhileWaiting(ctx, booking);
  }
}

export const promoteBooking = defineMutation({
  name: 'booking.promote',
  description:
    'Moves a waitlisted member into a free place of the class, paid the way chosen now (membership, pack credit or free).',
  args: z.strictObject({ bookingId: z.uuid(), paidBy: paidBySchema }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const booking = await findBooking(ctx, args.bookingId);
    if (booking.status !== 'waitlisted') {
      // At the server: promoted (or cancelled) at another desk first, which stands.
      deskOnly(ctx, false, `the booking is ${booking.status}: only a waitlisted one is promoted`);
      return { bookingId: booking.id, status: booking.status, promoted: false };
    }
    const klass = await findClass(ctx, booking.class_id);
    deskOnly(ctx, klass.status === 'scheduled', `${klass.title} is ${klass.status}`);
    // Two desks promoting into the last place offline: both kept, class_over_capacity.
    await requirePlace(ctx, klass, booking.member_id);
    const payment = await takePayment(ctx, args.paidBy, klass, booking.member_id);
    if (await confirmWaitlisted(ctx, booking.id, payment)) {
      await returnCreditHeldWhileWaiting(ctx, booking);
    }
    return { bookingId: booking.id, status: 'confirmed' as const, promoted: true };
  },
});
