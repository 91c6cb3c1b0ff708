import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { toCsv } from '../../../src-shared/reports/csv';

export type DayClose = QueryResult<'report.dayClose'>;
export type Liabilities = QueryResult<'report.liabilities'>;

/** A measure of a report table: a count, or money in minor units. */
export interface ReportColumn {
  readonly label: string;
  readonly money: boolean;
}

/** One table of a report: the same rows show on screen and go into its CSV. */
export interface ReportSection {
  readonly title: string;
  readonly itemLabel: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly { readonly item: string; readonly values: readonly number[] }[];
}

/** A cell no count applies to: shown as a dash, an empty CSV field. */
export const NONE = Number.NaN;

const count = (label: string): ReportColumn => ({ label, money: false });
const money = (label: string): ReportColumn => ({ label, money: true });

const TENDER_NAMES: Record<string, string> = {
  cash: 'Cash',
  card: 'Card',
  gift_card: 'Gift card',
  external: 'Other',
};

const KIND_NAMES: Record<string, string> = {
  product: 'Products',
  class_pack: 'Class packs',
  gift_card: 'Gift cards',
  drop_in: 'Drop-ins',
  membership: 'Memberships',
  fee: 'Fees',
  appointment: 'Appointments',
  // A review item's balance collected at Sell (R16.4), such as a gift card's overdraft.
  review_balance: 'Balance collected',
};

export function dayCloseSections(report: DayClose): ReportSection[] {
  const sold = [count('Orders'), money('Total')];
  return [
    {
      title: 'Summary',
      itemLabel: 'Figure',
      columns: [count('Count'), money('Amount')],
      rows: [
        { item: 'Sales (order totals)', values: [report.orderCount, report.sales] },
        { item: 'Discounts', values: [NONE, report.discounts] },
        { item: 'of which coupons', values: [report.couponOrderCount, report.couponDiscounts] },
        { item: 'Refunds', values: [report.refunds.count, report.refunds.amount] },
        { item: 'Voids', values: [report.voids.count, report.voids.amount] },
        { item: 'Net sales', values: [NONE, report.net] },
        { item: 'Tax on sales', values: [NONE, report.tax.onSales] },
        { item: 'Tax refunded', values: [NONE, report.tax.refunded] },
        { item: 'Tax collected', values: [NONE, report.tax.collected] },
        { item: 'Card total (net)', values: [NONE, report.cardTotal] },
        {
          item: 'Gift card overdrafts written off',
          values: [report.giftCardWriteOffs.count, report.giftCardWriteOffs.amount],
        },
      ],
    },
    {
      title: 'Sales by tender',
      itemLabel: 'Tender',
      columns: [count('Payments'), money('Taken'), money('Given back'), money('Net')],
      rows: [
        ...report.tenders.map((t) => ({
          item: TENDER_NAMES[t.method] ?? t.method,
          values: [t.count, t.taken, t.givenBack, t.net],
        })),
        {
          item: 'All tenders',
          values: [
            report.tenders.reduce((s, t) => s + t.count, 0),
            report.tenders.reduce((s, t) => s + t.taken, 0),
            report.tenders.reduce((s, t) => s + t.givenBack, 0),
            report.tendersNet,
          ],
        },
      ],
    },
    {
      title: 'Sales by desk',
      itemLabel: 'Desk',
      columns: sold,
      rows: report.byDesk.map((d) => ({
        item: d.deviceId || 'Unknown desk',
        values: [d.orderCount, d.total],
      })),
    },
    {
      title: 'Sales by staff',
      itemLabel: 'Staff',
      columns: sold,
      rows: report.byStaff.map((s) => ({
        item: s.name || s.staffId,
        values: [s.orderCount, s.total],
      })),
    },
    {
      title: 'Sales by category',
      itemLabel: 'Category',
      columns: [count('Quantity'), money('Discounts'), money('Tax'), money('Total')],
      rows: report.byCategory.map((c) => ({
        item: `${KIND_NAMES[c.kind] ?? c.kind}${c.productCategory === null ? '' : ` (${c.productCategory})`}`,
        values: [c.quantity, c.discounts, c.tax, c.total],
      })),
    },
    {
      title: 'Sales by location',
      itemLabel: 'Location',
      columns: sold,
      rows: report.byLocation.map((l) => ({ item: l.name, values: [l.orderCount, l.total] })),
    },
    {
      title: 'Drawers closed',
      itemLabel: 'Drawer',
      columns: [money('Float'), money('Expected'), money('Counted'), money('Variance')],
      rows: report.drawers.map((d) => ({
        item: `${d.deviceId}${d.locationName === null ? '' : ` at ${d.locationName}`}, closed ${d.closedAt}`,
        values: [d.openingFloat, d.expected, d.counted, d.variance],
      })),
    },
  ];
}

export function liabilitySections(report: Liabilities): ReportSection[] {
  const { giftCards, packs, memberships } = report;
  return [
    {
      title: 'Liabilities',
      itemLabel: 'Owed to members',
      columns: [count('Count'), money('Value')],
      rows: [
        {
          item: 'Gift card balances',
          values: [giftCards.outstandingCount, giftCards.outstandingTotal],
        },
        {
          item: `Unused pack credits (on ${packs.packCount} packs)`,
          values: [packs.credits, packs.value],
        },
        { item: 'Memberships paid ahead', values: [memberships.count, memberships.paidAheadTotal] },
        { item: 'Total', values: [NONE, report.total] },
        {
          item: 'Overdrawn gift cards (owed by members)',
          values: [giftCards.overdrawnCount, giftCards.overdrawnTotal],
        },
      ],
    },
  ];
}

/**
 * A report as CSV in long form (one measure per record), so every table of it fits one
 * header: money stays in minor units, as the queries give it, and says so in `unit`.
 */
export function sectionsCsv(sections: readonly ReportSection[], currency: string): string {
  const rows = sections.flatMap((section) =>
    section.rows.flatMap((row) =>
      section.columns.map((column, index) => [
        section.title,
        row.item,
        column.label,
        row.values[index] ?? null,
        column.money ? `${currency} minor units` : 'count',
      ]),
    ),
  );
  return toCsv(['section', 'item', 'measure', 'value', 'unit'], rows);
}
