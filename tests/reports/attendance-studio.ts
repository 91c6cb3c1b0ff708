import { randomUUID } from 'node:crypto';
import { insertPerson, type Studio } from '../front-desk/front-desk-harness';

/**
 * Hand-built attendance in the seeded studio (America/Chicago). Chicago leaves daylight
 * time on Sunday 2026-11-01 at 02:00 CDT (07:00Z): that studio day runs 05:00Z to 06:00Z
 * the next day, 25 hours, and its 01:00–02:00 happens twice.
 */
export const DST_DAY = '2026-11-01';

/** Inserts a class; its bookings are added with {@link checkIn}. */
export async function addClass(
  studio: Studio,
  title: string,
  startTime: string,
  instructorId: string | null,
  locationId = studio.locationId,
): Promise<string> {
  const id = randomUUID();
  await studio.db
    .insertInto('classes')
    .values({
      id,
      tenant_id: studio.tenantId,
      series_id: null,
      location_id: locationId,
      instructor_id: instructorId,
      title,
      start_time: startTime,
      duration_minutes: 60,
      capacity: 20,
      drop_in_price: 2000,
      status: 'scheduled',
      created_at: '2026-09-01T00:00:00.000Z',
    })
    .execute();
  return id;
}

/** A booking of the member for the class, checked in at `at` (or booked only, when null). */
export async function checkIn(
  studio: Studio,
  booking: {
    readonly classId: string;
    readonly memberId: string;
    readonly at: string | null;
    readonly status?: 'confirmed' | 'cancelled';
    readonly usedPackId?: string;
    readonly subscriptionId?: string;
  },
): Promise<void> {
  const klass = await studio.db
    .selectFrom('classes')
    .select('start_time')
    .where('id', '=', booking.classId)
    .executeTakeFirstOrThrow();
  await studio.db
    .insertInto('bookings')
    .values({
      id: randomUUID(),
      tenant_id: studio.tenantId,
      class_id: booking.classId,
      member_id: booking.memberId,
      status: booking.status ?? 'confirmed',
      payment_method: booking.usedPackId
        ? 'pack'
        : booking.subscriptionId
          ? 'subscription'
          : 'drop_in',
      used_pack_id: booking.usedPackId ?? null,
      subscription_id: booking.subscriptionId ?? null,
      start_time: klass.start_time,
      waitlist_position: null,
      checked_in_at: booking.at,
      cancelled_at: null,
      created_at: klass.start_time,
    })
    .execute();
}

/** A student who joined the studio at `at`. */
export async function addStudent(studio: Studio, firstName: string, at: string): Promise<string> {
  const { memberId } = await insertPerson(studio.db, {
    tenantId: studio.tenantId,
    firstName,
    role: 'student',
    at,
    newId: randomUUID,
  });
  return memberId;
}
