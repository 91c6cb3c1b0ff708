import { z } from 'zod';
import {
  busyTimesOf,
  commitmentsOf,
  exceptionsOf,
  weeklyHoursOf,
} from '../../mutations/appointments/appointment-rules';
import { findFreeSlots } from '../../time/free-slots';
import { zonedWallClock } from '../../time/zoned-wall-clock';
import { defineQuery } from '../query-definition';
import { memberNames } from '../front-desk/member-names';

/**
 * Free slots for a service on one of a location's days, per staff member who gives it (or
 * the one named), from their hours there less their appointments and classes anywhere. What
 * `appointment.book` accepts at the desk is exactly what this offers.
 */
export const appointmentFreeSlots = defineQuery({
  name: 'appointment.freeSlots',
  description:
    'Free slots for an appointment service on a day at a location, in the location’s time zone, per staff member who gives it.',
  args: z.strictObject({
    serviceId: z.uuid(),
    locationId: z.uuid(),
    date: z.iso.date(),
    staffId: z.uuid().optional(),
    /** Minutes between slot starts. */
    stepMinutes: z.number().int().min(5).max(240).default(15),
    /** No slot before this instant: the desk passes now to hide the past. */
    notBefore: z.iso
      .datetime({ offset: true })
      .transform((t) => new Date(t).toISOString())
      .optional(),
    /**
     * The appointment being rescheduled: its own time is free to it, so it can move a little
     * (15 minutes later), as `appointment.reschedule` allows.
     */
    reschedulingId: z.uuid().optional(),
  }),
  async run({ db, tenantId }, args) {
    const service = await db
      .selectFrom('appointment_services')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', args.serviceId)
      .executeTakeFirst();
    const location = await db
      .selectFrom('locations')
      .select(['id', 'time_zone'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', args.locationId)
      .executeTakeFirst();
    if (service === undefined || location === undefined) {
      return { date: args.date, timeZone: location?.time_zone ?? null, service: null, staff: [] };
    }
    let givers = db
      .selectFrom('appointment_service_staff')
      .select('staff_id')
      .where('tenant_id', '=', tenantId)
      .where('service_id', '=', service.id);
    if (args.staffId !== undefined) givers = givers.where('staff_id', '=', args.staffId);
    const staffIds = (await givers.orderBy('staff_id').execute()).map((g) => g.staff_id);
    const names = await memberNames(db, tenantId, staffIds);
    const clock = zonedWallClock(location.time_zone);
    const day = {
      from: new Date(clock.instantOf(args.date, 0)).toISOString(),
      to: new Date(clock.instantOf(args.date, 1440)).toISOString(),
    };
    const staff = [];
    for (const staffId of staffIds) {
      const held = await commitmentsOf(db, tenantId, staffId, day);
      const commitments = {
        ...held,
        appointments: held.appointments.filter((a) => a.id !== args.reschedulingId),
      };
      staff.push({
        staffId,
        name: names.get(staffId) ?? '',
        slots: findFreeSlots({
          date: args.date,
          timeZone: location.time_zone,
          durationMinutes: service.duration_minutes,
          stepMinutes: args.stepMinutes,
          weeklyHours: await weeklyHoursOf(db, tenantId, staffId, location.id),
          exceptions: await exceptionsOf(db, tenantId, staffId, location.id, {
            from: args.date,
            to: args.date,
          }),
          busy: busyTimesOf(commitments),
          ...(args.notBefore === undefined ? {} : { notBefore: args.notBefore }),
        }),
      });
    }
    staff.sort((a, b) => a.name.localeCompare(b.name) || a.staffId.localeCompare(b.staffId));
    return {
      date: args.date,
      timeZone: location.time_zone,
      service: {
        serviceId: service.id,
        title: service.title,
        durationMinutes: service.duration_minutes,
        price: service.price,
        active: service.active === 1,
      },
      staff,
    };
  },
});
