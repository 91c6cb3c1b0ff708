import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { describeFindings, seriousAxeFindings } from './support/axe-check';
import {
  hostQuery,
  openDemoSession,
  openScreen,
  screenshot,
  signInDemoStaff,
  type DemoSession,
} from './support/e2e-harness';

interface AutomationsList {
  readonly quietHours: { readonly start: string; readonly end: string };
  readonly automations: readonly {
    readonly automationId: string;
    readonly trigger: string;
    readonly subject: string;
    readonly body: string;
    readonly channels: readonly string[];
    readonly settings: Record<string, number>;
    readonly enabled: boolean;
  }[];
}

/**
 * Studio › Automations (issue 20, R20) on the demo studio, as its owner: a Win-back after 45
 * days by e-mail, half-typed before a look at another tab, is added and listed as on; a body naming an unknown merge field is refused
 * with the mutation's words and nothing is saved; its switch turns it off; quiet hours of
 * 20:00 to 07:30 are saved and still there after a reload; axe finds nothing serious.
 */
describe('issue 20: the owner tunes automated messages in Studio › Automations', () => {
  let session: DemoSession;
  const subject = `We miss you ${Date.now() % 100_000}`;

  const visible = (locator: Locator, timeout = 20_000) =>
    locator.first().waitFor({ state: 'visible', timeout });
  const listed = () =>
    hostQuery<AutomationsList>(session.desk.desk, 'automations.list', {}).then((list) =>
      list.automations.find((a) => a.subject === subject),
    );
  const openTab = async (page: Page) => {
    await openScreen(page, 'Studio');
    const studio = page.getByRole('region', { name: 'Studio' });
    await studio.getByRole('tab', { name: 'Automations', exact: true }).click();
    const panel = studio.getByRole('tabpanel', { name: 'Automations' });
    await visible(panel.getByRole('form', { name: 'Quiet hours' }));
    return panel;
  };

  beforeAll(async () => {
    session = await openDemoSession('owner', { width: 1366, height: 900 });
  }, 300_000);
  afterAll(async () => {
    await session.browser.close();
    await session.desk.close();
  });

  it('adds, refuses, switches off, sets quiet hours, and passes axe', async () => {
    const { page } = session;
    const panel = await openTab(page);

    // The demo studio's own sends, on the studio's clock ("Dec 4, 6:05 AM").
    const recent = panel.getByRole('region', { name: 'Recent messages' });
    await visible(recent.locator('tbody tr'));
    expect(await recent.locator('tbody tr').first().locator('td').first().textContent()).toMatch(
      /^[A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} [AP]M$/,
    );

    const add = panel.getByRole('form', { name: 'Add an automation' });
    await add.getByLabel('Trigger').selectOption({ label: 'Win-back' });
    await add.getByLabel('Days without a visit').fill('45');
    await add.getByLabel('Subject').fill(subject);
    // A half-made automation survives a look at another tab.
    const studio = page.getByRole('region', { name: 'Studio' });
    await studio.getByRole('tab', { name: 'Settings', exact: true }).click();
    await visible(studio.getByRole('tabpanel', { name: 'Settings' }));
    await studio.getByRole('tab', { name: 'Automations', exact: true }).click();
    expect(await add.getByLabel('Subject').inputValue()).toBe(subject);
    expect(await add.getByLabel('Days without a visit').inputValue()).toBe('45');
    await add.getByLabel('Message', { exact: true }).fill('Hi ');
    await add.getByRole('button', { name: 'Insert {{firstName}}' }).click();
    await expect
      .poll(() => add.getByLabel('Message', { exact: true }).inputValue())
      .toBe('Hi {{firstName}}');
    expect(await add.getByLabel('E-mail').isChecked()).toBe(true);
    expect(await add.getByLabel('Push').isChecked()).toBe(false);
    await add.getByRole('button', { name: 'Add automation' }).click();
    await visible(add.getByRole('status').getByText('Win-back added.'));

    const row = panel
      .getByRole('region', { name: 'Automations' })
      .getByRole('listitem')
      .filter({ hasText: subject });
    await visible(row);
    expect(await row.textContent()).toContain('Days without a visit 45');
    expect(await row.textContent()).toContain('E-mail');
    const onSwitch = row.getByRole('switch');
    expect(await onSwitch.isChecked()).toBe(true);
    expect(await listed()).toMatchObject({
      trigger: 'win_back',
      body: 'Hi {{firstName}}',
      channels: ['email'],
      settings: { days: 45 },
      enabled: true,
    });

    await row.getByRole('button', { name: 'Edit Win-back' }).click();
    const edit = panel.getByRole('form', { name: 'Edit automation Win-back' });
    await edit.getByLabel('Message', { exact: true }).fill('Hi {{nickname}}, come back soon.');
    await edit.getByRole('button', { name: 'Save automation' }).click();
    await visible(edit.getByRole('alert').filter({ hasText: 'unknown merge field {{nickname}}' }));
    expect((await listed())?.body).toBe('Hi {{firstName}}');
    const refusedFindings = await seriousAxeFindings(page, 'Automations, a refused edit');
    expect(describeFindings(refusedFindings)).toBe('');
    await screenshot(page, 'console-automations-refused');
    await edit.getByRole('button', { name: 'Close' }).click();

    await onSwitch.click();
    await expect.poll(() => onSwitch.isChecked()).toBe(false);
    await expect.poll(async () => (await listed())?.enabled).toBe(false);

    const quiet = panel.getByRole('form', { name: 'Quiet hours' });
    await quiet.getByLabel('Quiet from').fill('20:00');
    await quiet.getByLabel('Quiet until').fill('07:30');
    await quiet.getByRole('button', { name: 'Save quiet hours' }).click();
    await visible(quiet.getByRole('status').getByText('Quiet hours saved: 20:00 to 07:30.'));

    await page.reload();
    const nav = page.getByRole('navigation', { name: 'Screens' });
    const signIn = page.getByRole('heading', { name: 'Who is at the desk?' });
    await visible(nav.or(signIn));
    if (await signIn.isVisible()) await signInDemoStaff(page, session.desk.desk, 'owner');
    const reloaded = await openTab(page);
    const quietAgain = reloaded.getByRole('form', { name: 'Quiet hours' });
    await expect.poll(() => quietAgain.getByLabel('Quiet from').inputValue()).toBe('20:00');
    expect(await quietAgain.getByLabel('Quiet until').inputValue()).toBe('07:30');
    const stored = await hostQuery<AutomationsList>(session.desk.desk, 'automations.list', {});
    expect(stored.quietHours).toEqual({ start: '20:00', end: '07:30' });
    const rowAgain = reloaded.getByRole('listitem').filter({ hasText: subject });
    expect(await rowAgain.getByRole('switch').isChecked()).toBe(false);

    expect(describeFindings(await seriousAxeFindings(page, 'Studio › Automations'))).toBe('');
    await screenshot(page, 'console-automations');
  }, 180_000);
});
