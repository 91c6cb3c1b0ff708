import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { amount, type ReportRange } from './report-range';

/** What a refund's audit entry says of its lines: the tax given back with each. */
const returnDetailsSchema = z.looseObject({
  lines: z.array(z.looseObject({ tax: z.number().int() })).default([]),
});

export interface ReturnsByTender {
  readonly method: Database['payments']['method'];
  readonly voided: boolean;
  /** Money given back, as a positive number. */
  readonly givenBack: number;
  readonly count: number;
}

export interface ReturnsInRange {
  readonly refundCount: number;
  readonly voidCount: number;
  readonly taxRefunded: number;
  readonly byTender: readonly ReturnsByTender[];
}

/**
 * Money given back in the range: the negative payments dated in it (only a refund or a
 * void writes one), each with its order for whether it was voided and where it was sold.
 * The payments drive the join (a cross join is SQLite's way to say so), found by their
 * report index; each finds its order by key.
 */
export function givenBackInRange(db: Kysely<Database>, tenantId: string, range: ReportRange) {
  let query = db
    .selectFrom('payments as p')
    .crossJoin('pos_orders as o')
    .whereRef('o.tenant_id', '=', 'p.tenant_id')
    .whereRef('o.id', '=', 'p.order_id')
    .where('p.tenant_id', '=', tenantId)
    .where('p.created_at', '>=', range.startsAt)
    .where('p.created_at', '<', range.endsAt)
    .where('p.amount', '<', 0)
    .where('p.status', 'in', ['succeeded', 'pending', 'refunded']);
  if (range.locationId !== null) query = query.where('o.location_id', '=', range.locationId);
  return query;
}

/**
 * Refunds and voids made in the range, whatever day their sale was: money given back is
 * a negative payment on the sale's order, written with the `pos.refund` or `pos.void`
 * audit entry at the same instant. The negative payments dated in the range are the money
 * given back; the range's entries (the audit log's (tenant_id, action, created_at) index)
 * count the returns and carry the tax given back with each line.
 */
export async function returnsInRange(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
): Promise<ReturnsInRange> {
  const entries = await db
    .selectFrom('audit_logs')
    .select(['action', 'target_id', 'details'])
    .where('tenant_id', '=', tenantId)
    .where('created_at', '>=', range.startsAt)
    .where('created_at', '<', range.endsAt)
    .where('action', 'in', ['pos.refund', 'pos.void'])
    .execute();
  const totals = new Map<string, { -readonly [K in keyof ReturnsByTender]: ReturnsByTender[K] }>();
  const inLocation = new Set<string>();
  const rows = await givenBackInRange(db, tenantId, range)
    .select((eb) => [
      'p.order_id',
      'p.method',
      'o.status',
      eb.fn.sum('p.amount').as('amount'),
      eb.fn.countAll().as('count'),
    ])
    .groupBy(['p.order_id', 'p.method', 'o.status'])
    .execute();
  for (const row of rows) {
    inLocation.add(row.order_id);
    const voided = row.status === 'voided';
    const key = `${row.method}/${String(voided)}`;
    const total = totals.get(key) ?? { method: row.method, voided, givenBack: 0, count: 0 };
    total.givenBack -= amount(row.amount);
    total.count += amount(row.count);
    totals.set(key, total);
  }
  // With a location chosen, only the returns of that location's sales count.
  const counted = entries.filter((e) => e.target_id !== null && inLocation.has(e.target_id));
  return {
    refundCount: counted.filter((e) => e.action === 'pos.refund').length,
    voidCount: counted.filter((e) => e.action === 'pos.void').length,
    taxRefunded: counted.reduce((sum, e) => sum + taxOf(e.details), 0),
    byTender: [...totals.values()],
  };
}

function taxOf(details: string): number {
  const parsed = returnDetailsSchema.safeParse(JSON.parse(details));
  return parsed.success ? parsed.data.lines.reduce((sum, l) => sum + l.tax, 0) : 0;
}
