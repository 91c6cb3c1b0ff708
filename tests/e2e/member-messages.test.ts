import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { memberLinkPath } from '../chat/member-messages-support';
import { insertPerson } from '../front-desk/front-desk-harness';
import { describeFindings, seriousAxeFindings } from './support/axe-check';
import { screenshot } from './support/e2e-harness';
import { openStudioOnServer, type StudioOnServer } from './support/enrolled-desk';
import { messagesButton, messagesScreen } from './support/messages-screen';

/**
 * Issue 20, R22.5: a member writes to the studio from their messages link; the desk's
 * Messages shows it as the member's with an unread count once it syncs; staff reply at the
 * desk, and the member's page shows the reply.
 */
describe('a member writes to the studio and reads the reply', () => {
  let world: StudioOnServer;
  let page: Page;
  let memberPage: Page;
  let serverUrl: string;
  let memberPath: string;

  const expectNoSeriousAxe = async (on: Page, name: string) => {
    const findings = await seriousAxeFindings(on, name);
    expect(findings, describeFindings(findings)).toEqual([]);
  };

  beforeAll(async () => {
    world = await openStudioOnServer('Juniper Barre');
    const { tenantId } = world.studio;
    const { memberId } = await world.onServer((_trx, shared) =>
      insertPerson(shared, {
        tenantId,
        firstName: 'Ada',
        role: 'student',
        at: new Date().toISOString(),
        newId: () => uuidV7(Date.now(), randomBytes),
      }),
    );
    memberPath = await memberLinkPath(world.database.db, { tenantId, memberId });
    const desk = await world.openDesk({ width: 1024, height: 768 });
    page = desk.page;
    memberPage = await desk.browser.newPage({ viewport: { width: 390, height: 844 } });
    memberPage.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await world.close();
  });

  it('shows the member’s message at the desk as unread, and the staff reply on the member’s page', async () => {
    await world.enrolAndSignIn(page, 'Olive Owner');
    serverUrl = world.server.url();
    await messagesButton(page)
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
    await messagesButton(page)
      .and(page.getByLabel('Messages 1 unread'))
      .waitFor({ timeout: 30_000 });
    await messagesButton(page).click();
    // Messages shows the Handover room first, made on first use; the member's room waits.
    await messagesScreen(page)
      .getByRole('region', { name: 'Thread: Handover' })
      .getByText('No message yet.')
      .waitFor();
    const conversations = messagesScreen(page).getByRole('region', { name: 'Conversations' });
    const room = conversations.getByRole('button', { name: /^Ada Tester/ });
    await room.getByText('1 unread').waitFor();
    await room.click();
    const thread = messagesScreen(page).getByRole('region', { name: 'Thread: Ada Tester' });
    await thread.getByText('Can I bring a friend on Saturday?').waitFor();
    await thread.getByText(/^Ada Tester \(member\),/).waitFor();
    // Opening the thread marks it read (R22.3): the count clears.
    await messagesButton(page)
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
