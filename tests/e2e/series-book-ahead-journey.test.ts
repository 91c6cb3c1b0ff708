import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { studioClock } from '../../src-renderer/desk/studio-time';
import { hostQuery, openDemoSession, openScreen, type DemoSession } from './support/e2e-harness';

interface PackHolder {
  readonly memberId: string;
  readonly name: string;
  readonly email: string;
}

const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];

/**
 * Issue 18's journey, on the demo studio as its owner: a weekly series is created in
 * Studio › Classes; the desk books a member ahead into its first class with a class-pack
 * credit (Member › Book a class); the owner cancels that class; the credit is back on the
 * member's page.
 */
describe('a series class booked ahead with a pack, then cancelled', () => {
  let session: DemoSession;
  let page: Page;
  let member: PackHolder;
  let creditsBefore = 0;
  const title = `E2E journey flow ${Date.now() % 100_000}`;
  let firstDate = '';

  beforeAll(async () => {
    session = await openDemoSession('owner', { width: 1366, height: 900 });
    page = session.page;
    member = packHolder(session.desk.dataDir, Date.now());
  }, 300_000);
  afterAll(async () => {
    await session.browser.close();
    await session.desk.close();
  });

  const desk = () => session.desk.desk;
  const seriesRow = () =>
    page
      .getByRole('region', { name: 'Class series' })
      .getByRole('listitem', { name: `Series ${title}` });
  const packCredits = async () =>
    (
      await hostQuery<{ packCredits: number }>(desk(), 'member.profile', {
        memberId: member.memberId,
        at: new Date().toISOString(),
      })
    ).packCredits;
  const openMember = async () => {
    await openScreen(page, 'Member');
    await page.getByRole('combobox', { name: 'Find a member' }).fill(member.email);
    await page.getByRole('option', { name: new RegExp(escape(member.email)) }).click();
    const article = page.getByRole('article', { name: member.name });
    await visible(article);
    return article;
  };

  it('the owner creates a weekly series', async () => {
    await openScreen(page, 'Studio');
    const studio = page.getByRole('region', { name: 'Studio' });
    await studio.getByRole('tab', { name: 'Classes', exact: true }).click();
    const form = studio.getByRole('form', { name: 'New series' });
    const locationId = await form.getByLabel('Location').inputValue();
    const locations = await hostQuery<{ locationId: string; timeZone: string }[]>(
      desk(),
      'studio.locations',
      {},
    );
    const zone = locations.find((l) => l.locationId === locationId)?.timeZone ?? 'UTC';
    // Tomorrow in the studio: the first class is ahead whatever the time now.
    const tomorrow = new Date(
      Date.parse(`${studioClock(zone).day(new Date())}T12:00:00Z`) + 86_400_000,
    );
    firstDate = tomorrow.toISOString().slice(0, 10);
    await form.getByLabel('Series title').fill(title);
    await form.getByLabel(WEEKDAY_NAMES[tomorrow.getUTCDay()] ?? '', { exact: true }).check();
    await form.getByLabel('Start time').fill('18:00');
    await form.getByLabel('After a number of classes').check();
    await form.getByRole('textbox', { name: 'Number of classes' }).fill('4');
    await form.getByRole('button', { name: 'Create series' }).click();
    await visible(form.getByRole('status').getByText(`${title} is scheduled: 4 classes made.`));
  });

  it('the desk books the member ahead into its first class with a pack credit', async () => {
    creditsBefore = await packCredits();
    const article = await openMember();
    await visible(article.getByRole('heading', { name: `Packs: ${creditsBefore} credits` }));
    await page.getByRole('button', { name: 'Book a class', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Book a class for ${member.name}` });
    await dialog.getByLabel('Day', { exact: true }).fill(firstDate);
    await dialog.getByRole('button', { name: new RegExp(escape(title)) }).click();
    await dialog
      .getByRole('radio', { name: /^Class pack/ })
      .first()
      .check();
    await dialog.getByRole('button', { name: `Book ${title}` }).click();
    await visible(
      page
        .getByRole('status')
        .getByText(new RegExp(`is booked into ${escape(title)}.*pack credit`)),
    );
    await visible(article.getByRole('heading', { name: `Packs: ${creditsBefore - 1} credits` }));
    await expect(packCredits()).resolves.toBe(creditsBefore - 1);
  });

  it('the owner cancels that class and the credit is back on the member’s page', async () => {
    await openScreen(page, 'Studio');
    await seriesRow()
      .getByRole('button', { name: `Classes of ${title}` })
      .click();
    const upcoming = seriesRow().getByRole('region', { name: `Classes of ${title}` });
    await visible(upcoming.getByText('1 of 20 booked'));
    await upcoming
      .getByRole('button', { name: /^Cancel / })
      .first()
      .click();
    const confirm = upcoming.getByRole('alertdialog', { name: `Cancel ${title}?` });
    await visible(confirm.getByText(/cancels its 1 booking and returns their class-pack credits/));
    await confirm.getByRole('button', { name: 'Yes, cancel the class' }).click();
    await visible(
      upcoming.getByRole('status').getByText(/1 booking cancelled, 1 pack credit returned\./),
    );

    const article = await openMember();
    await visible(article.getByRole('heading', { name: `Packs: ${creditsBefore} credits` }));
    await expect(packCredits()).resolves.toBe(creditsBefore);
  });
});

/**
 * An active student with one usable class pack (credits left, not expiring within the month)
 * and the required waivers signed, whose name is theirs alone: the dialog offers that pack.
 */
function packHolder(dataDir: string, nowMs: number): PackHolder {
  const db = new Database(join(dataDir, 'desk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const later = new Date(nowMs + 31 * 86_400_000).toISOString();
    const rows = db
      .prepare(
        `select m.id, m.profile, u.email from tenant_members m
           join users u on u.id = m.user_id
           join tenant_roles r on r.member_id = m.id and r.role = 'student'
          where m.status = 'active'
            and (select count(*) from purchased_packs p where p.member_id = m.id
                  and p.remaining_credits > 0
                  and (p.expires_at is null or p.expires_at > @later)) = 1
            and not exists (select 1 from purchased_packs p where p.member_id = m.id
                  and p.remaining_credits > 0 and p.expires_at is not null and p.expires_at <= @later)
            and not exists (select 1 from waiver_templates t
                             where t.tenant_id = m.tenant_id and t.required = 1 and t.active = 1
                               and not exists (select 1 from waiver_signatures s
                                                where s.template_id = t.id and s.member_id = m.id))
          order by m.id limit 50`,
      )
      .all({ later }) as { id: string; profile: string; email: string }[];
    const named = rows.map((row) => {
      const profile = JSON.parse(row.profile) as { firstName?: string; lastName?: string };
      return {
        memberId: row.id,
        name: `${profile.firstName ?? ''} ${profile.lastName ?? ''}`,
        email: row.email,
      };
    });
    const holder = named.find((m) => named.filter((o) => o.name === m.name).length === 1);
    if (!holder) throw new Error('the demo studio has a member with one usable class pack');
    return holder;
  } finally {
    db.close();
  }
}

async function visible(locator: Locator, timeout = 20_000) {
  await locator.first().waitFor({ state: 'visible', timeout });
}

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
