import { z } from 'zod';
import { DESK_ROLES } from '../front-desk/front-desk-roles';
import { reasonSchema } from '../front-desk/front-desk-schemas';
import { deskOnly } from '../front-desk/desk-rules';
import { defineMutation, type MutationContext } from '../mutation-definition';
import {
  ACTIVE_APPOINTMENT,
  checkSlot,
  endOf,
  findAppointment,
  findService,
  requireMember,
  type AppointmentRow,
} from './appointment-rules';

const startTimeSchema = z.iso
  .datetime({ offset: true })
  .transform((t) => new Date(t).toISOString());
const notesSchema = z.string().trim().min(1).max(2000).nullable();

const isActive = (row: AppointmentRow) =>
  (ACTIVE_APPOINTMENT as readonly string[]).includes(row.status);

/**
 * A status change of an appointment that no longer takes it (done, missed or cancelled at
 * another desk first). The desk refuses; the server keeps what happened first and applies
 * nothing, so the call answers `applied: false`.
 */
function settledAlready(ctx: MutationContext, row: AppointmentRow, change: string): boolean {
  if (isActive(row)) return false;
  deskOnly(
    ctx,
    false,
    `appointment ${row.id} is ${row.status.replace('_', '-')}: it cannot be ${change}`,
  );
  return true;
}

export const bookAppointment = defineMutation({
  name: 'appointment.book',
  description:
    'Books a member an appointment of a service with a staff member at a location, in a free slot of that staff member’s hours.',
  args: z.strictObject({
    memberId: z.uuid(),
    serviceId: z.uuid(),
    staffId: z.uuid(),
    locationId: z.uuid(),
    startTime: startTimeSchema,
    notes: notesSchema.default(null),
  }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const appointmentId = ctx.newId();
    const service = await findService(ctx, args.serviceId);
    deskOnly(ctx, service.active === 1, `${service.title} is no longer offered`);
    await requireMember(ctx, args.memberId, 'member');
    const staffName = await requireMember(ctx, args.staffId, 'staff');
    await checkSlot(ctx, {
      appointmentId,
      serviceId: service.id,
      serviceTitle: service.title,
      staffId: args.staffId,
      staffName,
      memberId: args.memberId,
      locationId: args.locationId,
      startTime: args.startTime,
      durationMinutes: service.duration_minutes,
    });
    await ctx.db
      .insertInto('appointments')
      .values({
        id: appointmentId,
        tenant_id: ctx.tenantId,
        service_id: service.id,
        instructor_id: args.staffId,
        member_id: args.memberId,
        location_id: args.locationId,
        start_time: args.startTime,
        duration_minutes: service.duration_minutes,
        status: 'scheduled',
        notes: args.notes,
        price: service.price,
        cancellation_reason: null,
        cancelled_at: null,
        paid_order_id: null,
        staff_id: ctx.actor.memberId,
        device_id: ctx.deviceId,
        created_at: ctx.at,
      })
      .execute();
    return {
      appointmentId,
      startTime: args.startTime,
      endTime: endOf(args.startTime, service.duration_minutes),
      price: service.price,
    };
  },
  audit: (_args, result) => ({ targetId: result.appointmentId }),
});

/**
 * Moves an appointment to another start, and optionally to another staff member or location;
 * its length and price stay. The new slot is checked like a booking's. Offline, the last
 * move to reach the server stands; a move of an appointment cancelled (or done) meanwhile is
 * not applied.
 */
export const rescheduleAppointment = defineMutation({
  name: 'appointment.reschedule',
  description:
    'Moves an appointment to a new start (and optionally another staff member or location), into a free slot.',
  args: z.strictObject({
    appointmentId: z.uuid(),
    startTime: startTimeSchema,
    staffId: z.uuid().optional(),
    locationId: z.uuid().optional(),
  }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const row = await findAppointment(ctx, args.appointmentId);
    if (settledAlready(ctx, row, 'moved')) return { appointmentId: row.id, applied: false };
    const service = await findService(ctx, row.service_id);
    const staffId = args.staffId ?? row.instructor_id;
    const locationId = args.locationId ?? row.location_id;
    deskOnly(ctx, locationId !== null, 'name the location the appointment is at', 'invalid');
    const staffName = await requireMember(ctx, staffId, 'staff');
    await checkSlot(ctx, {
      appointmentId: row.id,
      serviceId: service.id,
      serviceTitle: service.title,
      staffId,
      staffName,
      memberId: row.member_id,
      locationId: locationId ?? '',
      startTime: args.startTime,
      durationMinutes: row.duration_minutes,
    });
    await ctx.db
      .updateTable('appointments')
      .set({ start_time: args.startTime, instructor_id: staffId, location_id: locationId })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', row.id)
      .execute();
    return {
      appointmentId: row.id,
      applied: true,
      startTime: args.startTime,
      endTime: endOf(args.startTime, row.duration_minutes),
    };
  },
  audit: (_args, result) => ({ targetId: result.appointmentId }),
});

export const cancelAppointment = defineMutation({
  name: 'appointment.cancel',
  description:
    'Cancels an appointment with the reason; its time is free again. A paid one is refunded at the POS.',
  args: z.strictObject({ appointmentId: z.uuid(), reason: reasonSchema }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const row = await findAppointment(ctx, args.appointmentId);
    if (settledAlready(ctx, row, 'cancelled')) return { appointmentId: row.id, applied: false };
    await ctx.db
      .updateTable('appointments')
      .set({ status: 'cancelled', cancellation_reason: args.reason, cancelled_at: ctx.at })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', row.id)
      .execute();
    return { appointmentId: row.id, applied: true };
  },
  audit: (_args, result) => ({ targetId: result.appointmentId }),
});

const settleArgs = z.strictObject({ appointmentId: z.uuid() });

/** Marks how an appointment went: the member came (completed) or did not (no-show). */
async function settle(
  ctx: MutationContext,
  appointmentId: string,
  status: 'completed' | 'no_show',
): Promise<{ appointmentId: string; applied: boolean }> {
  const row = await findAppointment(ctx, appointmentId);
  const change = status === 'completed' ? 'completed' : 'marked a no-show';
  if (settledAlready(ctx, row, change)) return { appointmentId: row.id, applied: false };
  await ctx.db
    .updateTable('appointments')
    .set({ status })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', row.id)
    .execute();
  return { appointmentId: row.id, applied: true };
}

export const completeAppointment = defineMutation({
  name: 'appointment.complete',
  description: 'Marks an appointment as given.',
  args: settleArgs,
  roles: DESK_ROLES,
  run: (ctx, args) => settle(ctx, args.appointmentId, 'completed'),
  audit: (_args, result) => ({ targetId: result.appointmentId }),
});

export const markAppointmentNoShow = defineMutation({
  name: 'appointment.noShow',
  description: 'Marks an appointment the member did not come to.',
  args: settleArgs,
  roles: DESK_ROLES,
  run: (ctx, args) => settle(ctx, args.appointmentId, 'no_show'),
  audit: (_args, result) => ({ targetId: result.appointmentId }),
});

export const appointmentBookingMutations = [
  bookAppointment,
  rescheduleAppointment,
  cancelAppointment,
  completeAppointment,
  markAppointmentNoShow,
] as const;
