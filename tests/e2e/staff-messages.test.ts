import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { systemClock } from '../../src-shared/time/clock';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { addStaff } from '../../sync-server/admin/staff-admin';
import { inTenantTransaction } from '../../sync-server/db/tenant-transaction';
import {
  TEST_PIN_COST,
  createStudio,
  openMigratedDatabase,
  startServer,
  type TestDatabaseHandle,
  type TestStudio,
} from '../server/support/server-harness';
import { describeFindings, seriousAxeFindings } from './support/axe-check';
import { launchChromium, screenshot, startE2eDesk, type E2eDesk } from './support/e2e-harness';

/**
 * Issue 20, R22: the morning shift leaves a handover note at the desk; the evening shift
 * signs in at that desk, sees the top bar's unread count, opens Messages and the count
 * clears. The note reaches the studio's server like any other change.
 */
describe('a handover note from one shift to the next', () => {
  let database: TestDatabaseHandle;
  let studio: TestStudio;
  let server: FastifyInstance;
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;

  const messagesButton = () => page.getByRole('banner').getByRole('button', { name: /^Messages/ });
  const messagesScreen = () => page.getByRole('region', { name: 'Messages', exact: true });
  const notesOnServer = () =>
    inTenantTransaction(database.db, studio.tenantId, (_trx, shared) =>
      shared.selectFrom('chat_messages').select(['body', 'author_member_id']).execute(),
    );
  const expectNoSeriousAxe = async (name: string) => {
    const findings = await seriousAxeFindings(page, name);
    expect(findings, describeFindings(findings)).toEqual([]);
  };
  const signIn = async (name: string) => {
    await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
    await page.getByLabel(`PIN for ${name}`).fill('1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  beforeAll(async () => {
    database = await openMigratedDatabase('pglite');
    studio = await createStudio(database.db, systemClock, 'Juniper Barre');
    await addStaff(
      { db: database.db, clock: systemClock },
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
    server = await startServer(database, systemClock);
    [desk, browser] = await Promise.all([startE2eDesk(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser.close();
    await desk.close();
    await server.close();
    await database.dispose();
  });

  it('leaves a note in the Handover room, made on first use, and it syncs', async () => {
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    const { code } = await createEnrollmentCode(
      { db: database.db, clock: systemClock },
      { tenantId: studio.tenantId },
    );
    await page.goto(desk.desk.url);
    const form = page.getByRole('form', { name: 'Connect to a studio' });
    await form.getByLabel('Server address').fill(url);
    await form.getByLabel('Enrolment code').fill(code);
    await form.getByLabel('Desk name').fill('Front desk');
    await form.getByRole('button', { name: 'Connect' }).click();
    await page.getByText('This desk joined Juniper Barre.').waitFor();
    await signIn('Olive Owner');
    await page.getByLabel('Not yet synced: 0').waitFor();

    await messagesButton().click();
    const thread = messagesScreen().getByRole('region', { name: 'Thread: Handover' });
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
    expect(await messagesButton().getAttribute('aria-label')).toBe('Messages');
    await expectNoSeriousAxe('Messages, Handover');
  });

  it('shows the next shift an unread count, cleared when the thread is opened', async () => {
    await page.getByRole('button', { name: 'Switch staff' }).click();
    await signIn('Evan Evening');
    await messagesButton().and(page.getByLabel('Messages 1 unread')).waitFor();
    const bar = await page.getByRole('banner').boundingBox();
    const button = await messagesButton().boundingBox();
    // The count sits in the top bar, inside a 1024 px window, at least 24 px tall (WCAG
    // 2.5.8), and the bar stays one row of text.
    expect(button && bar && button.y >= bar.y && button.x + button.width <= 1024).toBe(true);
    expect(button?.height ?? 0).toBeGreaterThanOrEqual(24);
    expect(bar?.height ?? 99).toBeLessThan(44);
    await expectNoSeriousAxe('Top bar with unread messages');

    await messagesButton().click();
    await messagesScreen()
      .getByRole('region', { name: 'Thread: Handover' })
      .getByText(/Spare keys in the drawer/)
      .waitFor();
    await messagesButton()
      .and(page.getByLabel('Messages', { exact: true }))
      .waitFor();
    await screenshot(page, 'messages-handover');
    await expectNoSeriousAxe('Messages, read');
    await page.getByLabel('Not yet synced: 0').waitFor({ timeout: 30_000 });
    const marked = await inTenantTransaction(database.db, studio.tenantId, (_trx, shared) =>
      shared.selectFrom('chat_reads').select('member_id').execute(),
    );
    expect(marked).toHaveLength(1);
  });
});
