import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { studioClock } from '../../src-renderer/desk/studio-time';
import { describeFindings, seriousAxeFindings } from './support/axe-check';
import { findDemoFixtures, type DemoFixtures, type FixtureMember } from './support/demo-fixtures';
import {
  hostCall,
  hostQuery,
  openDemoSession,
  openScreen,
  screenshot,
  type E2eDesk,
} from './support/e2e-harness';

interface Roster {
  readonly entries: readonly {
    memberId: string;
    status: string;
    paidBy: string | null;
    freeReason: string | null;
  }[];
}
interface Profile {
  readonly upcomingBookings: readonly {
    classId: string;
    status: string;
    paidBy: string | null;
    freeReason: string | null;
  }[];
}

const REASON = 'Instructor’s guest';

/**
 * Issue 18 at the front desk, on the demo studio: a member booked ahead free from the member
 * page must be given a reason; the Book button waits for it, and the member's bookings and
 * the class roster then show "Free — <reason>". Each step is checked in the desk's own rows.
 */
describe('issue 18: a free booking ahead carries the reason staff give', () => {
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;
  let fixtures: DemoFixtures;
  let member: FixtureMember;

  beforeAll(async () => {
    ({ desk, browser, page } = await openDemoSession('owner', { width: 1366, height: 768 }));
    fixtures = findDemoFixtures(desk.dataDir, Date.now());
    member = fixtures.walkIn;
  }, 330_000);
  afterAll(async () => {
    await browser.close();
    await desk.close();
  });

  it('asks for a reason before booking free, and shows it on the member’s bookings and the roster', async () => {
    const { klass } = fixtures;
    // Tomorrow, on the minute: booked ahead, not checked in today.
    const startTime = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 26 * 3_600_000);
    await hostCall(desk.desk, 'desk.mutate', {
      name: 'class.update',
      args: { classId: klass.classId, startTime: startTime.toISOString() },
    });
    const clock = studioClock(klass.timeZone);
    const classTime = clock.time(startTime.toISOString());

    await openScreen(page, 'Member');
    await page.getByRole('combobox', { name: 'Find a member' }).fill(member.email);
    await page.getByRole('option', { name: new RegExp(`^${escape(member.name)}`) }).click();
    const article = page.getByRole('article', { name: member.name });
    await visible(article);
    await page.getByRole('button', { name: 'Book a class' }).click();
    const dialog = page.getByRole('dialog', { name: `Book a class for ${member.name}` });
    await dialog.getByLabel('Day', { exact: true }).fill(clock.day(startTime));
    await dialog
      .getByRole('button', { name: new RegExp(`^${escape(classTime)} ${escape(klass.title)}`) })
      .click();

    const free = dialog.getByRole('radio', { name: 'Free', exact: true });
    await visible(free);
    const reason = dialog.getByRole('textbox', { name: 'Reason for free booking' });
    // Not asked for until Free is chosen.
    expect(await reason.count()).toBe(0);
    await free.check();
    await visible(reason);
    const bookButton = dialog.getByRole('button', { name: `Book ${klass.title}` });
    expect(await bookButton.isDisabled()).toBe(true);
    await visible(dialog.getByText('Type why this place is free to book it.'));
    // Spaces are no reason.
    await reason.fill('   ');
    expect(await bookButton.isDisabled()).toBe(true);
    await reason.fill(REASON);
    expect(await bookButton.isEnabled()).toBe(true);
    await screenshot(page, 'book-ahead-free-reason');
    const findings = await seriousAxeFindings(page, 'Book a class, free with a reason');
    expect(findings, describeFindings(findings)).toEqual([]);
    await bookButton.click();
    await visible(
      page.getByRole('status').filter({
        hasText: `${member.name} is booked into ${klass.title}`,
      }),
    );
    await visible(page.getByRole('status').filter({ hasText: `(free — ${REASON})` }));

    // The member's bookings say why the place was free.
    const row = article
      .getByRole('region', { name: 'Bookings' })
      .getByRole('row')
      .filter({ hasText: klass.title })
      .first();
    await visible(row.getByText(`Free — ${REASON}`, { exact: true }));
    const profile = await hostQuery<Profile>(desk.desk, 'member.profile', {
      memberId: member.memberId,
      at: new Date().toISOString(),
    });
    expect(profile.upcomingBookings.find((b) => b.classId === klass.classId)).toMatchObject({
      status: 'confirmed',
      paidBy: 'free',
      freeReason: REASON,
    });

    // So does the class roster, on the class's day.
    await openScreen(page, 'Today');
    await page.getByLabel('Day', { exact: true }).fill(clock.day(startTime));
    await page
      .getByRole('region', { name: klass.locationName })
      .getByRole('button', {
        name: new RegExp(`^${escape(classTime)} ${escape(klass.title)} \\d+/`),
      })
      .click();
    const rosterRow = page
      .getByRole('region', { name: 'Roster' })
      .getByRole('row')
      .filter({ hasText: member.name });
    await visible(rosterRow.getByText(`Free — ${REASON}`, { exact: true }));
    const roster = await hostQuery<Roster>(desk.desk, 'class.roster', { classId: klass.classId });
    expect(roster.entries.find((e) => e.memberId === member.memberId)).toMatchObject({
      status: 'confirmed',
      paidBy: 'free',
      freeReason: REASON,
    });
  });
});

async function visible(locator: Locator, timeout = 20_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
