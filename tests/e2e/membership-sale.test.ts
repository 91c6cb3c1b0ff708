import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { findDemoFixtures, type DemoFixtures } from './support/demo-fixtures';
import { hostQuery, openDemoSession, openScreen, type E2eDesk } from './support/e2e-harness';

interface MembershipView {
  readonly planName: string;
  readonly state: string;
  readonly periodEnd: string;
}

const PLAN = 'Intro Week Unlimited';

/**
 * R13.1 on screen: the desk sells a membership plan to a member at the Sell screen (a plan
 * tile, the member, an external tender), and the member's page shows the membership, active,
 * with its period end and the Pause action.
 */
describe('a membership sold at the desk', () => {
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;
  let fixtures: DemoFixtures;

  beforeAll(async () => {
    ({ desk, browser, page } = await openDemoSession('front_desk', { width: 1366, height: 860 }));
    fixtures = findDemoFixtures(desk.dataDir, Date.now());
  }, 150_000);
  afterAll(async () => {
    await browser.close();
    await desk.close();
  });

  it('R13.1 sells a plan to a member and shows it on the member page', async () => {
    const member = fixtures.walkIn;
    await openScreen(page, 'Sell');
    const screen = page.getByRole('region', { name: 'Sell' });
    await screen
      .getByRole('group', { name: 'Membership plans' })
      .getByRole('button', { name: new RegExp(`^${PLAN}`) })
      .click();
    await screen
      .getByRole('combobox', { name: 'Member (needed for a membership)' })
      .fill(member.email);
    await page.getByRole('option', { name: new RegExp(escape(member.email)) }).click();
    const panel = screen.getByRole('region', { name: 'Payment' });
    await panel.getByRole('radio', { name: 'Other (external)' }).check();
    await panel.getByLabel('Reference').fill('cheque 42');
    await panel.getByRole('button', { name: 'Add tender' }).click();
    await screen.getByRole('button', { name: 'Complete sale' }).click();
    await visible(screen.getByRole('figure', { name: 'Receipt preview' }));

    const [sold] = await hostQuery<MembershipView[]>(desk.desk, 'membership.ofMember', {
      memberId: member.memberId,
      at: new Date().toISOString(),
    });
    expect(sold).toMatchObject({ planName: PLAN, state: 'active' });

    await openScreen(page, 'Member');
    await page.getByRole('combobox', { name: 'Find a member' }).fill(member.email);
    await page.getByRole('option', { name: new RegExp(escape(member.email)) }).click();
    const article = page.getByRole('article', { name: member.name });
    const card = article.getByLabel(`Membership ${PLAN}`);
    await visible(card.getByText(`${PLAN} — Active, period ends`, { exact: false }));
    await visible(card.getByRole('button', { name: 'Pause' }));
  });
});

async function visible(locator: Locator, timeout?: number): Promise<void> {
  await locator.first().waitFor({ state: 'visible', ...(timeout ? { timeout } : {}) });
}

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
