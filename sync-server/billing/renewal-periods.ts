import {
  periodEndDate,
  startOfStudioDay,
  studioDateAt,
} from '../../src-shared/mutations/front-desk/membership-periods';
import { readTenantSettings } from '../../src-shared/mutations/front-desk/tenant-settings';
import type { Database } from '../../src-shared/schema/catalog';
import type { IsoTimestamp } from '../../src-shared/schema/column-spec';
import type { TenantTransaction } from '../db/tenant-transaction';

/** A plan interval the job bills; `one_time` plans are never renewed. */
export type RenewalInterval = 'week' | 'month' | 'year';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Days after a renewal fell due at which a declined renewal is tried again (R14.3): the
 * first attempt is at the period's end, then one retry per entry. After the last retry is
 * declined the subscription expires and the owner is told (R14.4).
 */
export const RETRY_DAYS_AFTER_DUE: readonly number[] = [1, 3, 5];

/** How many attempts one renewal gets in all: the first and every retry. */
export const MAX_RENEWAL_ATTEMPTS = RETRY_DAYS_AFTER_DUE.length + 1;

/**
 * The end of the period that starts at `start` (a local midnight of the studio), by the
 * membership rule of R13.1: periods are days of the studio's time zone, from one local
 * midnight to another (a week across a DST change lasts 167 or 169 hours), and a month
 * ends on the same day next month or on its last day (Jan 31 → Feb 28). The new period
 * starts where the paid one ended.
 */
export function periodEndAfter(
  zone: string,
  start: IsoTimestamp,
  interval: RenewalInterval,
): IsoTimestamp {
  return startOfStudioDay(zone, periodEndDate(studioDateAt(zone, start), interval));
}

/**
 * The zone a membership's days are counted in, as the sale chose it (R13): the studio's
 * setting, else the zone of the location that sold it, else of the studio's first
 * location, else UTC.
 */
export async function membershipZone(
  shared: TenantTransaction<Database>,
  tenantId: string,
  subscriptionId: string,
): Promise<string> {
  const settings = await readTenantSettings(shared, tenantId);
  if (settings.timeZone !== null) return settings.timeZone;
  const sold = await shared
    .selectFrom('subscription_sales as ss')
    .innerJoin('pos_order_items as i', (join) =>
      join.onRef('i.tenant_id', '=', 'ss.tenant_id').onRef('i.id', '=', 'ss.order_item_id'),
    )
    .innerJoin('pos_orders as o', (join) =>
      join.onRef('o.tenant_id', '=', 'i.tenant_id').onRef('o.id', '=', 'i.order_id'),
    )
    .innerJoin('locations as l', (join) =>
      join.onRef('l.tenant_id', '=', 'o.tenant_id').onRef('l.id', '=', 'o.location_id'),
    )
    .select('l.time_zone')
    .where('ss.tenant_id', '=', tenantId)
    .where('ss.subscription_id', '=', subscriptionId)
    .executeTakeFirst();
  if (sold !== undefined) return sold.time_zone;
  const first = await shared
    .selectFrom('locations')
    .select('time_zone')
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return first?.time_zone ?? 'UTC';
}

/**
 * When the renewal due at `due` is tried again after `failedAttempts` declines, or null when
 * no retry is left.
 */
export function nextRetryAt(due: IsoTimestamp, failedAttempts: number): IsoTimestamp | null {
  const days = RETRY_DAYS_AFTER_DUE[failedAttempts - 1];
  if (days === undefined) return null;
  return new Date(Date.parse(due) + days * DAY_MS).toISOString();
}
