import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { defineQuery } from '../query-definition';
import { memberNames } from '../front-desk/member-names';

const MAX_RANGE_DAYS = 62;
const instant = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());

/** Ids in chunks, so an IN list stays within every driver's parameter limit. */
function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const studioClasses = defineQuery({
  name: 'studio.classes',
  description:
    'Classes starting in [from, to) (at most 62 days), with room, instructor, payment options and booking counts.',
  args: z
    .strictObject({ from: instant, to: instant, locationId: z.uuid().optional() })
    .refine(
      (a) => a.from < a.to && Date.parse(a.to) - Date.parse(a.from) <= MAX_RANGE_DAYS * 86_400_000,
      `from before to, at most ${MAX_RANGE_DAYS} days apart`,
    ),
  async run({ db, tenantId }, { from, to, locationId }) {
    let query = db
      .selectFrom('classes')
      .leftJoin('rooms', (join) =>
        join
          .onRef('rooms.id', '=', 'classes.room_id')
          .onRef('rooms.tenant_id', '=', 'classes.tenant_id'),
      )
      .selectAll('classes')
      .select('rooms.name as room_name')
      .where('classes.tenant_id', '=', tenantId)
      .where('classes.start_time', '>=', from)
      .where('classes.start_time', '<', to);
    if (locationId !== undefined) query = query.where('classes.location_id', '=', locationId);
    const classes = await query.orderBy('classes.start_time').orderBy('classes.id').execute();
    const ids = classes.map((c) => c.id);
    const parts = chunks(ids);
    const bookings: Pick<Database['bookings'], 'class_id' | 'status' | 'checked_in_at'>[] = [];
    const options: Pick<
      Database['class_payment_options'],
      'class_id' | 'plan_id' | 'pack_definition_id'
    >[] = [];
    for (const part of parts) {
      const [partBookings, partOptions] = [
        await db
          .selectFrom('bookings')
          .select(['class_id', 'status', 'checked_in_at'])
          .where('tenant_id', '=', tenantId)
          .where('class_id', 'in', part)
          .execute(),
        await db
          .selectFrom('class_payment_options')
          .select(['class_id', 'plan_id', 'pack_definition_id'])
          .where('tenant_id', '=', tenantId)
          .where('class_id', 'in', part)
          .orderBy('id')
          .execute(),
      ];
      bookings.push(...partBookings);
      options.push(...partOptions);
    }
    const names = await memberNames(
      db,
      tenantId,
      classes.map((c) => c.instructor_id),
    );
    return classes.map((c) => {
      const own = bookings.filter((b) => b.class_id === c.id);
      const mine = options.filter((o) => o.class_id === c.id);
      return {
        classId: c.id,
        title: c.title,
        locationId: c.location_id,
        roomId: c.room_id,
        roomName: c.room_name,
        instructorId: c.instructor_id,
        instructorName: c.instructor_id === null ? null : (names.get(c.instructor_id) ?? null),
        startTime: c.start_time,
        durationMinutes: c.duration_minutes,
        capacity: c.capacity,
        dropInPrice: c.drop_in_price,
        status: c.status,
        seriesId: c.series_id,
        planIds: mine.flatMap((o) => (o.plan_id === null ? [] : [o.plan_id])),
        packDefinitionIds: mine.flatMap((o) =>
          o.pack_definition_id === null ? [] : [o.pack_definition_id],
        ),
        confirmed: own.filter((b) => b.status === 'confirmed').length,
        waitlisted: own.filter((b) => b.status === 'waitlisted').length,
        checkedIn: own.filter((b) => b.checked_in_at !== null).length,
      };
    });
  },
});
