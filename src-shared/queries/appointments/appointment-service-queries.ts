import { z } from 'zod';
import { weeklyHoursOf } from '../../mutations/appointments/appointment-rules';
import { defineQuery } from '../query-definition';
import { memberNames } from '../front-desk/member-names';

const MAX_EXCEPTION_DAYS = 366;
const DAY_MS = 86_400_000;

export const appointmentServices = defineQuery({
  name: 'appointment.services',
  description:
    'The studio’s appointment services by title, with length, price and the staff who give them (retired ones on request).',
  args: z.strictObject({ includeRetired: z.boolean().default(false) }),
  async run({ db, tenantId }, { includeRetired }) {
    let query = db.selectFrom('appointment_services').selectAll().where('tenant_id', '=', tenantId);
    if (!includeRetired) query = query.where('active', '=', 1);
    const services = await query.orderBy('title').orderBy('id').execute();
    const givers = await db
      .selectFrom('appointment_service_staff')
      .select(['service_id', 'staff_id'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const names = await memberNames(
      db,
      tenantId,
      givers.map((g) => g.staff_id),
    );
    return services.map((s) => ({
      serviceId: s.id,
      title: s.title,
      durationMinutes: s.duration_minutes,
      price: s.price,
      active: s.active === 1,
      staff: givers
        .filter((g) => g.service_id === s.id)
        .map((g) => ({ staffId: g.staff_id, name: names.get(g.staff_id) ?? '' }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.staffId.localeCompare(b.staffId)),
    }));
  },
});

/**
 * A staff member's weekly hours at a location (in its zone) and their exceptions between two
 * dates: the availability editor's read.
 */
export const staffAvailabilityOf = defineQuery({
  name: 'appointment.staffAvailability',
  description:
    'A staff member’s weekly hours at a location, in the location’s time zone, and their time off and extra hours between two dates.',
  args: z
    .strictObject({
      staffId: z.uuid(),
      locationId: z.uuid(),
      from: z.iso.date(),
      to: z.iso.date(),
    })
    .refine(
      (a) => a.from <= a.to && Date.parse(a.to) - Date.parse(a.from) <= MAX_EXCEPTION_DAYS * DAY_MS,
      `from on or before to, at most ${MAX_EXCEPTION_DAYS} days apart`,
    ),
  async run({ db, tenantId }, { staffId, locationId, from, to }) {
    const location = await db
      .selectFrom('locations')
      .select(['name', 'time_zone'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', locationId)
      .executeTakeFirst();
    const exceptions = await db
      .selectFrom('staff_availability_exceptions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('staff_id', '=', staffId)
      .where('location_id', '=', locationId)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .orderBy('date')
      .orderBy('start_minute')
      .orderBy('id')
      .execute();
    return {
      staffId,
      locationId,
      locationName: location?.name ?? null,
      timeZone: location?.time_zone ?? null,
      hours: await weeklyHoursOf(db, tenantId, staffId, locationId),
      exceptions: exceptions.map((e) => ({
        exceptionId: e.id,
        date: e.date,
        kind: e.kind,
        startMinute: e.start_minute,
        endMinute: e.end_minute,
        reason: e.reason,
      })),
    };
  },
});
