import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { findDemoFixtures, type DemoFixtures } from './support/demo-fixtures';
import {
  hostQuery,
  letterStamp,
  openDemoSession,
  openScreen,
  type E2eDesk,
} from './support/e2e-harness';

interface Profile {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string | null;
}

/**
 * Issue 17 item 1: the member page wrote to the wrong person. An edit form, a half-typed
 * note and a drawn signature opened on one member must not follow staff to the next, and
 * a changed e-mail must be saved and shown as saved.
 */
describe('issue 17 item 1: every member-page form belongs to one member', () => {
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

  const profileOf = (memberId: string) =>
    hostQuery<Profile>(desk.desk, 'member.profile', { memberId, at: new Date().toISOString() });

  const openMember = async (email: string, name: string) => {
    await page.getByRole('combobox', { name: 'Find a member' }).fill(email);
    await page.getByRole('option', { name: new RegExp(escape(email)) }).click();
    const article = page.getByRole('article', { name });
    await visible(article);
    return article;
  };

  it('issue 17 item 1: an edit form, note draft and signature stay with their member', async () => {
    const a = fixtures.walkIn;
    const b = fixtures.subscribers[0];
    if (!b) throw new Error('the demo studio has subscribers');
    const aBefore = await profileOf(a.memberId);
    const bBefore = await profileOf(b.memberId);
    await openScreen(page, 'Member');

    const memberA = await openMember(a.email, a.name);
    await memberA.getByRole('button', { name: `Sign ${fixtures.unsignedWaiver}` }).click();
    const pad = page
      .getByRole('dialog', { name: `Sign ${fixtures.unsignedWaiver}` })
      .getByLabel('Signature pad');
    const box = await pad.boundingBox();
    if (!box) throw new Error('the signature pad is on screen');
    await page.mouse.move(box.x + 20, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + 160, box.y + 90, { steps: 8 });
    await page.mouse.up();
    await memberA.getByLabel('New note').fill('Half-typed note about A');
    await memberA.getByRole('button', { name: 'Edit', exact: true }).click();
    await visible(page.getByRole('form', { name: `Edit ${a.name}` }));

    const memberB = await openMember(b.email, b.name);
    // Nothing opened for A is on B's page: no edit form, no note draft, no signing pad.
    expect(await page.getByRole('form', { name: /^Edit / }).count()).toBe(0);
    expect(await memberB.getByLabel('New note').inputValue()).toBe('');
    expect(await page.getByRole('dialog', { name: /^Sign / }).count()).toBe(0);

    // B's own edit form holds B's details; saving it writes B, with the new e-mail.
    await memberB.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('form', { name: `Edit ${b.name}` });
    expect(await edit.getByLabel('First name').inputValue()).toBe(bBefore.firstName);
    expect(await edit.getByLabel('E-mail').inputValue()).toBe(bBefore.email);
    const newEmail = `issue17.${letterStamp().toLowerCase()}@example.com`;
    await edit.getByLabel('E-mail').fill(newEmail);
    await edit.getByLabel('Phone').fill('555-0117');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await visible(
      memberB
        .getByRole('status')
        .filter({ hasText: `Member details saved. On file now: ${b.name} · ${newEmail}` }),
    );
    await visible(memberB.getByText(`${newEmail} · 555-0117`, { exact: false }));

    expect(await profileOf(b.memberId)).toMatchObject({
      firstName: bBefore.firstName,
      lastName: bBefore.lastName,
      email: newEmail,
      phone: '555-0117',
    });
    expect(await profileOf(a.memberId)).toMatchObject({
      firstName: aBefore.firstName,
      lastName: aBefore.lastName,
      email: aBefore.email,
      phone: aBefore.phone,
    });
    // The e-mail is found by the next search, as the desk saved it.
    const found = await hostQuery<{ memberId: string }[]>(desk.desk, 'member.find', {
      text: newEmail,
    });
    expect(found.map((m) => m.memberId)).toEqual([b.memberId]);
  });
});

async function visible(locator: Locator, timeout?: number): Promise<void> {
  await locator.first().waitFor({ state: 'visible', ...(timeout ? { timeout } : {}) });
}

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
