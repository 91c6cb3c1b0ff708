import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import { amount, type ReportRange } from './report-range';
import { givenBackInRange } from './day-close-returns';
import { studioBuckets } from './studio-day-buckets';

/**
 * Money given back by refunds and by voids, by the studio day it went back, as positive
 * numbers: as in the day close, the negative payments dated in the range.
 */
export async function returnsByDay(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
): Promise<Map<string, { refunds: number; voids: number }>> {
  const buckets = studioBuckets(range);
  const hour = buckets.hourOf('p.created_at');
  const part = buckets.partOf('p.created_at');
  const byDay = new Map<string, { refunds: number; voids: number }>();
  const rows = await givenBackInRange(db, tenantId, range)
    .select((eb) => [
      hour.as('hour'),
      part.as('part'),
      'o.status',
      eb.fn.sum('p.amount').as('amount'),
    ])
    .groupBy([hour, part, 'o.status'])
    .execute();
  for (const row of rows) {
    const { date } = buckets.name(row.hour, row.part);
    const day = byDay.get(date) ?? { refunds: 0, voids: 0 };
    if (row.status === 'voided') day.voids -= amount(row.amount);
    else day.refunds -= amount(row.amount);
    byDay.set(date, day);
  }
  return byDay;
}
