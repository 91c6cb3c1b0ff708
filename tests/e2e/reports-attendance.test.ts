import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src-renderer/desk/money';
import { addDays } from '../../src-shared/time/zoned-wall-clock';
import { describeFindings, seriousAxeFindings } from './support/axe-check';
import { hostQuery, openDemoSession, openScreen, type DemoSession } from './support/e2e-harness';

interface Range {
  readonly from: string;
  readonly to: string;
}
interface SalesByDay extends Range {
  readonly days: readonly { date: string; orderCount: number; sales: number }[];
  readonly totals: {
    orderCount: number;
    sales: number;
    refunds: number;
    voids: number;
    net: number;
  };
}
interface Attendance extends Range {
  readonly checkIns: number;
  readonly byHour: readonly { hour: number; checkIns: number }[];
  readonly byClass: readonly { title: string; checkIns: number }[];
}
interface Members extends Range {
  readonly newMembers: number;
  readonly checkedIn: number;
  readonly returning: number;
  readonly lapsed: number;
}

/** The figures of a table row named by its first cell. */
const rowFigures = (table: Locator, item: string | RegExp) =>
  table
    .getByRole('row', { name: typeof item === 'string' ? new RegExp(`^${item}`) : item })
    .locator('td')
    .allInnerTexts();

async function csvLines(page: Page, section: Locator, fileName: string): Promise<string[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(fileName);
  const lines = (await readFile(await download.path(), 'utf8')).split('\r\n');
  expect(lines[0]).toBe('section,item,measure,value,unit');
  return lines;
}

/**
 * Studio › Reports' trend sections (issue 19) on the demo studio, as its owner: each opens
 * from the report buttons with the last 90 days, draws its chart (an SVG inside a figure
 * described as one image), shows the query's figures, downloads them as CSV and passes
 * axe-core's serious and critical checks.
 */
describe('sales by day, attendance and members in a browser, on the demo studio', () => {
  let session: DemoSession;
  let reports: Locator;
  let range: Range;

  beforeAll(async () => {
    session = await openDemoSession('owner', { width: 1366, height: 900 });
    await openScreen(session.page, 'Studio');
    const studio = session.page.getByRole('region', { name: 'Studio' });
    await studio.getByRole('tab', { name: 'Reports', exact: true }).click();
    reports = studio.getByRole('tabpanel', { name: 'Reports' });
  }, 300_000);
  afterAll(async () => {
    await session.browser.close();
    await session.desk.close();
  });

  const open = async (name: string) => {
    await reports.getByRole('button', { name, exact: true }).click();
    expect(
      await reports.getByRole('button', { name, exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    const section = reports.getByRole('region', { name });
    await section.waitFor({ state: 'visible' });
    return section;
  };
  const shownRange = async (): Promise<Range> => ({
    from: await reports.getByLabel('From', { exact: true }).inputValue(),
    to: await reports.getByLabel('To', { exact: true }).inputValue(),
  });
  const noAxeFindings = async (screen: string) => {
    const findings = await seriousAxeFindings(session.page, screen);
    expect(findings, describeFindings(findings)).toEqual([]);
  };

  it('shows 90 days of sales by day, charted, as the query computes them, and as CSV', async () => {
    const section = await open('Sales by day');
    range = await shownRange();
    expect(addDays(range.to, -89)).toBe(range.from);
    const report = await hostQuery<SalesByDay>(session.desk.desk, 'report.salesByDay', range);
    expect(report.days).toHaveLength(90);
    expect(report.totals.orderCount).toBeGreaterThan(0);

    const chart = section.getByRole('img', { name: /^Sales by day, 90 bars/ });
    await chart.locator('svg').first().waitFor({ state: 'visible' });
    expect(await chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    const table = section.getByRole('table', { name: 'Sales by day' });
    await expect
      .poll(() => rowFigures(table, 'Total'))
      .toEqual([
        String(report.totals.orderCount),
        formatMoney(report.totals.sales),
        formatMoney(report.totals.refunds),
        formatMoney(report.totals.voids),
        formatMoney(report.totals.net),
      ]);
    const busiest = report.days.reduce((a, b) => (b.sales > a.sales ? b : a));
    expect((await rowFigures(table, busiest.date))[1]).toBe(formatMoney(busiest.sales));
    await noAxeFindings('Studio › Reports › Sales by day');

    const lines = await csvLines(
      session.page,
      section,
      `sales-by-day-${range.from}-to-${range.to}.csv`,
    );
    expect(lines).toContain(`Sales by day,Total,Sales,${report.totals.sales},USD minor units`);
    expect(lines).toContain(`Sales by day,${busiest.date},Orders,${busiest.orderCount},count`);
  }, 120_000);

  it('shows attendance by hour, charted, over the same range, and as CSV', async () => {
    const section = await open('Attendance');
    expect(await shownRange()).toEqual(range);
    const report = await hostQuery<Attendance>(session.desk.desk, 'report.attendance', range);
    expect(report.checkIns).toBeGreaterThan(0);

    const chart = section.getByRole('img', { name: /^Check-ins by hour, 24 bars/ });
    await chart.locator('svg').first().waitFor({ state: 'visible' });
    const byHour = section.getByRole('table', { name: 'Check-ins by hour' });
    const peak = report.byHour.reduce((a, b) => (b.checkIns > a.checkIns ? b : a));
    const peakLabel = `${String(peak.hour).padStart(2, '0')}:00`;
    await expect.poll(() => rowFigures(byHour, peakLabel)).toEqual([String(peak.checkIns)]);
    const byDay = section.getByRole('table', { name: 'Check-ins by day' });
    expect(await rowFigures(byDay, 'Total')).toEqual([String(report.checkIns)]);
    const top = report.byClass[0];
    if (!top) throw new Error('check-ins without a class');
    expect(
      await rowFigures(section.getByRole('table', { name: 'Check-ins by class' }), top.title),
    ).toEqual([String(top.checkIns)]);
    await noAxeFindings('Studio › Reports › Attendance');

    const lines = await csvLines(
      session.page,
      section,
      `attendance-${range.from}-to-${range.to}.csv`,
    );
    expect(lines).toContain(`Check-ins by day,Total,Check-ins,${report.checkIns},count`);
    expect(lines).toContain(`Check-ins by hour,${peakLabel},Check-ins,${peak.checkIns},count`);
  }, 120_000);

  it('shows new, returning and lapsed members as the query counts them, and as CSV', async () => {
    const section = await open('Members');
    const report = await hostQuery<Members>(session.desk.desk, 'report.members', range);
    const table = section.getByRole('table', { name: 'Members' });
    await expect.poll(() => rowFigures(table, 'New')).toEqual([String(report.newMembers)]);
    expect(await rowFigures(table, 'Checked in')).toEqual([String(report.checkedIn)]);
    expect(await rowFigures(table, /^Returning/)).toEqual([String(report.returning)]);
    expect(await rowFigures(table, /^Lapsed/)).toEqual([String(report.lapsed)]);
    await section.getByRole('table', { name: 'Pack usage' }).waitFor({ state: 'visible' });
    await section.getByRole('table', { name: 'Plan usage' }).waitFor({ state: 'visible' });
    await noAxeFindings('Studio › Reports › Members');

    const lines = await csvLines(session.page, section, `members-${range.from}-to-${range.to}.csv`);
    expect(lines).toContain(`Members,New,Count,${report.newMembers},count`);
    expect(lines).toContain(`Members,Checked in,Count,${report.checkedIn},count`);
  }, 120_000);

  it('narrows every trend to the last 7 days with one button', async () => {
    const section = await open('Sales by day');
    await reports.getByRole('button', { name: 'Last 7 days' }).click();
    await expect
      .poll(() => reports.getByLabel('From', { exact: true }).inputValue())
      .toBe(addDays(range.to, -6));
    const week = await hostQuery<SalesByDay>(session.desk.desk, 'report.salesByDay', {
      from: addDays(range.to, -6),
      to: range.to,
    });
    await expect
      .poll(() => rowFigures(section.getByRole('table', { name: 'Sales by day' }), 'Total'))
      .toEqual([
        String(week.totals.orderCount),
        formatMoney(week.totals.sales),
        formatMoney(week.totals.refunds),
        formatMoney(week.totals.voids),
        formatMoney(week.totals.net),
      ]);
    await open('Card payouts');
    await open('Liabilities');
  }, 120_000);
});
