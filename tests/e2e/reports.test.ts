import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src-renderer/desk/money';
import {
  hostCall,
  hostQuery,
  openDemoSession,
  openScreen,
  type DemoSession,
} from './support/e2e-harness';

interface DayClose {
  readonly from: string;
  readonly to: string;
  readonly orderCount: number;
  readonly sales: number;
  readonly net: number;
  readonly tendersNet: number;
}

/**
 * Studio › Reports (issue 19) on the demo studio, as its owner: a sale rung up at this desk
 * today shows in today's day close, whose figures are the query's, and the day close's
 * "Download CSV" saves them as a CSV file.
 */
describe('the reports tab in a browser, on the demo studio', () => {
  let session: DemoSession;

  beforeAll(async () => {
    session = await openDemoSession('owner', { width: 1366, height: 900 });
    const desk = session.desk.desk;
    const products = await hostQuery<{ productId: string; price: number; active: boolean }[]>(
      desk,
      'catalogue.products',
      {},
    );
    const product = products.find((p) => p.active && p.price > 0);
    if (!product) throw new Error('the demo studio sells no product');
    const lines = [
      { kind: 'product', productId: product.productId, quantity: 1, unitPrice: product.price },
    ];
    const { total } = await hostQuery<{ total: number }>(desk, 'pos.quote', { lines });
    await hostCall(desk, 'desk.mutate', {
      name: 'pos.sale',
      args: { lines, tenders: [{ method: 'external', amount: total, reference: 'e2e voucher' }] },
    });
  }, 300_000);
  afterAll(async () => {
    await session.browser.close();
    await session.desk.close();
  });

  it("shows today's day close as the query computes it and downloads it as CSV", async () => {
    const { page } = session;
    const report = await hostQuery<DayClose>(session.desk.desk, 'report.dayClose', {});
    expect(report.orderCount).toBeGreaterThan(0);
    expect(report.tendersNet).toBe(report.net);

    await openScreen(page, 'Studio');
    const studio = page.getByRole('region', { name: 'Studio' });
    await studio.getByRole('tab', { name: 'Reports', exact: true }).click();
    const reports = studio.getByRole('tabpanel', { name: 'Reports' });
    const dayClose = reports.getByRole('region', { name: 'Day close' });
    await expect.poll(() => dayClose.getByLabel('From').inputValue()).toBe(report.from);
    expect(await dayClose.getByLabel('To').inputValue()).toBe(report.to);

    const summary = dayClose.getByRole('table', { name: 'Summary' });
    const salesRow = summary.getByRole('row', { name: /^Sales \(order totals\)/ });
    await expect
      .poll(() => salesRow.locator('td').allInnerTexts())
      .toEqual([String(report.orderCount), formatMoney(report.sales)]);
    const tenders = dayClose.getByRole('table', { name: 'Sales by tender' });
    const allTenders = tenders.getByRole('row', { name: /^All tenders/ });
    expect((await allTenders.locator('td').allInnerTexts()).at(-1)).toBe(
      formatMoney(report.tendersNet),
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dayClose.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`day-close-${report.from}-to-${report.to}.csv`);
    const lines = (await readFile(await download.path(), 'utf8')).split('\r\n');
    expect(lines[0]).toBe('section,item,measure,value,unit');
    expect(lines).toContain(`Summary,Sales (order totals),Count,${report.orderCount},count`);
    expect(lines).toContain(`Summary,Sales (order totals),Amount,${report.sales},USD minor units`);
    expect(lines).toContain(`Sales by tender,All tenders,Net,${report.tendersNet},USD minor units`);

    // The other reports are a button away; the day close's range waits for it to come back.
    await reports.getByRole('button', { name: 'Liabilities', exact: true }).click();
    await reports
      .getByRole('region', { name: 'Liabilities' })
      .getByRole('table', { name: 'Liabilities' })
      .waitFor({ state: 'visible' });
    expect(await reports.getByRole('region', { name: 'Day close' }).count()).toBe(0);
  }, 120_000);
});
