import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { studioClock } from '../../src-renderer/desk/studio-time';
import { describeFindings, seriousAxeFindings } from './support/axe-check';
import {
  hostCall,
  hostQuery,
  openDemoSession,
  openScreen,
  type DemoSession,
} from './support/e2e-harness';

interface SeriesView {
  seriesId: string;
  title: string;
  capacity: number;
  status: 'active' | 'ended';
  recurrence: { weekdays: string[]; count: number | null; until: string | null } | null;
}
interface ClassView {
  classId: string;
  title: string;
  seriesId: string | null;
  startTime: string;
  capacity: number;
  status: string;
  confirmed: number;
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

/** YYYY-MM-DD moved by `days`, and its weekday's name. */
function dayAfter(date: string, days: number): { date: string; weekday: string } {
  const at = new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000);
  return { date: at.toISOString().slice(0, 10), weekday: WEEKDAY_NAMES[at.getUTCDay()] ?? '' };
}

/**
 * Studio › Classes, "Class series" (issue 18), as the demo studio's owner: a weekly series on
 * two days is created, its classes show in the series and on Today; a member is booked into
 * its first class; "this and following" cuts the places from the third class on (a split);
 * the first class is cancelled (its booking with it); the split-off series is ended.
 */
describe('class series in the studio console', () => {
  let session: DemoSession;
  let page: Page;
  const title = `E2E series flow ${Date.now() % 100_000}`;
  let zone = 'UTC';
  let first = { date: '', weekday: '' };
  let second = { date: '', weekday: '' };
  let today = '';

  beforeAll(async () => {
    session = await openDemoSession('owner', { width: 1366, height: 900 });
    page = session.page;
  }, 300_000);
  afterAll(async () => {
    await session.browser.close();
    await session.desk.close();
  });

  const desk = () => session.desk.desk;
  const classesTab = async () => {
    const studio = page.getByRole('region', { name: 'Studio' });
    await studio.getByRole('tab', { name: 'Classes', exact: true }).click();
    return studio.getByRole('tabpanel', { name: 'Classes' });
  };
  const seriesRows = () =>
    page
      .getByRole('region', { name: 'Class series' })
      .getByRole('listitem', { name: `Series ${title}` });
  const ourSeries = async () =>
    (await hostQuery<SeriesView[]>(desk(), 'classSeries.list', { includeEnded: true })).filter(
      (s) => s.title === title,
    );
  const ourClasses = async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 50 * 86_400_000).toISOString();
    return (await hostQuery<ClassView[]>(desk(), 'studio.classes', { from, to })).filter(
      (c) => c.title === title,
    );
  };

  it('creates a weekly series on two days and lists its classes', async () => {
    await openScreen(page, 'Studio');
    const tab = await classesTab();
    const form = tab.getByRole('form', { name: 'New series' });
    const locationId = await form.getByLabel('Location').inputValue();
    const locations = await hostQuery<{ locationId: string; timeZone: string }[]>(
      desk(),
      'studio.locations',
      {},
    );
    zone = locations.find((l) => l.locationId === locationId)?.timeZone ?? 'UTC';
    today = studioClock(zone).day(new Date());
    // Tomorrow and the day after it: every class is ahead, whatever the time now.
    first = dayAfter(today, 1);
    second = dayAfter(today, 3);

    await form.getByLabel('Series title').fill(title);
    await form.getByLabel(first.weekday, { exact: true }).check();
    await form.getByLabel(second.weekday, { exact: true }).check();
    await form.getByLabel('Start time').fill('18:00');
    await form.getByLabel('Length (minutes)').fill('45');
    await form.getByLabel('After a number of classes').check();
    await form.getByRole('textbox', { name: 'Number of classes' }).fill('8');
    await form.getByLabel('Places').fill('12');
    await form.getByLabel('Drop-in price').fill('20');
    await form.getByRole('button', { name: 'Create series' }).click();
    await visible(form.getByRole('status').getByText(`${title} is scheduled: 8 classes made.`));

    const [series] = await ourSeries();
    expect(series).toMatchObject({ capacity: 12, status: 'active', recurrence: { count: 8 } });
    const classes = await ourClasses();
    expect(classes).toHaveLength(8);
    expect(classes.map((c) => studioClock(zone).day(new Date(c.startTime))).slice(0, 2)).toEqual([
      first.date,
      second.date,
    ]);

    const row = seriesRows();
    await visible(row.getByText('Active', { exact: true }));
    await expect(row.textContent()).resolves.toContain('6:00 PM');
    await expect(row.textContent()).resolves.toContain('8 classes');
  });

  it('says why a series cannot be scheduled, and makes nothing', async () => {
    const form = (await classesTab()).getByRole('form', { name: 'New series' });
    await form.getByLabel('Series title').fill(`${title} none`);
    await form.getByLabel(first.weekday, { exact: true }).uncheck();
    await form.getByLabel(second.weekday, { exact: true }).uncheck();
    await form.getByRole('button', { name: 'Create series' }).click();
    await visible(form.getByRole('alert').getByText('Days: Tick at least one day.'));

    // Its one day falls after its last date: the desk refuses, in words.
    await form.getByLabel(second.weekday, { exact: true }).check();
    await form.getByLabel('On a date').check();
    await form.getByLabel('Last date').fill(dayAfter(today, 2).date);
    await form.getByRole('button', { name: 'Create series' }).click();
    await visible(form.getByRole('alert').getByText(/the series has no classes/i));
    const refused = await hostQuery<SeriesView[]>(desk(), 'classSeries.list', {});
    expect(refused.filter((s) => s.title === `${title} none`)).toHaveLength(0);
  });

  it('shows the series’ first class on the Today screen of its day', async () => {
    await openScreen(page, 'Today');
    await page.getByLabel('Day', { exact: true }).fill(first.date);
    await visible(page.getByRole('button', { name: new RegExp(`6:00 PM ${escape(title)} 0/12`) }));
    await openScreen(page, 'Studio');
  });

  it('lists the classes made, with a member booked into the first', async () => {
    const [klass] = await ourClasses();
    const member = bookableMember(session.desk.dataDir);
    await hostCall(desk(), 'desk.mutate', {
      name: 'booking.book',
      args: { classId: klass?.classId, memberId: member, paidBy: { method: 'free' } },
    });
    await classesTab();
    await seriesRows()
      .getByRole('button', { name: `Classes of ${title}` })
      .click();
    const upcoming = seriesRows().getByRole('region', { name: `Classes of ${title}` });
    await visible(upcoming.getByText('1 of 12 booked'));
    await expect.poll(() => upcoming.getByRole('button', { name: /^Edit / }).count()).toBe(8);
  });

  it('cuts the places from the third class on ("This and following")', async () => {
    const upcoming = seriesRows().getByRole('region', { name: `Classes of ${title}` });
    await upcoming
      .getByRole('button', { name: /^Edit / })
      .nth(2)
      .click();
    const edit = upcoming.getByRole('form', { name: new RegExp(`^Edit ${escape(title)}`) });
    await edit.getByLabel('This and following').check();
    await edit.getByLabel('Places').fill('10');
    // The tab with a series open and its edit form: no serious accessibility violation.
    expect(describeFindings(await seriousAxeFindings(page, 'Studio › Classes, series edit'))).toBe(
      '',
    );
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await visible(upcoming.getByRole('status').getByText(/on: 6 classes changed\./));

    const classes = await ourClasses();
    expect(classes.map((c) => c.capacity)).toEqual([12, 12, 10, 10, 10, 10, 10, 10]);
    const series = await ourSeries();
    expect(series).toHaveLength(2);
    expect(series.map((s) => s.recurrence?.count ?? null).sort()).toEqual([6, null]);
    // Both parts are listed: the first now ends the day before the split.
    await expect.poll(() => seriesRows().count()).toBe(2);
    await visible(seriesRows().filter({ hasText: /\d{4} · 6 classes/ }));
    await expect.poll(() => upcoming.getByRole('button', { name: /^Edit / }).count()).toBe(2);
  });

  it('cancels the first class, its booking with it', async () => {
    const upcoming = seriesRows().getByRole('region', { name: `Classes of ${title}` });
    await upcoming
      .getByRole('button', { name: /^Cancel / })
      .first()
      .click();
    const confirm = upcoming.getByRole('alertdialog', { name: `Cancel ${title}?` });
    await visible(confirm.getByText(/cancels its 1 booking and returns their class-pack credits/));
    await confirm.getByRole('button', { name: 'Yes, cancel the class' }).click();
    await visible(
      upcoming
        .getByRole('status')
        .getByText(/is cancelled: 1 booking cancelled, 0 pack credits returned\./),
    );
    await visible(upcoming.getByText('(Cancelled)'));
    const classes = await ourClasses();
    expect(classes.map((c) => c.status)).toEqual([
      'cancelled',
      ...Array<string>(7).fill('scheduled'),
    ]);
  });

  it('ends the split-off series after a confirmation', async () => {
    const row = seriesRows().filter({ hasText: /\d{4} · 6 classes/ });
    await row.getByRole('button', { name: `End ${title}` }).click();
    const confirm = row.getByRole('alertdialog', { name: `End ${title}?` });
    await visible(confirm.getByText(/credits returned/));
    expect(describeFindings(await seriousAxeFindings(page, 'Studio › Classes, end series'))).toBe(
      '',
    );
    await confirm.getByRole('button', { name: 'Yes, end the series' }).click();
    const tab = await classesTab();
    await visible(tab.getByText(`${title} has ended: 6 classes taken off the schedule.`));

    const series = await ourSeries();
    expect(series.map((s) => s.status).sort()).toEqual(['active', 'ended']);
    const classes = await ourClasses();
    expect(classes.map((c) => c.status)).toEqual(['cancelled', 'scheduled']);
    // Ended series are listed on request.
    await expect.poll(() => seriesRows().count()).toBe(1);
    await tab.getByLabel('Show ended series').check();
    await visible(seriesRows().getByText('Ended', { exact: true }));
  });
});

/** An active student whose required waivers are signed: one the desk books without questions. */
function bookableMember(dataDir: string): string {
  const db = new Database(join(dataDir, 'desk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        `select m.id from tenant_members m
           join tenant_roles r on r.member_id = m.id and r.role = 'student'
          where m.status = 'active'
            and not exists (select 1 from waiver_templates t
                             where t.tenant_id = m.tenant_id and t.required = 1 and t.active = 1
                               and not exists (select 1 from waiver_signatures s
                                                where s.template_id = t.id and s.member_id = m.id))
          order by m.id limit 1`,
      )
      .get() as { id: string } | undefined;
    if (!row) throw new Error('the demo studio has a member with the waivers signed');
    return row.id;
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
