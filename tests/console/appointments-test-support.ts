import type { Studio } from '../front-desk/front-desk-harness';
import { resultOf } from '../front-desk/front-desk-harness';

/** The tables appointment mutations write, read whole: equal before and after a refusal. */
const APPOINTMENT_TABLES = [
  'appointment_services',
  'appointment_service_staff',
  'staff_availability',
  'staff_availability_exceptions',
  'appointments',
  'review_items',
  'audit_logs',
] as const;

export async function appointmentFootprint(studio: Studio): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of APPOINTMENT_TABLES) {
    tables[table] = await studio.db
      .selectFrom(table)
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .execute()
      .then((rows) => rows.map((row) => JSON.stringify(row)).sort());
  }
  return tables;
}

/** Minutes after local midnight. */
export const h = (hour: number, minute = 0) => hour * 60 + minute;

/** Monday 7 December 2026, a week after the harness's NOW; the seeded location is in Chicago. */
export const MONDAY = '2026-12-07';
/** 09:00 and 10:00 on MONDAY in Chicago. */
export const NINE = '2026-12-07T15:00:00.000Z';
export const TEN = '2026-12-07T16:00:00.000Z';

/**
 * A 60-minute private session for 9000 given by the seeded instructor, who works at the
 * seeded location Monday to Friday 09:00 to 17:00.
 */
export async function privateSessions(studio: Studio): Promise<{ serviceId: string }> {
  const { serviceId } = resultOf<{ serviceId: string }>(
    await studio.run(
      'appointmentService.create',
      {
        title: 'Private session',
        durationMinutes: 60,
        price: 9000,
        staffIds: [studio.staff.instructor],
      },
      { as: 'manager' },
    ),
  );
  await studio.run(
    'staffAvailability.set',
    {
      staffId: studio.staff.instructor,
      locationId: studio.locationId,
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: h(9), endMinute: h(17) })),
    },
    { as: 'manager' },
  );
  return { serviceId };
}
