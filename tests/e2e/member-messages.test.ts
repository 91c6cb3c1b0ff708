import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { systemClock } from '../../src-shared/time/clock';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { inTenantTransaction } from '../../sync-server/db/tenant-transaction';
import { memberLinkPath } from '../chat/member-messages-support';
import { insertPerson } from '../front-desk/front-desk-harness';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  type TestDatabaseHandle,
  type TestStudio,
} from '../server/support/server-harness';
import { describeFindings, seriousAxeFindings } from './support/axe-check';
import { launchChromium, screenshot, startE2eDesk, type E2eDesk } from './support/e2e-harness';

/**
 * Issue 20, R22.5: a member writes to the studio from their messages link; the desk's
 * Messages shows it as the member's with an unread count once it syncs; staff reply at the
 * desk, and the member's page shows the reply.
 */
describe('a member writes to the studio and reads the reply', () => {
  let database: TestDatabaseHandle;
  let studio: TestStudio;
  let server: FastifyInstance;
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;
  let memberPage: Page;
  let serverUrl: string;
  let memberPath: string;

  const messagesButton = () => page.getByRole('banner').getByRole('button', { name: /^Messages/ });
  const messagesScreen = () => page.getByRole('region', { name: 'Messages', exact: true });
  const expectNoSeriousAxe = async (on: Page, name: string) => {
    const findings = await seriousAxeFindings(on, name);
    expect(findings, describeFindings(findings)).toEqual([]);
  };

  beforeAll(async () => {
    database = await openMigratedDatabase('pglite');
    studio = await createStudio(database.db, systemClock, 'Juniper Barre');
    const { memberId } = await inTenantTransaction(database.db, studio.tenantId, (_trx, shared) =>
      insertPerson(shared, {
        tenantId: studio.tenantId,
        firstName: 'Ada',
        role: 'student',
        at: new Date().toISOString(),
        newId: () => uuidV7(Date.now(), randomBytes),
      }),
    );
    memberPath = await memberLinkPath(database.db, { tenantId: studio.tenantId, memberId });
    server = await startServer(database, systemClock);
    serverUrl = await server.listen({ host: '127.0.0.1', port: 0 });
    [desk, browser] = await Promise.all([startE2eDesk(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    memberPage = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.setDefaultTimeout(20_000);
    memberPage.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser.close();
    await desk.close();
    await server.close();
    await database.dispose();
  });

  it('shows the member’s message at the desk as unread, and the staff reply on the member’s page', async () => {
    const { code } = await createEnrollmentCode(
      { db: database.db, clock: systemClock },
      { tenantId: studio.tenantId },
    );
    await page.goto(desk.desk.url);
    const form = page.getByRole('form', { name: 'Connect to a studio' });
    await form.getByLabel('Server address').fill(serverUrl);
    await form.getByLabel('Enrolment code').fill(code);
    await form.getByLabel('Desk name').fill('Front desk');
    await form.getByRole('button', { name: 'Connect' }).click();
    await page.getByText('This desk joined Juniper Barre.').waitFor();
    await page.getByRole('button', { name: /^Olive Owner/ }).click();
    await page.getByLabel('PIN for Olive Owner').fill('1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Not yet synced: 0').waitFor();
    await messagesButton()
      .and(page.getByLabel('Messages', { exact: true }))
      .waitFor();

    // The member, on their phone, from the link in a studio's message.
    await memberPage.goto(`${serverUrl}${memberPath}`);
    await memberPage.getByRole('heading', { name: 'Messages with Juniper Barre' }).waitFor();
    await memberPage.getByText('No messages yet').waitFor();
    await memberPage.getByLabel('Your message').fill('Can I bring a friend on Saturday?');
    await memberPage.getByRole('button', { name: 'Send' }).click();
    await memberPage.getByText('Can I bring a friend on Saturday?').waitFor();
    expect(memberPage.url()).toBe(`${serverUrl}${memberPath}`);
    await expectNoSeriousAxe(memberPage, 'Member messages page');

    // The server pokes the desk, which pulls the message: unread for the signed-in staff.
    await messagesButton().and(page.getByLabel('Messages 1 unread')).waitFor({ timeout: 30_000 });
    await messagesButton().click();
    // Messages shows the Handover room first, made on first use; the member's room waits.
    await messagesScreen()
      .getByRole('region', { name: 'Thread: Handover' })
      .getByText('No message yet.')
      .waitFor();
    const conversations = messagesScreen().getByRole('region', { name: 'Conversations' });
    const room = conversations.getByRole('button', { name: /^Ada Tester/ });
    await room.getByText('1 unread').waitFor();
    await room.click();
    const thread = messagesScreen().getByRole('region', { name: 'Thread: Ada Tester' });
    await thread.getByText('Can I bring a friend on Saturday?').waitFor();
    await thread.getByText(/^Ada Tester \(member\),/).waitFor();
    // Opening the thread marks it read (R22.3): the count clears.
    await messagesButton()
      .and(page.getByLabel('Messages', { exact: true }))
      .waitFor();

    await thread.getByRole('textbox', { name: /^Message/ }).fill('Yes, bring them along!');
    await thread.getByRole('button', { name: 'Send' }).click();
    await thread.getByText('Yes, bring them along!').waitFor();
    await screenshot(page, 'messages-member-conversation');
    await expectNoSeriousAxe(page, 'Messages, a member’s conversation');
    await page.getByLabel('Not yet synced: 0').waitFor({ timeout: 30_000 });

    await memberPage.reload();
    const list = memberPage.getByRole('list', { name: 'Messages' });
    await list.getByText('Yes, bring them along!').waitFor();
    expect(await list.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^Can I bring a friend on Saturday\?\s+You, /),
      expect.stringMatching(/^Yes, bring them along!\s+Juniper Barre, /),
    ]);
  });
});
