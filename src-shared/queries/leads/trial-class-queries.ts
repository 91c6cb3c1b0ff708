import { z } from 'zod';
import { defineQuery } from '../query-definition';

export interface TrialClass {
  readonly classId: string;
  readonly title: string;
  readonly startTime: string;
  readonly timeZone: string;
  readonly locationName: string;
  readonly capacity: number;
  /** Confirmed bookings plus trials booked on leads (R18.3). */
  readonly taken: number;
}

const DAYS_AHEAD = 14;

/**
 * Classes a lead can try: scheduled, starting after `now` and within two weeks, with room
 * left once confirmed bookings and other leads' trials are counted (R18.3). Soonest first.
 */
export const trialClasses = defineQuery({
  name: 'lead.trialClasses',
  description: 'Scheduled classes of the next two weeks with room for a trial.',
  args: z.strictObject({ now: z.iso.datetime() }),
  async run({ db, tenantId }, args) {
    const until = new Date(Date.parse(args.now) + DAYS_AHEAD * 86_400_000).toISOString();
    const rows = await db
      .selectFrom('classes')
      .innerJoin('locations', (join) =>
        join
          .onRef('locations.id', '=', 'classes.location_id')
          .onRef('locations.tenant_id', '=', 'classes.tenant_id'),
      )
      .select((eb) => [
        'classes.id',
        'classes.title',
        'classes.start_time',
        'classes.capacity',
        'locations.name as location_name',
        'locations.time_zone',
        eb
          .selectFrom('bookings')
          .select((b) => b.fn.countAll<number | string>().as('n'))
          .whereRef('bookings.tenant_id', '=', 'classes.tenant_id')
          .whereRef('bookings.class_id', '=', 'classes.id')
          .where('bookings.status', '=', 'confirmed')
          .as('booked'),
        eb
          .selectFrom('leads')
          .select((l) => l.fn.countAll<number | string>().as('n'))
          .whereRef('leads.tenant_id', '=', 'classes.tenant_id')
          .whereRef('leads.trial_class_id', '=', 'classes.id')
          .where('leads.status', '=', 'trial')
          .as('trials'),
      ])
      .where('classes.tenant_id', '=', tenantId)
      .where('classes.status', '=', 'scheduled')
      .where('classes.start_time', '>', args.now)
      .where('classes.start_time', '<=', until)
      .orderBy('classes.start_time')
      .orderBy('classes.id')
      .execute();
    const classes = rows
      .map((row): TrialClass => ({
        classId: row.id,
        title: row.title,
        startTime: row.start_time,
        timeZone: row.time_zone,
        locationName: row.location_name,
        capacity: row.capacity,
        // Counts come back as strings from node-postgres (bigint), numbers from SQLite.
        taken: Number(row.booked ?? 0) + Number(row.trials ?? 0),
      }))
      .filter((c) => c.taken < c.capacity);
    return { classes };
  },
});
