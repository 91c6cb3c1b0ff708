import { z } from 'zod';
import { endOf } from '../../mutations/appointments/appointment-rules';
import { zonedWallClock } from '../../time/zoned-wall-clock';
import { defineQuery } from '../query-definition';
import { memberNames } from '../front-desk/member-names';
import { utcWindowOfDay } from '../desk-screens/local-day';

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * A day's appointments, each on its location's calendar day (one range scan of the
 * (tenant_id, start_time) index over a widened UTC window, filtered per zone here, as
 * schedule.day does), cancelled ones included so the desk can show them struck through.
 */
export const appointmentDay = defineQuery({
  name: 'appointment.day',
  description:
    'A day’s appointments at every location (or one), in each location’s time zone: service, staff, member, time, status, price and whether paid.',
  args: z.strictObject({
    date: z.iso.date(),
    locationId: z.uuid().optional(),
    staffId: z.uuid().optional(),
  }),
  async run({ db, tenantId }, { date, locationId, staffId }) {
    const window = utcWindowOfDay(date);
    let query = db
      .selectFrom('appointments')
      .innerJoin('appointment_services', (join) =>
        join
          .onRef('appointment_services.id', '=', 'appointments.service_id')
          .onRef('appointment_services.tenant_id', '=', 'appointments.tenant_id'),
      )
      .leftJoin('locations', (join) =>
        join
          .onRef('locations.id', '=', 'appointments.location_id')
          .onRef('locations.tenant_id', '=', 'appointments.tenant_id'),
      )
      .selectAll('appointments')
      .select([
        'appointment_services.title as service_title',
        'locations.name as location_name',
        'locations.time_zone',
      ])
      .where('appointments.tenant_id', '=', tenantId)
      .where('appointments.start_time', '>=', window.from)
      .where('appointments.start_time', '<', window.to);
    if (locationId !== undefined) query = query.where('appointments.location_id', '=', locationId);
    if (staffId !== undefined) query = query.where('appointments.instructor_id', '=', staffId);
    const rows = await query
      .orderBy('appointments.start_time')
      .orderBy('appointments.id')
      .execute();
    const names = await memberNames(db, tenantId, [
      ...rows.map((r) => r.instructor_id),
      ...rows.map((r) => r.member_id),
    ]);
    const clocks = new Map<string, ReturnType<typeof zonedWallClock>>();
    const clockOf = (zone: string) => {
      let clock = clocks.get(zone);
      if (clock === undefined) {
        clock = zonedWallClock(zone);
        clocks.set(zone, clock);
      }
      return clock;
    };
    return rows.flatMap((r) => {
      // An appointment with no location (older rows) is read in UTC.
      const local = clockOf(r.time_zone ?? 'UTC').wallClockAt(Date.parse(r.start_time));
      if (local.date !== date) return [];
      return [
        {
          appointmentId: r.id,
          serviceId: r.service_id,
          serviceTitle: r.service_title,
          staffId: r.instructor_id,
          staffName: names.get(r.instructor_id) ?? '',
          memberId: r.member_id,
          memberName: names.get(r.member_id) ?? '',
          locationId: r.location_id,
          locationName: r.location_name,
          startTime: r.start_time,
          endTime: endOf(r.start_time, r.duration_minutes),
          localTime: hhmm(local.minute),
          durationMinutes: r.duration_minutes,
          status: r.status,
          price: r.price,
          paidOrderId: r.paid_order_id,
          // Paid at the POS (R15.5); rows paid before it name only their order.
          paid: r.order_item_id !== null || r.paid_order_id !== null,
          notes: r.notes,
          cancellationReason: r.cancellation_reason,
        },
      ];
    });
  },
});
