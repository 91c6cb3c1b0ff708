import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';
import { found } from './desk-rules';

type ClassRow = Database['classes'];
type BookingRow = Database['bookings'];

export const ACTIVE_BOOKING = ['confirmed', 'waitlisted'] as const;

export async function findClass(ctx: MutationContext, classId: string): Promise<ClassRow> {
  return found(
    await ctx.db
      .selectFrom('classes')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', classId)
      .executeTakeFirst(),
    `class ${classId}`,
  );
}

export async function findBooking(ctx: MutationContext, bookingId: string): Promise<BookingRow> {
  return found(
    await ctx.db
      .selectFrom('bookings')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', bookingId)
      .executeTakeFirst(),
    `booking ${bookingId}`,
  );
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
  > & {
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
      start_time: booking.klass.start_time,
      waitlist_position: booking.waitlistPosition,
      checked_in_at: booking.checkedIn ? ctx.at : null,
      cancelled_at: null,
      created_at: ctx.at,
    })
    .execute();
}
