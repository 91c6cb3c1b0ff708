import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { found } from '../../mutations/front-desk/desk-rules';
import { paymentChoices } from '../../mutations/front-desk/payment-choices';
import { missingWaivers } from '../../mutations/front-desk/waiver-gate';
import { defineQuery } from '../query-definition';
import { atSchema } from './member-glance-queries';
import { displayName } from './member-names';

/**
 * How the member can pay for the class, in the studio's order of preference: an active
 * subscription, then a pack credit (the one expiring first), then a drop-in sale, then
 * free (paymentChoices). `booking.checkInMember` takes the first of the member's own at the
 * desk; staff may choose another, and a drop-in is sold with `pos.sale`.
 */
export const bookingOptions = defineQuery({
  name: 'booking.options',
  description:
    'The ways a member can pay for a class, preferred first, with what would block check-in.',
  args: z.strictObject({ memberId: z.uuid(), classId: z.uuid(), at: atSchema }),
  async run({ db, tenantId }, { memberId, classId, at }) {
    const klass = found(
      await db
        .selectFrom('classes')
        .select(['id', 'title', 'start_time', 'capacity', 'drop_in_price', 'status'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', classId)
        .executeTakeFirst(),
      `class ${classId}`,
    );
    const bookings = await db
      .selectFrom('bookings')
      .select(['id', 'member_id', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('class_id', '=', classId)
      .where('status', 'in', ['confirmed', 'waitlisted'])
      .execute();
    const confirmed = bookings.filter((b) => b.status === 'confirmed').length;
    const options = [
      ...(await paymentChoices(db, tenantId, memberId, at)),
      { method: 'drop_in' as const, price: klass.drop_in_price },
      { method: 'free' as const },
    ];
    return {
      classId: klass.id,
      classStatus: klass.status,
      full: confirmed >= klass.capacity,
      placesLeft: Math.max(klass.capacity - confirmed, 0),
      existingBookingId: bookings.find((b) => b.member_id === memberId)?.id ?? null,
      missingWaivers: await missingWaivers(db, tenantId, memberId),
      options,
    };
  },
});

/** The roster's order: who is coming, the waitlist, then who is not coming. */
const ROSTER_RANK = {
  confirmed: 0,
  waitlisted: 1,
  no_show: 2,
  late_cancelled: 3,
  cancelled: 4,
} as const satisfies Record<Database['bookings']['status'], number>;

export const classRoster = defineQuery({
  name: 'class.roster',
  description:
    'Who is booked into a class, waitlisted, checked in or gone, for the desk and the instructor.',
  args: z.strictObject({ classId: z.uuid() }),
  async run({ db, tenantId }, { classId }) {
    const klass = found(
      await db
        .selectFrom('classes')
        .select(['id', 'title', 'start_time', 'capacity', 'status'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', classId)
        .executeTakeFirst(),
      `class ${classId}`,
    );
    const rows = await db
      .selectFrom('bookings as b')
      .innerJoin('tenant_members as m', (j) =>
        j.onRef('m.tenant_id', '=', 'b.tenant_id').onRef('m.id', '=', 'b.member_id'),
      )
      .select([
        'b.id',
        'b.member_id',
        'm.profile',
        'b.status',
        'b.payment_method',
        'b.free_reason',
        'b.waitlist_position',
        'b.checked_in_at',
      ])
      .where('b.tenant_id', '=', tenantId)
      .where('b.class_id', '=', classId)
      .orderBy('b.waitlist_position')
      .orderBy('b.created_at')
      .orderBy('b.id')
      .execute();
    // Who is coming first, then the waitlist, then who is not coming: staff check people in
    // from the top and never wade through cancellations to find them.
    rows.sort((a, b) => ROSTER_RANK[a.status] - ROSTER_RANK[b.status]);
    const entries = rows.map((r) => ({
      bookingId: r.id,
      memberId: r.member_id,
      name: displayName(r.profile),
      status: r.status,
      paidBy: r.payment_method,
      // Why staff gave the place free (issue 18); null otherwise, and from older desks.
      freeReason: r.free_reason,
      waitlistPosition: r.waitlist_position,
      checkedInAt: r.checked_in_at,
    }));
    return {
      classId: klass.id,
      title: klass.title,
      startTime: klass.start_time,
      capacity: klass.capacity,
      status: klass.status,
      confirmed: entries.filter((e) => e.status === 'confirmed').length,
      checkedIn: entries.filter((e) => e.checkedInAt !== null).length,
      entries,
    };
  },
});
