import type { Kysely } from 'kysely';
import { displayName } from '../../queries/front-desk/member-names';
import type { Database } from '../../schema/catalog';
import {
  isWithinOpenTime,
  type AvailabilityException,
  type BusyTime,
  type WeeklyHours,
} from '../../time/free-slots';
import { addDays } from '../../time/zoned-wall-clock';
import { findLocation } from '../console/location-mutations';
import { deskOnly } from '../front-desk/desk-rules';
import type { MutationContext } from '../mutation-definition';
import { findMember } from '../staff-rules';
import { tenantRow } from '../tenant-row';

const MINUTE_MS = 60_000;
/** The longest appointment or class (their schemas' limit): how far back an overlap starts. */
export const LONGEST_MINUTES = 720;

export type AppointmentRow = Database['appointments'];

/** Appointments that still hold their staff member's time. */
export const ACTIVE_APPOINTMENT = ['scheduled', 'confirmed'] as const;
/** Appointments that took (or take) the time: all but cancelled ones. */
const HOLDING_TIME = ['scheduled', 'confirmed', 'completed', 'no_show'] as const;

export const endOf = (startTime: string, durationMinutes: number): string =>
  new Date(Date.parse(startTime) + durationMinutes * MINUTE_MS).toISOString();

export async function findService(ctx: MutationContext, serviceId: string) {
  return tenantRow(ctx.db, ctx.tenantId, 'appointment_services', serviceId, 'appointment service');
}

export async function findAppointment(
  ctx: MutationContext,
  appointmentId: string,
): Promise<AppointmentRow> {
  return tenantRow(ctx.db, ctx.tenantId, 'appointments', appointmentId, 'appointment');
}

/**
 * A member who may take appointments or give them: they must exist on both sides. The desk
 * also refuses one who is not active (and, for staff, who holds no staff role); the server
 * keeps the desk's judgement, since a member deactivated meanwhile does not undo the booking.
 */
export async function requireMember(
  ctx: MutationContext,
  memberId: string,
  as: 'staff' | 'member',
): Promise<string> {
  const person = await findMember(ctx, memberId);
  const name = displayName(person.member.profile) || `member ${memberId}`;
  deskOnly(ctx, person.member.status === 'active', `${name} is not active`, 'invalid');
  if (as === 'staff') {
    deskOnly(ctx, person.staffRoles.length > 0, `${name} is not on the staff`, 'invalid');
  }
  return name;
}

/** A staff member's weekly hours at a location, as the slot finder reads them. */
export async function weeklyHoursOf(
  db: Kysely<Database>,
  tenantId: string,
  staffId: string,
  locationId: string,
): Promise<WeeklyHours[]> {
  const rows = await db
    .selectFrom('staff_availability')
    .select(['weekday', 'start_minute', 'end_minute'])
    .where('tenant_id', '=', tenantId)
    .where('staff_id', '=', staffId)
    .where('location_id', '=', locationId)
    .orderBy('weekday')
    .orderBy('start_minute')
    .execute();
  return rows.map((r) => ({
    weekday: r.weekday,
    startMinute: r.start_minute,
    endMinute: r.end_minute,
  }));
}

/** The staff member's exceptions at a location on days from `from` to `to` (inclusive). */
export async function exceptionsOf(
  db: Kysely<Database>,
  tenantId: string,
  staffId: string,
  locationId: string,
  days: { readonly from: string; readonly to: string },
): Promise<AvailabilityException[]> {
  const rows = await db
    .selectFrom('staff_availability_exceptions')
    .select(['date', 'kind', 'start_minute', 'end_minute'])
    .where('tenant_id', '=', tenantId)
    .where('staff_id', '=', staffId)
    .where('location_id', '=', locationId)
    .where('date', '>=', days.from)
    .where('date', '<=', days.to)
    .orderBy('date')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    date: r.date,
    kind: r.kind,
    startMinute: r.start_minute,
    endMinute: r.end_minute,
  }));
}

/** What a staff member is taken by in [from, to): their appointments and the classes they teach. */
export interface StaffCommitments {
  readonly appointments: readonly AppointmentRow[];
  readonly classes: readonly {
    readonly id: string;
    readonly title: string;
    readonly start_time: string;
    readonly duration_minutes: number;
  }[];
}

/** Everything of the staff member's, anywhere, that overlaps [from, to). */
export async function commitmentsOf(
  db: Kysely<Database>,
  tenantId: string,
  staffId: string,
  window: { readonly from: string; readonly to: string },
): Promise<StaffCommitments> {
  // Rows start at most LONGEST_MINUTES before the window to reach into it: an index range.
  const earliest = new Date(Date.parse(window.from) - LONGEST_MINUTES * MINUTE_MS).toISOString();
  const overlaps = (row: { start_time: string; duration_minutes: number }) =>
    row.start_time < window.to && endOf(row.start_time, row.duration_minutes) > window.from;
  const appointments = await db
    .selectFrom('appointments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('instructor_id', '=', staffId)
    .where('start_time', '>=', earliest)
    .where('start_time', '<', window.to)
    .where('status', 'in', HOLDING_TIME)
    .orderBy('start_time')
    .orderBy('id')
    .execute();
  const classes = await db
    .selectFrom('classes')
    .select(['id', 'title', 'start_time', 'duration_minutes'])
    .where('tenant_id', '=', tenantId)
    .where('start_time', '>=', earliest)
    .where('start_time', '<', window.to)
    .where('instructor_id', '=', staffId)
    .where('status', '!=', 'cancelled')
    .orderBy('start_time')
    .orderBy('id')
    .execute();
  return { appointments: appointments.filter(overlaps), classes: classes.filter(overlaps) };
}

/** The commitments as the slot finder's busy times. */
export function busyTimesOf(commitments: StaffCommitments): BusyTime[] {
  return [...commitments.appointments, ...commitments.classes].map((row) => ({
    start: row.start_time,
    end: endOf(row.start_time, row.duration_minutes),
  }));
}

/** A slot as a booking or a reschedule asks for it. */
export interface SlotChoice {
  readonly appointmentId: string;
  readonly serviceId: string;
  readonly serviceTitle: string;
  readonly staffId: string;
  readonly staffName: string;
  readonly memberId: string;
  readonly locationId: string;
  readonly startTime: string;
  readonly durationMinutes: number;
}

/**
 * Checks a slot for an appointment. The desk refuses, on its own copy, a staff member who
 * does not give the service, a time outside their hours at the location (weekly hours, extra
 * hours and time off, in the location's zone), a class they teach meanwhile, and another of
 * their appointments at the same time. The server keeps the desk's judgement of the first
 * three (hours and classes changed meanwhile do not undo a booking), but two desks that
 * booked one staff member into overlapping appointments offline is a conflict the owner must
 * settle: both appointments stand and an `appointment_double_booked` review item names them
 * (PROTOCOL.md R12).
 */
export async function checkSlot(ctx: MutationContext, slot: SlotChoice): Promise<void> {
  const gives = await ctx.db
    .selectFrom('appointment_service_staff')
    .select('staff_id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('service_id', '=', slot.serviceId)
    .where('staff_id', '=', slot.staffId)
    .executeTakeFirst();
  deskOnly(ctx, gives !== undefined, `${slot.staffName} does not give ${slot.serviceTitle}`);
  const location = await findLocation(ctx.db, ctx.tenantId, slot.locationId);
  const end = endOf(slot.startTime, slot.durationMinutes);
  const day = slot.startTime.slice(0, 10);
  const open = isWithinOpenTime({
    timeZone: location.time_zone,
    startTime: slot.startTime,
    durationMinutes: slot.durationMinutes,
    weeklyHours: await weeklyHoursOf(ctx.db, ctx.tenantId, slot.staffId, slot.locationId),
    // The location's day may be the UTC day before or after: read the days around it.
    exceptions: await exceptionsOf(ctx.db, ctx.tenantId, slot.staffId, slot.locationId, {
      from: addDays(day, -1),
      to: addDays(day, 1),
    }),
  });
  deskOnly(
    ctx,
    open,
    `${slot.staffName} is not available at ${location.name} from ${slot.startTime} to ${end}`,
  );
  const taken = await commitmentsOf(ctx.db, ctx.tenantId, slot.staffId, {
    from: slot.startTime,
    to: end,
  });
  const klass = taken.classes[0];
  deskOnly(
    ctx,
    klass === undefined,
    `${slot.staffName} teaches ${klass?.title ?? 'a class'} at ${klass?.start_time ?? slot.startTime}`,
  );
  const other = taken.appointments.find((a) => a.id !== slot.appointmentId);
  if (other === undefined) return;
  deskOnly(
    ctx,
    false,
    `${slot.staffName} already has an appointment from ${other.start_time} to ${endOf(other.start_time, other.duration_minutes)}: choose another time`,
  );
  await ctx.require(false, {
    kind: 'appointment_double_booked',
    message:
      `${slot.staffName} is booked twice: appointment ${slot.appointmentId} ` +
      `(${slot.serviceTitle}, ${slot.startTime} to ${end}) overlaps appointment ${other.id} ` +
      `(${other.start_time} to ${endOf(other.start_time, other.duration_minutes)}); both are kept, move one`,
    memberId: slot.memberId,
    subjectId: other.id,
    amount: null,
    parties: () => Promise.resolve([{ deviceId: other.device_id, actorId: other.staff_id }]),
  });
}
