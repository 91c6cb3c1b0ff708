import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { studioClock } from '../../src-renderer/desk/studio-time';
import { findDemoFixtures, type DemoFixtures } from './support/demo-fixtures';
import {
  hostCall,
  hostQuery,
  letterStamp,
  openDemoSession,
  openScreen,
  type E2eDesk,
} from './support/e2e-harness';

interface Found {
  readonly memberId: string;
  readonly firstName: string;
  readonly lastName: string;
}
interface Profile {
  readonly email: string;
  readonly barcode: string | null;
  readonly membership: {
    readonly subscriptions: readonly { subscriptionId: string; usable: boolean }[];
  };
  readonly upcomingBookings: readonly { bookingId: string; classId: string; status: string }[];
}

/**
 * Issue 17 item 9: member data at the desk. A walk-in needs no e-mail and gets a card that
 * scans; a second member with someone's e-mail or card is refused with a clear message; the
 * profile shows purchase history in the studio's time; a booking is cancelled only after a
 * question.
 */
describe('issue 17 item 9: member data at the desk', () => {
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;
  let fixtures: DemoFixtures;
  const stamp = letterStamp();

  beforeAll(async () => {
    ({ desk, browser, page } = await openDemoSession('front_desk', { width: 1366, height: 860 }));
    fixtures = findDemoFixtures(desk.dataDir, Date.now());
    await openScreen(page, 'Member');
  }, 150_000);
  afterAll(async () => {
    await browser.close();
    await desk.close();
  });

  const find = (text: string) => hostQuery<Found[]>(desk.desk, 'member.find', { text });
  const profileOf = (memberId: string) =>
    hostQuery<Profile>(desk.desk, 'member.profile', { memberId, at: new Date().toISOString() });
  /** The zone the desk's screens show times in (useStudioTime). */
  const studioZone = async () => {
    const settings = await hostQuery<{ timeZone?: string }>(desk.desk, 'studio.settings', {});
    const locations = await hostQuery<{ timeZone: string }[]>(desk.desk, 'studio.locations', {});
    return settings.timeZone ?? locations[0]?.timeZone ?? 'UTC';
  };
  const openMember = async (search: string, name: string) => {
    await page.getByRole('combobox', { name: 'Find a member' }).fill(search);
    await page.getByRole('option', { name: new RegExp(`^${escape(name)}`) }).click();
    const article = page.getByRole('article', { name });
    await visible(article);
    return article;
  };

  it('issue 17 item 9: a walk-in with no e-mail gets a card that finds them; a taken e-mail or card is refused', async () => {
    const card = `W${stamp}`;
    await page.getByRole('button', { name: 'New member' }).click();
    const form = page.getByRole('form', { name: 'New member' });
    await form.getByLabel('First name').fill('Wanda');
    await form.getByLabel('Last name').fill(`Nomail${stamp}`);
    await form.getByLabel('Phone').fill('555-0191');
    await form.getByLabel('Card number').fill(card);
    await form.getByRole('button', { name: 'Add member' }).click();
    const name = `Wanda Nomail${stamp}`;
    const member = page.getByRole('article', { name });
    await visible(member.getByText(`no e-mail · 555-0191 · card ${card}`, { exact: false }));
    // The card is what a scan looks up: it finds exactly this member.
    const scanned = await find(card);
    expect(scanned.map((m) => `${m.firstName} ${m.lastName}`)).toEqual([name]);
    const walkInId = scanned[0]?.memberId ?? '';
    await openMember(card, name);

    // Another member's e-mail is refused next to the field, and nobody is added.
    const taken = fixtures.subscribers[0];
    const cardHolder = fixtures.subscribers[1];
    if (!taken || !cardHolder?.barcode) throw new Error('the demo studio has carded subscribers');
    await page.getByRole('button', { name: 'New member' }).click();
    await form.getByLabel('First name').fill('Copy');
    await form.getByLabel('Last name').fill(`Cat${stamp}`);
    await form.getByLabel('E-mail').fill(taken.email.toUpperCase());
    await form.getByRole('button', { name: 'Add member' }).click();
    await visible(
      form.getByRole('alert').filter({ hasText: `E-mail: The e-mail ${taken.email} is already` }),
    );
    expect(await find(`Cat${stamp}`)).toEqual([]);
    await form.getByRole('button', { name: 'Cancel' }).click();

    // An existing member's card: another member's is refused, a free one is set.
    await member.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('form', { name: `Edit ${name}` });
    expect(await edit.getByLabel('E-mail').inputValue()).toBe('');
    await edit.getByLabel('Card number').fill(cardHolder.barcode);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await visible(
      edit
        .getByRole('alert')
        .filter({ hasText: `Card ${cardHolder.barcode} already belongs to ${cardHolder.name}` }),
    );
    expect((await profileOf(walkInId)).barcode).toBe(card);
    const newCard = `X${stamp}`;
    await edit.getByLabel('Card number').fill(newCard);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await visible(member.getByText(`card ${newCard}`, { exact: false }));
    expect((await find(newCard)).map((m) => m.memberId)).toEqual([walkInId]);
    expect(await find(card)).toEqual([]);
  });

  it('issue 17 item 9: the profile lists purchases newest first, in the studio’s time', async () => {
    const db = new Database(join(desk.dataDir, 'desk.sqlite'), { readonly: true });
    const buyer = db
      .prepare(
        `select o.member_id, o.receipt_number, o.created_at, u.email, m.profile
           from pos_orders o
           join tenant_members m on m.id = o.member_id
           join users u on u.id = m.user_id
          where o.receipt_number is not null and u.email <> ''
          order by o.created_at desc limit 1`,
      )
      .get() as
      | {
          member_id: string;
          receipt_number: string;
          created_at: string;
          email: string;
          profile: string;
        }
      | undefined;
    db.close();
    if (!buyer) throw new Error('the demo studio has sales to members');
    const { firstName = '', lastName = '' } = JSON.parse(buyer.profile) as {
      firstName?: string;
      lastName?: string;
    };
    const zone = await studioZone();
    const member = await openMember(buyer.email, `${firstName} ${lastName}`);
    const purchases = member.getByRole('region', { name: 'Purchases' });
    const newest = purchases.getByRole('listitem').first();
    await visible(newest);
    const text = await newest.innerText();
    expect(text).toContain(buyer.receipt_number);
    expect(text).toContain(studioClock(zone).dateTime(buyer.created_at));
    expect(text).toMatch(/Paid \$/);
  });

  it('issue 17 item 9: cancelling a booking asks first; keeping it changes nothing', async () => {
    const member = fixtures.subscribers[0];
    if (!member) throw new Error('the demo studio has subscribers');
    const subscription = (await profileOf(member.memberId)).membership.subscriptions.find(
      (s) => s.usable,
    );
    if (!subscription) throw new Error('the subscriber has a usable subscription');
    await hostCall(desk.desk, 'desk.mutate', {
      name: 'booking.book',
      args: {
        classId: fixtures.klass.classId,
        memberId: member.memberId,
        paidBy: { method: 'subscription', subscriptionId: subscription.subscriptionId },
      },
    });
    const statusOf = async () =>
      (await profileOf(member.memberId)).upcomingBookings.find(
        (b) => b.classId === fixtures.klass.classId,
      )?.status;
    const article = await openMember(member.email, member.name);
    const when = studioClock(await studioZone()).dateTime(fixtures.klass.startTime);
    const cancel = article.getByRole('button', { name: `Cancel ${fixtures.klass.title}, ${when}` });
    await cancel.click();
    const question = article.getByRole('alertdialog', {
      name: `Cancel ${fixtures.klass.title}, ${when}?`,
    });
    await visible(question);
    expect(await statusOf()).toBe('confirmed');
    await question.getByRole('button', { name: 'Keep booking' }).click();
    expect(await question.count()).toBe(0);
    expect(await statusOf()).toBe('confirmed');

    await cancel.click();
    await question.getByRole('button', { name: 'Yes, cancel booking' }).click();
    await visible(
      article
        .getByRole('status')
        .filter({ hasText: `Booking for ${fixtures.klass.title} cancelled.` }),
    );
    // Inside the studio's late-cancel window it is recorded as a late cancel.
    expect(await statusOf()).toMatch(/^(late_)?cancelled$/);
  });
});

async function visible(locator: Locator, timeout?: number): Promise<void> {
  await locator.first().waitFor({ state: 'visible', ...(timeout ? { timeout } : {}) });
}

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
