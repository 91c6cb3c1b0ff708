import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import type { ReportColumn, ReportSection } from './reports-sections';

export type SalesByDay = QueryResult<'report.salesByDay'>;
export type Attendance = QueryResult<'report.attendance'>;
export type MembersReport = QueryResult<'report.members'>;

const count = (label: string): ReportColumn => ({ label, money: false });
const money = (label: string): ReportColumn => ({ label, money: true });

/** An hour of the studio's day as the table and chart name it: "00:00" to "23:00". */
export const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

export function salesByDaySections(report: SalesByDay): ReportSection[] {
  const { totals } = report;
  return [
    {
      title: 'Sales by day',
      itemLabel: 'Day',
      columns: [count('Orders'), money('Sales'), money('Refunds'), money('Voids'), money('Net')],
      rows: [
        ...report.days.map((d) => ({
          item: d.date,
          values: [d.orderCount, d.sales, d.refunds, d.voids, d.net],
        })),
        {
          item: 'Total',
          values: [totals.orderCount, totals.sales, totals.refunds, totals.voids, totals.net],
        },
      ],
    },
  ];
}

export function attendanceSections(report: Attendance): ReportSection[] {
  const checkIns = [count('Check-ins')];
  return [
    {
      title: 'Check-ins by hour',
      itemLabel: 'Hour',
      columns: checkIns,
      rows: report.byHour.map((h) => ({ item: hourLabel(h.hour), values: [h.checkIns] })),
    },
    {
      title: 'Check-ins by weekday',
      itemLabel: 'Weekday',
      columns: checkIns,
      rows: report.byWeekday.map((w) => ({ item: w.name, values: [w.checkIns] })),
    },
    {
      title: 'Check-ins by class',
      itemLabel: 'Class',
      columns: checkIns,
      rows: report.byClass.map((c) => ({ item: c.title, values: [c.checkIns] })),
    },
    {
      title: 'Check-ins by instructor',
      itemLabel: 'Instructor',
      columns: checkIns,
      rows: report.byInstructor.map((i) => ({
        item: i.name || (i.instructorId ?? 'No instructor'),
        values: [i.checkIns],
      })),
    },
    {
      title: 'Check-ins by day',
      itemLabel: 'Day',
      columns: checkIns,
      rows: [
        ...report.byDay.map((d) => ({ item: d.date, values: [d.checkIns] })),
        { item: 'Total', values: [report.checkIns] },
      ],
    },
  ];
}

export function membersSections(report: MembersReport): ReportSection[] {
  return [
    {
      title: 'Members',
      itemLabel: 'Members',
      columns: [count('Count')],
      rows: [
        { item: 'New', values: [report.newMembers] },
        { item: 'Checked in', values: [report.checkedIn] },
        {
          item: `Returning (after ${report.returningGapDays}+ days away)`,
          values: [report.returning],
        },
        {
          item: `Lapsed (active in the ${report.lapsedLookbackDays} days before, not since)`,
          values: [report.lapsed],
        },
      ],
    },
    {
      title: 'Pack usage',
      itemLabel: 'Pack',
      columns: [count('Packs bought'), count('Credits bought'), count('Credits used')],
      rows: report.packs.map((p) => ({
        item: p.name,
        values: [p.packsBought, p.creditsBought, p.creditsUsed],
      })),
    },
    {
      title: 'Plan usage',
      itemLabel: 'Plan',
      columns: [count('Active memberships'), count('Visits')],
      rows: report.plans.map((p) => ({ item: p.name, values: [p.activeSubscriptions, p.visits] })),
    },
  ];
}
