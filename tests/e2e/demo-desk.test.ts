import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findDemoFixtures, startFixtureClassNow, type DemoFixtures } from './support/demo-fixtures';
import {
  hostCall,
  hostQuery,
  openFreshDesk,
  openScreen,
  scan,
  screenshot,
  type E2eDesk,
  type FreshDesk,
} from './support/e2e-harness';

/**
 * One desk, one browser, the demo studio: the day at the front desk from first run to the
 * Z report. The steps share the page and build on each other, in order.
 */
describe('the desk in a browser, on the demo studio', () => {
  let fresh: FreshDesk;
  let desk: E2eDesk;
  let page: Page;
  let fixtures: DemoFixtures;

  beforeAll(async () => {
    fresh = await openFreshDesk({ width: 1366, height: 860 });
    ({ desk, page } = fresh);
  });
  afterAll(async () => {
    await fresh.close();
  });

  const status = () => page.getByRole('status');

  it('opens the demo studio on first run', async () => {
    await expectVisible(page.getByRole('heading', { name: 'Set up this desk' }));
    await screenshot(page, 'first-run');
    await page.getByRole('button', { name: 'Open the demo studio' }).click();
    // The wait shows its steps: one under way with its progress, then the generator's rows
    // counted while they load (reports must reach the page as they happen, not at the end).
    const steps = page.getByRole('list', { name: 'Opening the demo studio' });
    await expectVisible(steps.getByText('Starting the demo server'));
    await expectVisible(steps.getByRole('progressbar'));
    await page.waitForFunction(
      () => {
        const bar = document.querySelector(
          '[aria-label="Opening the demo studio"] [aria-current="step"] progress[max]',
        );
        return bar instanceof HTMLProgressElement && bar.value > 0 && bar.value < bar.max;
      },
      undefined,
      { timeout: 60_000 },
    );
    await expectVisible(steps.getByText(/^Loading [\d,]+ rows$/));
    await expectVisible(page.getByRole('heading', { name: 'Who is at the desk?' }), 90_000);
    await expectVisible(page.getByText('Every staff PIN is 1234'));
    await expectVisible(page.getByLabel(/^Not yet synced: 0$/));
    fixtures = findDemoFixtures(desk.dataDir, Date.now());
  });

  it('signs a staff member in by PIN, and refuses a wrong one', async () => {
    const owner = await staffName(desk, 'owner');
    await page.getByRole('button', { name: new RegExp(`^${owner}`) }).click();
    await screenshot(page, 'sign-in');
    await page.getByLabel(`PIN for ${owner}`).fill('9999');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectVisible(page.getByRole('alert'));
    await page.getByLabel(`PIN for ${owner}`).fill('1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectVisible(page.getByLabel('Signed in').getByText(owner));

    // Quick switch: someone else signs in at the same desk, then the owner takes it back.
    const other = await staffName(desk, 'front_desk');
    await page.getByRole('button', { name: 'Switch staff' }).click();
    await page.getByRole('button', { name: new RegExp(`^${other}`) }).click();
    await page.getByLabel(`PIN for ${other}`).fill('1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectVisible(page.getByLabel('Signed in').getByText(other));
    await page.getByRole('button', { name: 'Switch staff' }).click();
    await page.getByRole('button', { name: new RegExp(`^${owner}`) }).click();
    await page.getByLabel(`PIN for ${owner}`).fill('1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectVisible(page.getByLabel('Signed in').getByText(owner));
  });

  it('checks a member in by name, then another by a scanner burst', async () => {
    // Check-in keeps to the class's window, and a scan goes to today's class (issue 17).
    fixtures = { ...fixtures, klass: await startFixtureClassNow(desk.desk, fixtures.klass) };
    await openScreen(page, 'Sell');
    await openScreen(page, 'Today');
    const { klass, subscribers } = fixtures;
    const [byName, byScan] = subscribers;
    if (!byName || !byScan?.barcode) throw new Error('fixtures chose two subscribers');
    await page.getByLabel('Day', { exact: true }).fill(klass.localDate);
    const card = page.getByRole('region', { name: klass.locationName }).getByRole('button', {
      name: new RegExp(`^${klass.localTime} ${escape(klass.title)} \\d+/`),
    });
    await card.click();
    await expectVisible(
      page
        .getByRole('region', { name: 'Roster' })
        .getByRole('heading', { name: new RegExp(escape(klass.title)) }),
    );

    await page.getByRole('combobox', { name: 'Check in a member' }).fill(byName.name);
    await page.getByRole('option', { name: new RegExp(escape(byName.email)) }).click();
    await expectVisible(
      status().filter({ hasText: `${byName.name} is checked in to ${klass.title}` }),
    );
    await screenshot(page, 'today');

    // The scanner types while nothing has focus: the burst is caught globally.
    await page.getByRole('heading', { name: klass.locationName }).click();
    await scan(page, byScan.barcode);
    await expectVisible(
      status().filter({ hasText: `${byScan.name} is checked in to ${klass.title}` }),
    );
    const roster = await hostQuery<{ entries: { memberId: string; checkedInAt: string | null }[] }>(
      desk.desk,
      'class.roster',
      { classId: klass.classId },
    );
    const checkedIn = roster.entries.filter((e) => e.checkedInAt !== null).map((e) => e.memberId);
    expect(checkedIn).toEqual(expect.arrayContaining([byName.memberId, byScan.memberId]));
  });

  it('opens the cash drawer with a float', async () => {
    await openScreen(page, 'Cash drawer');
    await page
      .getByRole('region', { name: 'Cash drawer' })
      .getByLabel('Opening float')
      .fill('150.00');
    await page.getByRole('button', { name: 'Open drawer' }).click();
    await expectVisible(status().filter({ hasText: 'Drawer open.' }));
  });

  let giftCardCode = '';

  it('sells a gift card, then takes part of a sale with it', async () => {
    await openScreen(page, 'Gift cards');
    const screen = page.getByRole('region', { name: 'Gift cards' });
    await screen.getByLabel('Gift card amount').fill('50.00');
    await pay(screen, { method: 'Cash', tendered: '60.00' });
    await screen.getByRole('button', { name: 'Sell gift card' }).click();
    const code = screen.getByRole('status', { name: 'New gift card code' });
    await expectVisible(code);
    giftCardCode = ((await code.locator('strong').textContent()) ?? '').trim();
    expect(giftCardCode).not.toBe('');
    await expectVisible(screen.getByText('Give change: $10.00'));
    await screenshot(page, 'gift-cards');
  });

  it('rings up a split-tender sale (gift card + external) with a receipt preview', async () => {
    await openScreen(page, 'Sell');
    const screen = page.getByRole('region', { name: 'Sell' });
    await screen.getByRole('group', { name: 'Products' }).getByRole('button').first().click();
    await expectVisible(screen.getByText('Subtotal'));
    await pay(screen, { method: 'Gift card', amount: '5.00', code: giftCardCode });
    await pay(screen, { method: 'Other (external)', reference: 'Venmo 0042' });
    await screen.getByRole('button', { name: 'Complete sale' }).click();
    const receipt = screen.getByRole('figure', { name: 'Receipt preview' });
    await expectVisible(receipt);
    await expect(receipt.textContent()).resolves.toMatch(/Venmo 0042/);
    await screenshot(page, 'pos-receipt');
    const card = await hostQuery<{ balance: number; entries: { type: string }[] }>(
      desk.desk,
      'giftCard.balance',
      { code: giftCardCode },
    );
    expect(card.balance).toBe(4500);
    expect(card.entries.map((e) => e.type)).toEqual(['issue', 'redeem']);

    // The owner voids it from Recent sales: every tender goes back the way it came.
    const recent = screen.getByRole('complementary', { name: 'Recent sales' });
    const [sale] = await hostQuery<{ orderId: string; receiptNumber: string }[]>(
      desk.desk,
      'pos.orders',
      { limit: 1 },
    );
    await recent
      .getByRole('button', { name: new RegExp(`^${sale?.receiptNumber ?? '-'}`) })
      .click();
    await recent.getByLabel('Reason').fill('Rang up the wrong item');
    await recent.getByRole('button', { name: 'Void sale' }).click();
    await expectVisible(recent.getByRole('figure', { name: 'Refund receipt' }));
    const after = await hostQuery<{ balance: number }>(desk.desk, 'giftCard.balance', {
      code: giftCardCode,
    });
    expect(after.balance).toBe(5000);
  });

  it('sells a pack, and the member checks in with a credit from it', async () => {
    const { walkIn, klass } = fixtures;
    await openScreen(page, 'Packs');
    const screen = page.getByRole('region', { name: 'Packs' });
    await screen.getByRole('combobox', { name: 'Member for the pack' }).fill(walkIn.name);
    await page.getByRole('option', { name: new RegExp(escape(walkIn.email)) }).click();
    await expectVisible(
      screen.getByRole('status', { name: 'Pack credits' }).filter({ hasText: '0 pack credits' }),
    );
    await screen.getByRole('radiogroup', { name: 'Pack' }).getByRole('radio').first().check();
    await pay(screen, { method: 'Cash' });
    await screen.getByRole('button', { name: 'Sell pack' }).click();
    await expectVisible(screen.getByRole('region', { name: 'Sale complete' }));
    await screenshot(page, 'packs');

    await openScreen(page, 'Today');
    await page.getByRole('combobox', { name: 'Check in a member' }).fill(walkIn.name);
    await page.getByRole('option', { name: new RegExp(escape(walkIn.email)) }).click();
    await expectVisible(
      status().filter({ hasText: `${walkIn.name} is checked in to ${klass.title} (pack credit` }),
    );
    const roster = await hostQuery<{
      entries: { memberId: string; paidBy: string | null; checkedInAt: string | null }[];
    }>(desk.desk, 'class.roster', { classId: klass.classId });
    expect(roster.entries.find((e) => e.memberId === walkIn.memberId)).toMatchObject({
      paidBy: 'pack',
    });
  });

  it('shows a member’s page and signs a waiver on screen', async () => {
    await page
      .getByRole('region', { name: 'Roster' })
      .getByRole('button', { name: fixtures.walkIn.name })
      .click();
    const member = page.getByRole('article', { name: fixtures.walkIn.name });
    await expectVisible(member.getByRole('heading', { name: /Packs: \d+ credits/ }));

    // On-screen signing: a stroke on the pad, saved as the signature image.
    const waiver = fixtures.unsignedWaiver;
    await member.getByRole('button', { name: `Sign ${waiver}` }).click();
    const pad = page.getByRole('dialog', { name: `Sign ${waiver}` }).getByLabel('Signature pad');
    // The member page is taller than the window: bring the pad into view to draw on it.
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    if (!box) throw new Error('the signature pad is on screen');
    await page.mouse.move(box.x + 40, box.y + 100);
    await page.mouse.down();
    for (const [dx, dy] of [
      [80, -50],
      [160, 30],
      [240, -40],
      [320, 20],
    ] as const) {
      await page.mouse.move(box.x + dx, box.y + 100 + dy, { steps: 4 });
    }
    await page.mouse.up();
    await screenshot(page, 'waiver-signing');
    await page.getByRole('button', { name: 'Save signature' }).click();
    await expectVisible(member.getByRole('status').filter({ hasText: `${waiver} signed.` }));
    const profile = await hostQuery<{
      waiverDocuments: { title: string; signedAt: string | null }[];
    }>(desk.desk, 'member.profile', {
      memberId: fixtures.walkIn.memberId,
      at: new Date().toISOString(),
    });
    expect(profile.waiverDocuments.find((w) => w.title === waiver)?.signedAt).not.toBeNull();
    await screenshot(page, 'member');
  });

  it('closes the drawer with the count and shows the Z report', async () => {
    await openScreen(page, 'Cash drawer');
    const screen = page.getByRole('region', { name: 'Cash drawer' });
    await expectVisible(screen.getByRole('figure', { name: 'X report' }));
    await screen.getByLabel('Counted cash').fill('260.00');
    await screen.getByRole('button', { name: 'Close drawer with counted amount' }).click();
    // The count is off what the drawer should hold: the desk asks first (issue 17 item 10).
    await screen
      .getByRole('alertdialog')
      .getByRole('button', { name: /^Close drawer / })
      .click();
    const z = screen.getByRole('figure', { name: 'Z report' });
    await expectVisible(z);
    await expect(z.textContent()).resolves.toMatch(/Z REPORT|Z report/i);
    await screenshot(page, 'drawer-z-report');
  });

  it('shows the sync screen with nothing left to sync', async () => {
    await openScreen(page, 'Sync');
    await expectVisible(page.getByLabel(/^Not yet synced: 0$/), 30_000);
    await screenshot(page, 'sync');
  });
});

type Region = ReturnType<Page['getByRole']>;

/** Adds one tender in the payment panel; without an amount it pays what is left. */
async function pay(
  screen: Region,
  tender: { method: string; amount?: string; tendered?: string; code?: string; reference?: string },
): Promise<void> {
  const panel = screen.getByRole('region', { name: 'Payment' });
  await panel.getByRole('radio', { name: tender.method, exact: true }).check();
  if (tender.amount) await panel.getByLabel('Amount').fill(tender.amount);
  if (tender.tendered) await panel.getByLabel('Cash handed over').fill(tender.tendered);
  if (tender.code) await panel.getByLabel('Gift card code').fill(tender.code);
  if (tender.reference) await panel.getByLabel('Reference').fill(tender.reference);
  await panel.getByRole('button', { name: 'Add tender' }).click();
}

async function expectVisible(locator: ReturnType<Page['getByRole']>, timeout = 20_000) {
  await locator.first().waitFor({ state: 'visible', timeout });
}

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function staffName(desk: E2eDesk, role: string): Promise<string> {
  const staff = await hostCall<{ name: string; roles: string[] }[]>(desk.desk, 'staff.list', {});
  const found = staff.find((s) => s.roles.includes(role));
  if (!found) throw new Error(`the demo studio has staff with the role ${role}`);
  return found.name;
}
