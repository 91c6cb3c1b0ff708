import type { Kysely } from 'kysely';
import { memberNames } from '../front-desk/member-names';
import { MANAGER_ROLES } from '../../mutations/front-desk/front-desk-roles';
import { defineQuery } from '../query-definition';
import type { Database } from '../../schema/catalog';
import { drawersClosedInRange } from './day-close-drawers';
import { returnsInRange } from './day-close-returns';
import { giftCardWriteOffsInRange } from './day-close-write-offs';
import { salesBreakdown, salesByCategory, takenByTender } from './day-close-sales';
import { rangeInZone, reportRangeSchema, reportZone } from './report-range';

type Method = Database['payments']['method'];
const METHODS: readonly Method[] = ['cash', 'card', 'gift_card', 'external'];

/**
 * The day close across every desk (issue 19): the studio's sales of a range of studio days,
 * from the desk's synced copy (after sync, the server's). Every amount is in minor units.
 *
 * - A sale belongs to the studio day of its `completed_at` in the studio's zone; its order
 *   total, discounts and tax count on that day, whatever happens to it later.
 * - A refund or void counts on the day it was given (its negative payments' instant),
 *   whatever day its sale was; voids are returns of orders whose status is `voided`.
 * - So for any range: tenders net = sales total − refunds − voids.
 * - Overdrawn gift cards written off in the range are listed apart: they are why gift card
 *   tenders can exceed what the cards held.
 */
export const reportDayClose = defineQuery({
  name: 'report.dayClose',
  description:
    'Owner and manager day close over studio days (inclusive, studio zone): sales by tender, desk, staff, category and location; refunds, voids, discounts, tax; drawers closed; card total.',
  args: reportRangeSchema,
  // The studio's takings and what it owes are for its owner and managers.
  roles: MANAGER_ROLES,
  async run({ db, tenantId }, args) {
    const range = rangeInZone(await reportZone(db, tenantId), args, Date.now());
    const [sales, taken, returns, byCategory, drawers, writeOffs] = await Promise.all([
      salesBreakdown(db, tenantId, range),
      takenByTender(db, tenantId, range),
      returnsInRange(db, tenantId, range),
      salesByCategory(db, tenantId, range),
      drawersClosedInRange(db, tenantId, range),
      giftCardWriteOffsInRange(db, tenantId, range),
    ]);
    const { totals, byDesk, byStaff, byLocation } = sales;
    const tenders = METHODS.map((method) => {
      const sold = taken.find((t) => t.method === method);
      const back = returns.byTender.filter((r) => r.method === method);
      const givenBack = back.reduce((sum, r) => sum + r.givenBack, 0);
      return {
        method,
        taken: sold?.taken ?? 0,
        givenBack,
        net: (sold?.taken ?? 0) - givenBack,
        count: (sold?.count ?? 0) + back.reduce((sum, r) => sum + r.count, 0),
      };
    });
    const givenBack = (voided: boolean) =>
      returns.byTender.filter((r) => r.voided === voided).reduce((sum, r) => sum + r.givenBack, 0);
    const refunds = givenBack(false);
    const voids = givenBack(true);
    const names = await memberNames(
      db,
      tenantId,
      byStaff.map((s) => s.key),
    );
    const places = await locationNames(db, tenantId);
    return {
      timeZone: range.timeZone,
      from: range.from,
      to: range.to,
      startsAt: range.startsAt,
      endsAt: range.endsAt,
      locationId: range.locationId,
      orderCount: totals.orderCount,
      subtotal: totals.subtotal,
      discounts: totals.discounts,
      couponOrderCount: totals.couponOrderCount,
      couponDiscounts: totals.couponDiscounts,
      sales: totals.total,
      refunds: { count: returns.refundCount, amount: refunds },
      voids: { count: returns.voidCount, amount: voids },
      net: totals.total - refunds - voids,
      tax: {
        onSales: totals.tax,
        refunded: returns.taxRefunded,
        collected: totals.tax - returns.taxRefunded,
      },
      tenders,
      tendersNet: tenders.reduce((sum, t) => sum + t.net, 0),
      cardTotal: tenders.find((t) => t.method === 'card')?.net ?? 0,
      giftCardWriteOffs: writeOffs,
      byDesk: byDesk
        .map((d) => ({ deviceId: d.key ?? '', orderCount: d.orderCount, total: d.total }))
        .sort((a, b) => a.deviceId.localeCompare(b.deviceId)),
      byStaff: byStaff
        .map((s) => ({
          staffId: s.key ?? '',
          name: names.get(s.key ?? '') ?? '',
          orderCount: s.orderCount,
          total: s.total,
        }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.staffId.localeCompare(b.staffId)),
      byLocation: byLocation
        .map((l) => ({
          locationId: l.key,
          name: l.key === null ? 'No location' : (places.get(l.key) ?? l.key),
          orderCount: l.orderCount,
          total: l.total,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      byCategory,
      drawers: drawers.map((d) => ({
        ...d,
        locationName: d.locationId === null ? null : (places.get(d.locationId) ?? null),
      })),
    };
  },
});

async function locationNames(db: Kysely<Database>, tenantId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('locations')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
