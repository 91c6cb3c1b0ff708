import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  hostCall,
  hostQuery,
  openDemoSession,
  openScreen,
  screenshot,
  type E2eDesk,
} from './support/e2e-harness';

/**
 * Issue 17 item 10 (and item 8 for the drawer's reports): the cash drawer has its own field
 * for the float, for paying in or out (with its reason) and for the count, and a count that
 * is short asks first, showing the difference; Cancel keeps the drawer open. The steps share
 * one desk and page, in order.
 */
describe('issue 17 item 10: the cash drawer at the 6 a.m. rush', () => {
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;
  let deviceId: string;

  beforeAll(async () => {
    ({ desk, browser, page } = await openDemoSession('owner', { width: 1366, height: 860 }));
    // Closing a drawer is for owners and managers: the owner works the desk here.
    const sync = await hostCall<{ deviceId: string | null }>(desk.desk, 'sync.status', {});
    if (sync.deviceId === null) throw new Error('the demo desk is enrolled');
    deviceId = sync.deviceId;
  }, 150_000);
  afterAll(async () => {
    await browser.close();
    await desk.close();
  });

  const drawer = () => page.getByRole('region', { name: 'Cash drawer' });
  const current = () =>
    hostQuery<{ sessionId: string; openedAt: string } | null>(desk.desk, 'drawer.current', {
      deviceId,
    });

  it('opens with the float in its own field, then pays in with a reason in theirs', async () => {
    await openScreen(page, 'Cash drawer');
    const screen = drawer();
    await expect(screen.getByLabel('Amount', { exact: true }).count()).resolves.toBe(0);
    await screen.getByLabel('Opening float').fill('100.00');
    await screen.getByRole('button', { name: 'Open drawer' }).click();
    await visible(screen.getByRole('status').filter({ hasText: 'Drawer open.' }));
    expect(await current()).not.toBeNull();

    await screen.getByLabel('Pay in/out amount').fill('20.00');
    await screen.getByLabel('Reason').fill('change from the bank');
    await screen.getByRole('button', { name: 'Paid in' }).click();
    await visible(screen.getByRole('status').filter({ hasText: 'Cash paid in.' }));
    // The count field was not touched by the float or the pay-in.
    await expect(screen.getByLabel('Counted cash').inputValue()).resolves.toBe('');
    const x = screen.getByRole('figure', { name: 'X report' });
    await visible(x.getByText(/^Paid in +\$20\.00$/));
    await visible(x.getByText(/^Expected in drawer +\$120\.00$/));
    // The X report's time is the studio's wall clock in the 12-hour style, never UTC.
    const session = await current();
    const zone = await studioZone();
    await visible(x.getByText(new RegExp(`^Opened +${escape(receiptTime(session, zone))}$`)));
    await expect(x.textContent()).resolves.not.toMatch(/UTC/);
    // Nothing records a location for this drawer: the studio's first location is printed.
    const [first] = await hostQuery<{ name: string; address: string | null }[]>(
      desk.desk,
      'studio.locations',
      {},
    );
    if (!first?.address) throw new Error('the demo studio has a location with an address');
    await visible(x.getByText(first.address));
  });

  it('asks before closing $39.00 short, and Cancel keeps the drawer open', async () => {
    const screen = drawer();
    await screen.getByLabel('Counted cash').fill('81.00');
    await screen.getByRole('button', { name: 'Close drawer with counted amount' }).click();
    const ask = screen.getByRole('alertdialog', { name: 'Confirm drawer close' });
    await visible(ask);
    await expect(ask.textContent()).resolves.toMatch(
      /Counted \$81\.00, expected \$120\.00: the drawer is \$39\.00 short/,
    );
    await screenshot(page, 'drawer-close-short');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached' });
    await visible(screen.getByRole('status').filter({ hasText: 'still open' }));
    expect(await current()).not.toBeNull();
    await visible(screen.getByRole('figure', { name: 'X report' }));
    await expect(screen.getByRole('figure', { name: 'Z report' }).count()).resolves.toBe(0);
  });

  it('closes short once confirmed and shows the Z report with the variance and tenders', async () => {
    const screen = drawer();
    await screen.getByRole('button', { name: 'Close drawer with counted amount' }).click();
    const ask = screen.getByRole('alertdialog', { name: 'Confirm drawer close' });
    await ask.getByRole('button', { name: 'Close drawer $39.00 short' }).click();
    const z = screen.getByRole('figure', { name: 'Z report' });
    await visible(z);
    await visible(z.getByText(/^Variance +-\$39\.00$/));
    await visible(z.getByText(/^Counted +\$81\.00$/));
    await visible(z.getByText('TENDERS'));
    await visible(z.getByText(/^All tenders \(net\) +\$0\.00$/));
    await visible(screen.getByRole('status').filter({ hasText: 'Drawer closed $39.00 short' }));
    await visible(screen.getByRole('button', { name: 'Print Z report' }));
    expect(await current()).toBeNull();
    await screenshot(page, 'drawer-z-report-short');
  });

  /** The zone receipts print in: the studio's own, else its first location's. */
  async function studioZone(): Promise<string> {
    const settings = await hostQuery<{ timeZone: string | null }>(desk.desk, 'studio.settings', {});
    const locations = await hostQuery<{ timeZone: string }[]>(desk.desk, 'studio.locations', {});
    return settings.timeZone ?? locations[0]?.timeZone ?? 'UTC';
  }
});

/** "Dec 4, 2026 6:05 AM" in `zone`, spelled independently of the code under test. */
function receiptTime(session: { openedAt: string } | null, zone: string): string {
  if (session === null) throw new Error('the drawer is open');
  const get = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-US', { timeZone: zone, ...options }).format(
      new Date(session.openedAt),
    );
  const date = get({ month: 'short', day: 'numeric', year: 'numeric' });
  const hour = get({ hour: 'numeric', hour12: true }).split(/\s/)[0] ?? '';
  const minute = get({ minute: '2-digit' }).padStart(2, '0');
  const period = Number(get({ hour: 'numeric', hourCycle: 'h23' })) < 12 ? 'AM' : 'PM';
  return `${date} ${hour}:${minute} ${period}`;
}

async function visible(locator: Locator, timeout = 20_000) {
  await locator.first().waitFor({ state: 'visible', timeout });
}

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
