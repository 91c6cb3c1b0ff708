import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { systemClock } from '../../src-shared/time/clock';
import { addStaff } from '../../sync-server/admin/staff-admin';
import { TEST_PIN_COST } from '../server/support/server-harness';
import { describeFindings, seriousAxeFindings } from './support/axe-check';
import { screenshot, signInWithPin } from './support/e2e-harness';
import { openStudioOnServer, type StudioOnServer } from './support/enrolled-desk';
import { messagesButton, messagesScreen } from './support/messages-screen';

/**
 * Issue 20, R22: the morning shift leaves a handover note at the desk; the evening shift
 * signs in at that desk, sees the top bar's unread count, opens Messages and the count
 * clears. The note reaches the studio's server like any other change.
 */
describe('a handover note from one shift to the next', () => {
  let world: StudioOnServer;
  let page: Page;

  const notesOnServer = () =>
    world.onServer((_trx, shared) =>
      shared.selectFrom('chat_messages').select(['body', 'author_member_id']).execute(),
    );
  const expectNoSeriousAxe = async (name: string) => {
    const findings = await seriousAxeFindings(page, name);
    expect(findings, describeFindings(findings)).toEqual([]);
  };

  beforeAll(async () => {
    world = await openStudioOnServer('Juniper Barre');
    const { studio } = world;
    await addStaff(
      { db: world.database.db, clock: systemClock },
      {
        tenantId: studio.tenantId,
        email: `evening-${studio.slug}@example.com`,
        firstName: 'Evan',
        lastName: 'Evening',
        role: 'front_desk',
        pin: '1234',
      },
      TEST_PIN_COST,
    );
    ({ page } = await world.openDesk({ width: 1024, height: 768 }));
  });
  afterAll(async () => {
    await world.close();
  });

  it('leaves a note in the Handover room, made on first use, and it syncs', async () => {
    await world.enrolAndSignIn(page, 'Olive Owner');

    await messagesButton(page).click();
    const thread = messagesScreen(page).getByRole('region', { name: 'Thread: Handover' });
    const box = thread.getByRole('textbox', { name: /^Message/ });
    // Shift+Enter starts a new line; Enter sends.
    await box.fill('Till counted: 20 short.');
    await box.press('Shift+Enter');
    // Typed at a person's pace: a fast burst ending in Enter is a barcode scan
    // (scanner-burst.ts), which takes its characters back out of the field.
    await box.pressSequentially('Spare keys in the drawer.', { delay: 100 });
    await box.press('Enter');
    await thread.getByText('Spare keys in the drawer.', { exact: false }).waitFor();
    expect(await box.inputValue()).toBe('');
    await page.getByLabel('Not yet synced: 0').waitFor({ timeout: 30_000 });
    expect((await notesOnServer()).map((n) => n.body)).toEqual([
      'Till counted: 20 short.\nSpare keys in the drawer.',
    ]);
    // The writer has nothing unread.
    expect(await messagesButton(page).getAttribute('aria-label')).toBe('Messages');
    await expectNoSeriousAxe('Messages, Handover');
  });

  it('shows the next shift an unread count, cleared when the thread is opened', async () => {
    await page.getByRole('button', { name: 'Switch staff' }).click();
    await signInWithPin(page, 'Evan Evening');
    await messagesButton(page).and(page.getByLabel('Messages 1 unread')).waitFor();
    const bar = await page.getByRole('banner').boundingBox();
    const button = await messagesButton(page).boundingBox();
    // The count sits in the top bar, inside a 1024 px window, at least 24 px tall (WCAG
    // 2.5.8), and the bar stays one row of text.
    expect(button && bar && button.y >= bar.y && button.x + button.width <= 1024).toBe(true);
    expect(button?.height ?? 0).toBeGreaterThanOrEqual(24);
    expect(bar?.height ?? 99).toBeLessThan(44);
    await expectNoSeriousAxe('Top bar with unread messages');

    await messagesButton(page).click();
    await messagesScreen(page)
      .getByRole('region', { name: 'Thread: Handover' })
      .getByText(/Spare keys in the drawer/)
      .waitFor();
    await messagesButton(page)
      .and(page.getByLabel('Messages', { exact: true }))
      .waitFor();
    await screenshot(page, 'messages-handover');
    await expectNoSeriousAxe('Messages, read');
    await page.getByLabel('Not yet synced: 0').waitFor({ timeout: 30_000 });
    const marked = await world.onServer((_trx, shared) =>
      shared.selectFrom('chat_reads').select('member_id').execute(),
    );
    expect(marked).toHaveLength(1);
  });
});
