import type { Kysely } from 'kysely';
import { z } from 'zod';
import { studioDateSchema } from '../../mutations/front-desk/membership-periods';
import { readTenantSettings } from '../../mutations/front-desk/tenant-settings';
import type { Database } from '../../schema/catalog';
import { addDays, zonedWallClock } from '../../time/zoned-wall-clock';

/** Longest range a day close covers: a year and a day, so a report never walks years. */
export const MAX_REPORT_DAYS = 366;

/** A day-close range: studio days, both inclusive; omitted, today in the studio's zone. */
export const reportRangeSchema = z
  .strictObject({
    from: studioDateSchema.optional(),
    to: studioDateSchema.optional(),
    locationId: z.uuid().optional(),
  })
  .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, {
    error: 'the range ends before it starts: "to" must be on or after "from"',
  })
  .refine(
    (r) =>
      r.from === undefined ||
      r.to === undefined ||
      Date.parse(r.to) - Date.parse(r.from) < MAX_REPORT_DAYS * 86_400_000,
    { error: `a report covers at most ${MAX_REPORT_DAYS} days` },
  );

export type ReportRangeArgs = z.output<typeof reportRangeSchema>;

/**
 * The studio's zone for reports, as memberships read it: the studio's setting, else its
 * first location's zone, else UTC.
 */
export async function reportZone(db: Kysely<Database>, tenantId: string): Promise<string> {
  const settings = await readTenantSettings(db, tenantId);
  if (settings.timeZone !== null) return settings.timeZone;
  const first = await db
    .selectFrom('locations')
    .select('time_zone')
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return first?.time_zone ?? 'UTC';
}

export interface ReportRange {
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  /** The instant `from` starts (local midnight), inclusive, as the schema's timestamp. */
  readonly startsAt: string;
  /** The instant the day after `to` starts, exclusive. */
  readonly endsAt: string;
  readonly locationId: string | null;
}

/**
 * Studio days to instants: [midnight of `from`, midnight after `to`) in the studio's zone,
 * so a day that a DST change makes 23 or 25 hours long is still one day.
 */
export function rangeInZone(zone: string, args: ReportRangeArgs, now: number): ReportRange {
  const clock = zonedWallClock(zone);
  const today = clock.wallClockAt(now).date;
  // One day given: the report is of that day alone.
  const to = args.to ?? args.from ?? today;
  const from = args.from ?? to;
  if (from > to) throw new RangeError(`the range ends (${to}) before it starts (${from})`);
  return {
    timeZone: zone,
    from,
    to,
    startsAt: new Date(clock.instantOf(from, 0)).toISOString(),
    endsAt: new Date(clock.instantOf(addDays(to, 1), 0)).toISOString(),
    locationId: args.locationId ?? null,
  };
}

/** What a SUM or COUNT comes back as: SQLite answers numbers, Postgres bigint and numeric as text. */
export type SqlAggregate = number | bigint | string | null | undefined;

/** A SUM or COUNT as a number. */
export function amount(value: SqlAggregate): number {
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new RangeError(`not a number: ${JSON.stringify(value)}`);
  return n;
}
