import { z } from 'zod';
import { ACTIVE_BOOKING } from '../front-desk/booking-ledger';
import type { MutationContext } from '../mutation-definition';

/**
 * The active bookings on a series' classes that the desk saw when staff edited or ended it,
 * filled in by the desk (R1.7) and never by staff. The server compares them with the
 * bookings on the classes the change moves or takes off (R11.5).
 */
export const bookingsSeenSchema = z.array(z.uuid()).max(5000).optional();

/** The active bookings on the series' classes that have not started, as this copy holds them. */
export async function activeSeriesBookings(
  ctx: MutationContext,
  seriesId: string,
): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('bookings')
    .innerJoin('classes', (j) =>
      j
        .onRef('classes.tenant_id', '=', 'bookings.tenant_id')
        .onRef('classes.id', '=', 'bookings.class_id'),
    )
    .select('bookings.id')
    .where('bookings.tenant_id', '=', ctx.tenantId)
    .where('classes.series_id', '=', seriesId)
    .where('classes.start_time', '>=', ctx.at)
    .where('bookings.status', 'in', ACTIVE_BOOKING)
    .orderBy('bookings.id')
    .limit(5000)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * OFFLINE RULE R11.5: a change to a series moves or takes off classes holding bookings that
 * were made at another desk after this desk last heard. The change stands (the last to reach
 * the server wins, as for every edit), the bookings are kept with the moved class or
 * cancelled with it, credits back, and the owner gets an edit_conflict review item naming
 * them, to tell those members. Call it before the classes change; `seen` undefined (a call
 * made at the server, such as a job) checks nothing.
 */
export async function requireBookingsSeen(
  ctx: MutationContext,
  change: {
    readonly seriesId: string;
    readonly label: string;
    readonly classIds: readonly string[];
    readonly seen: readonly string[] | undefined;
  },
): Promise<void> {
  if (change.seen === undefined || change.classIds.length === 0) return;
  const seen = new Set(change.seen);
  const rows = await ctx.db
    .selectFrom('bookings')
    .select(['id', 'member_id', 'start_time', 'device_id', 'staff_id'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('class_id', 'in', change.classIds)
    .where('status', 'in', ACTIVE_BOOKING)
    .orderBy('start_time')
    .orderBy('id')
    .execute();
  const unseen = rows.filter((row) => !seen.has(row.id));
  await ctx.require(unseen.length === 0, {
    kind: 'edit_conflict',
    message:
      `${change.label} changed classes holding ${unseen.length} booking(s) made at another desk ` +
      `meanwhile; tell these members: ` +
      unseen.map((b) => `member ${b.member_id} booked for ${b.start_time}`).join('; '),
    subjectId: change.seriesId,
    amount: null,
    // The desks that took the bookings, then this one (R9.4).
    parties: () =>
      Promise.resolve(unseen.map((b) => ({ deviceId: b.device_id, actorId: b.staff_id }))),
  });
}
