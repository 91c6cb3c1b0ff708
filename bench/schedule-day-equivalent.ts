import { sql } from 'kysely';
import type { Desk } from '../src-main/store/open-desk';

/**
 * What the desk's day schedule reads, for a checkout where `schedule.day` is not registered
 * yet: a day's classes (UTC day widened by a zone's offset) with booked, waitlisted and
 * checked-in counts, through the same Kysely path. The bench says when it used this.
 */
export async function equivalentScheduleDay(
  desk: Desk,
  tenantId: string,
  args: { readonly date: string; readonly locationId?: string | undefined },
): Promise<unknown> {
  const midnight = Date.parse(`${args.date}T00:00:00.000Z`);
  const from = new Date(midnight - 14 * 3_600_000).toISOString();
  const to = new Date(midnight + 38 * 3_600_000).toISOString();
  let classes = desk.db
    .selectFrom('classes')
    .select(['id', 'location_id', 'instructor_id', 'title', 'start_time', 'capacity', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('start_time', '>=', from)
    .where('start_time', '<', to);
  if (args.locationId !== undefined) classes = classes.where('location_id', '=', args.locationId);
  const counts = await desk.db
    .selectFrom('bookings')
    .select([
      'class_id',
      sql<number>`sum(case when status = 'confirmed' then 1 else 0 end)`.as('booked'),
      sql<number>`sum(case when status = 'waitlisted' then 1 else 0 end)`.as('waitlisted'),
      sql<number>`sum(case when checked_in_at is not null then 1 else 0 end)`.as('checked_in'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('start_time', '>=', from)
    .where('start_time', '<', to)
    .groupBy('class_id')
    .execute();
  return { classes: await classes.orderBy('start_time').execute(), counts };
}
