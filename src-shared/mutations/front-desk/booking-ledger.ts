import type { Database } from '../../schema/catalog';
import { recordAlias, survivorOf } from '../id-aliases';
import type { MutationContext } from '../mutation-definition';
import { placeTakers } from './breach-parties';
import { deskOnly, found } from './desk-rules';
import { tenantRow } from '../tenant-row';

type ClassRow = Database['classes'];
type BookingRow = Database['bookings'];

export const ACTIVE_BOOKING = ['confirmed', 'waitlisted'] as const;

export async function findClass(ctx: MutationContext, classId: string): Promise<ClassRow> {
  return tenantRow(ctx.db, ctx.tenantId, 'classes', classId, 'class');
}

function selectBooking(ctx: MutationContext, bookingId: string) {
  return ctx.db
    .selectFrom('bookings')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', bookingId)
    .executeTakeFirst();
}

/**
 * The booking, or the one it was merged into (R9.2): a desk whose booking the server folded
 * into another desk's still names its own id in its later check-in, cancel or no-show.
 */
export async function findBooking(ctx: MutationContext, bookingId: string): Promise<BookingRow> {
  let booking = await selectBooking(ctx, bookingId);
  if (booking === undefined) {
    const survivor = await survivorOf(ctx, 'bookings', bookingId);
    if (survivor !== undefined) booking = await selectBooking(ctx, survivor);
  }
  return found(booking, `booking ${bookingId}`);
}

/**
 * A second active booking of one member in one class, made at another desk before either
 * saw the other's (R9.1). The desk refuses it on its copy. The server keeps the booking it
 * holds, records the desk's id as an alias of it, and raises duplicate_booking naming both
 * bookings' desks and staff; `amount` is what the member paid twice, if anything.
 */
export async function foldDuplicateBooking(
  ctx: MutationContext,
  fold: {
    readonly existing: BookingRow;
    readonly aliasId: string;
    readonly klass: ClassRow;
    readonly how: string;
    readonly amount: number | null;
  },
): Promise<void> {
  const { existing, klass } = fold;
  deskOnly(ctx, false, `the member is already ${existing.status} for ${klass.title}`);
  await ctx.require(false, {
    kind: 'duplicate_booking',
    message: `booked twice into ${klass.title} at ${klass.start_time}: a desk's booking (${fold.how}) was merged into booking ${existing.id}, ${existing.status}`,
    memberId: existing.member_id,
    amount: fold.amount,
    subjectId: existing.id,
    parties: () => Promise.resolve([{ deviceId: existing.device_id, actorId: existing.staff_id }]),
  });
  await recordAlias(ctx, { table: 'bookings', aliasId: fold.aliasId, survivingId: existing.id });
}

/** The member's confirmed or waitlisted booking of the class, if any. */
export function activeBookingOf(
  ctx: MutationContext,
  classId: string,
  memberId: string,
): Promise<BookingRow | undefined> {
  return ctx.db
    .selectFrom('bookings')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('class_id', '=', classId)
    .where('member_id', '=', memberId)
    .where('status', 'in', ACTIVE_BOOKING)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
}

export async function confirmedCount(ctx: MutationContext, classId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', ctx.tenantId)
    .where('class_id', '=', classId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * A place in class. Two offline desks may both sell the last one: the desk refuses on its
 * copy (and offers the waitlist), the server records the booking and raises
 * class_over_capacity.
 */
export async function requirePlace(
  ctx: MutationContext,
  klass: ClassRow,
  memberId: string,
): Promise<void> {
  const taken = await confirmedCount(ctx, klass.id);
  await ctx.require(taken < klass.capacity, {
    kind: 'class_over_capacity',
    message: `${klass.title} at ${klass.start_time} holds ${klass.capacity}; ${taken} were already in`,
    memberId,
    amount: null,
    subjectId: klass.id,
    parties: placeTakers(ctx, klass, taken),
  });
}

export async function nextWaitlistPosition(ctx: MutationContext, classId: string): Promise<number> {
  // Read, not relative: the position only orders the waitlist, and the server's order,
  // computed on its own data, is the one that syncs back.
  const row = await ctx.db
    .selectFrom('bookings')
    .select((eb) => eb.fn.max('waitlist_position').as('last'))
    .where('tenant_id', '=', ctx.tenantId)
    .where('class_id', '=', classId)
    .where('status', '=', 'waitlisted')
    .executeTakeFirstOrThrow();
  return (row.last ?? 0) + 1;
}

export async function insertBooking(
  ctx: MutationContext,
  booking: Pick<
    BookingRow,
    'id' | 'member_id' | 'status' | 'payment_method' | 'used_pack_id' | 'subscription_id'
  > &
    Partial<Pick<BookingRow, 'waitlist_pack_id' | 'free_reason'>> & {
      readonly klass: ClassRow;
      readonly waitlistPosition: number | null;
      readonly checkedIn: boolean;
    },
): Promise<void> {
  await ctx.db
    .insertInto('bookings')
    .values({
      id: booking.id,
      tenant_id: ctx.tenantId,
      class_id: booking.klass.id,
      member_id: booking.member_id,
      status: booking.status,
      payment_method: booking.payment_method,
      used_pack_id: booking.used_pack_id,
      subscription_id: booking.subscription_id,
      // The pack a waitlisted booking will pay with once promoted (R15.4).
      waitlist_pack_id: booking.waitlist_pack_id ?? null,
      // Why staff gave the place free (issue 18); NULL for any other payment.
      free_reason: booking.free_reason ?? null,
      start_time: booking.klass.start_time,
      waitlist_position: booking.waitlistPosition,
      checked_in_at: booking.checkedIn ? ctx.at : null,
      cancelled_at: null,
      created_at: ctx.at,
      staff_id: ctx.actor.memberId,
      device_id: ctx.deviceId,
    })
    .execute();
}
