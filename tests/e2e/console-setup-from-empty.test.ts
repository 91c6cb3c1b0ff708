import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { VerifyView } from '../../src-shared/bridge/desk-methods';
import { createSetupCode } from '../../sync-server/admin/setup-code-admin';
import {
  openMigratedDatabase,
  startServer,
  type TestDatabaseHandle,
} from '../server/support/server-harness';
import {
  hostCall,
  hostQuery,
  launchChromium,
  openScreen,
  screenshot,
  startE2eDesk,
  type E2eDesk,
} from './support/e2e-harness';

/**
 * Issue 16 end to end: an EMPTY server (PGlite, no demo) and a setup code from the operator
 * (`serverctl setup-code`'s service); then, through the screens only, desk A sets up the
 * studio and its catalogue and issues a code for desk B; desk B enrols with it, adds a member
 * who signs the waiver, sells them the pack with the coupon and checks them in with it. Both
 * desks then verify against the server's checksums (R6). The steps share two pages in order;
 * the console screenshots for docs/SCREENS.md are taken on the way.
 */
describe('a studio set up from an empty server, then run from a second desk', () => {
  let deskA: E2eDesk;
  let deskB: E2eDesk;
  let browser: Browser;
  let pageA: Page;
  let pageB: Page;
  let handle: TestDatabaseHandle;
  let serverUrl: string;
  let closeServer: () => Promise<void>;
  let deskCode = '';

  const owner = 'Olga Owner';
  const pin = '4321';
  const pack = 'Five class pack';
  const coupon = 'WELCOME10';
  const waiver = 'Liability waiver';
  const classTitle = 'Evening flow';
  const member = { first: 'Wendy', last: 'Walkin', email: 'wendy@example.com' };
  // The studio and both browsers keep a zone where it is day now, so a class 20 minutes
  // ahead is on today's schedule whatever the hour the test runs at.
  const zone = daytimeZone(new Date());

  beforeAll(async () => {
    handle = await openMigratedDatabase('pglite');
    const app = await startServer(handle, { now: () => Date.now() });
    serverUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    closeServer = async () => {
      await app.close();
    };
    [deskA, deskB, browser] = await Promise.all([startE2eDesk(), startE2eDesk(), launchChromium()]);
    pageA = await browser.newPage({ viewport: { width: 1366, height: 1100 }, timezoneId: zone });
    pageB = await browser.newPage({ viewport: { width: 1366, height: 1100 }, timezoneId: zone });
    pageA.setDefaultTimeout(30_000);
    pageB.setDefaultTimeout(30_000);
  }, 180_000);
  afterAll(async () => {
    await browser.close();
    await Promise.all([deskA.close(), deskB.close()]);
    await closeServer();
    await handle.dispose();
  });

  const studio = () => pageA.getByRole('region', { name: 'Studio' });
  const tab = async (name: string) => {
    await studio().getByRole('tab', { name, exact: true }).click();
    return studio().getByRole('tabpanel', { name });
  };
  const part = async (name: string) => {
    const catalogue = await tab('Catalogue');
    await catalogue
      .getByRole('group', { name: 'Catalogue' })
      .getByRole('button', { name, exact: true })
      .click();
    return catalogue;
  };

  it('desk A sets up the studio from a setup code, and the owner signs in', async () => {
    // The server has no studio at all: what `serverctl setup-code` prints.
    const studios = await handle.db.selectFrom('tenants').select('id').execute();
    expect(studios).toEqual([]);
    const { setupCode } = await createSetupCode({ db: handle.db }, {});

    await pageA.goto(deskA.desk.url);
    const form = pageA.getByRole('form', { name: 'Set up a new studio' });
    await form.getByLabel('Studio server address').fill(serverUrl);
    await form.getByLabel('Setup code').fill(setupCode);
    await form.getByLabel('Studio name').fill('Harbor Pilates');
    await form.getByLabel('Time zone').fill(zone);
    await form.getByLabel('Currency').fill('EUR');
    await form.getByLabel('Owner first name').fill('Olga');
    await form.getByLabel('Owner last name').fill('Owner');
    await form.getByLabel('Owner e-mail').fill('olga@example.com');
    await form.getByLabel('Owner PIN', { exact: true }).fill(pin);
    await form.getByLabel('Owner PIN again').fill(pin);
    await screenshot(pageA, 'console-setup-form');
    await form.getByRole('button', { name: 'Create the studio' }).click();
    await signIn(pageA, 90_000);
    await openScreen(pageA, 'Studio');
  });

  it('sets the tax rates, and the studio has its first location', async () => {
    const settings = await tab('Settings');
    const form = settings.getByRole('form', { name: 'Studio settings' });
    await form.getByLabel('Tax on retail (%)').fill('8');
    await form.getByLabel('Tax on packs and memberships (%)').fill('5');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await visible(form.getByRole('status').getByText('Settings saved.'));
    await screenshot(pageA, 'console-settings');

    // Setting up made the first location, in the studio's zone: no second one is needed.
    const locations = await tab('Locations');
    await visible(locations.getByRole('article', { name: 'Harbor Pilates' }));
    await screenshot(pageA, 'console-locations');
  });

  it('adds two products with stock, a pack, a plan, a coupon and a waiver', async () => {
    const products = await part('Products');
    const add = products.getByRole('form', { name: 'Add a product' });
    for (const [name, price, stock] of [
      ['Grip socks', '12.50', '20'],
      ['Water bottle', '9.00', '15'],
    ] as const) {
      await add.getByLabel('Product name').fill(name);
      await add.getByLabel('Price', { exact: true }).fill(price);
      await add.getByLabel('Opening stock').fill(stock);
      await add.getByRole('button', { name: 'Add product' }).click();
      await visible(add.getByRole('status').getByText(`${name} added.`));
    }
    await screenshot(pageA, 'console-catalogue-products');

    const packs = await part('Class packs');
    const addPack = packs.getByRole('form', { name: 'Add a class pack' });
    await addPack.getByLabel('Pack name').fill(pack);
    await addPack.getByLabel('Credits').fill('5');
    await addPack.getByLabel('Pack price').fill('80');
    await addPack.getByLabel('Valid for (days)').fill('90');
    await addPack.getByRole('button', { name: 'Add pack' }).click();
    await visible(addPack.getByRole('status').getByText(`${pack} added.`));
    await screenshot(pageA, 'console-catalogue-packs');

    const plans = await part('Membership plans');
    const addPlan = plans.getByRole('form', { name: 'Add a membership plan' });
    await addPlan.getByLabel('Plan name').fill('Unlimited monthly');
    await addPlan.getByLabel('Plan price').fill('120');
    await addPlan.getByRole('button', { name: 'Add plan' }).click();
    await visible(addPlan.getByRole('status').getByText('Unlimited monthly added.'));
    await screenshot(pageA, 'console-catalogue-plans');

    const coupons = await part('Coupons');
    const addCoupon = coupons.getByRole('form', { name: 'Add a coupon' });
    await addCoupon.getByLabel('Coupon code').fill(coupon);
    await addCoupon.getByRole('textbox', { name: 'Percent off' }).fill('10');
    await addCoupon.getByRole('button', { name: /^Add/ }).click();
    await visible(addCoupon.getByRole('status').getByText(`Coupon ${coupon} added.`));
    await screenshot(pageA, 'console-catalogue-coupons');

    const waivers = await part('Waivers');
    const addWaiver = waivers.getByRole('form', { name: 'Add a waiver' });
    await addWaiver.getByLabel('Waiver title').fill(waiver);
    await addWaiver.getByLabel('Waiver text').fill('I take part at my own risk.');
    await addWaiver.getByLabel('Required before check-in').check();
    await addWaiver.getByRole('button', { name: 'Add waiver' }).click();
    await visible(addWaiver.getByRole('status').getByText(`${waiver} added.`));
    await screenshot(pageA, 'console-catalogue-waivers');
  });

  it('schedules a class that starts soon, paid by the pack', async () => {
    const classes = await tab('Classes');
    const form = classes.getByRole('form', { name: 'Schedule a class' });
    // Typed in the studio's zone; check-in opens an hour before the start.
    const starts = localMinute(new Date(Date.now() + 20 * 60_000), zone);
    await form.getByLabel('Class title').fill(classTitle);
    await form.getByLabel('Starts').fill(starts);
    await form.getByLabel('Length (minutes)').fill('60');
    await form.getByLabel('Places').fill('12');
    await form.getByLabel('Drop-in price').fill('20');
    await form.getByLabel(`Pack: ${pack}`).check();
    await form.getByRole('button', { name: 'Schedule class' }).click();
    await visible(form.getByRole('status').getByText(`${classTitle} is scheduled.`));
    await screenshot(pageA, 'console-classes');
    await tab('Staff');
    await screenshot(pageA, 'console-staff');
    await tab('Card payments');
    await screenshot(pageA, 'console-card-payments');
  });

  it('issues a code for a second desk from the Desks tab', async () => {
    const desks = await tab('Desks');
    await desks.getByRole('button', { name: 'Add a desk' }).click();
    const shown = desks.getByTestId('new-desk-code');
    await visible(shown);
    deskCode = (await shown.textContent()) ?? '';
    expect(deskCode).toMatch(/^\S{6,}$/);
  });

  it('desk B enrols with that code and its owner signs in', async () => {
    await pageB.goto(deskB.desk.url);
    const form = pageB.getByRole('form', { name: 'Connect to a studio' });
    await form.getByLabel('Server address').fill(serverUrl);
    await form.getByLabel('Enrolment code').fill(deskCode);
    await form.getByLabel('Desk name').fill('Desk B');
    await form.getByRole('button', { name: 'Connect' }).click();
    await signIn(pageB, 90_000);

    // Desk A's list now shows both desks.
    const desks = await tab('Desks');
    await desks.getByRole('button', { name: 'Refresh the desks' }).click();
    await visible(desks.getByRole('listitem', { name: 'Desk B' }));
    await screenshot(pageA, 'console-desks');
  });

  it('at desk B: a new member signs the waiver', async () => {
    await openScreen(pageB, 'Member');
    await pageB.getByRole('button', { name: 'New member', exact: true }).click();
    const form = pageB.getByRole('form', { name: 'New member' });
    await form.getByLabel('First name').fill(member.first);
    await form.getByLabel('Last name').fill(member.last);
    await form.getByLabel('E-mail').fill(member.email);
    await form.getByRole('button', { name: 'Add member' }).click();
    const name = `${member.first} ${member.last}`;
    const article = pageB.getByRole('article', { name });
    await article.getByRole('button', { name: `Sign ${waiver}` }).click();
    const pad = pageB.getByRole('dialog', { name: `Sign ${waiver}` }).getByLabel('Signature pad');
    const box = await pad.boundingBox();
    if (!box) throw new Error('the signature pad is on screen');
    await pageB.mouse.move(box.x + 40, box.y + 60);
    await pageB.mouse.down();
    for (const [dx, dy] of [
      [80, -30],
      [160, 20],
      [240, -25],
    ] as const) {
      await pageB.mouse.move(box.x + dx, box.y + 60 + dy, { steps: 4 });
    }
    await pageB.mouse.up();
    await pageB.getByRole('button', { name: 'Save signature' }).click();
    await visible(article.getByRole('status').filter({ hasText: `${waiver} signed.` }));
  });

  it('at desk B: opens the cash drawer, then sells the pack with the coupon on the Sell screen', async () => {
    // Cash needs an open drawer at this desk.
    await openScreen(pageB, 'Cash drawer');
    await pageB
      .getByRole('region', { name: 'Cash drawer' })
      .getByLabel('Opening float')
      .fill('100.00');
    await pageB.getByRole('button', { name: 'Open drawer' }).click();
    await visible(pageB.getByRole('status').filter({ hasText: 'Drawer open.' }));

    await openScreen(pageB, 'Sell');
    const screen = pageB.getByRole('region', { name: 'Sell' });
    await screen
      .getByRole('group', { name: 'Products' })
      .getByRole('button', { name: new RegExp(`^${pack}`) })
      .click();
    await screen.getByLabel('Coupon').fill(coupon);
    await screen.getByRole('combobox', { name: 'Member (needed for a pack)' }).fill(member.first);
    await pageB.getByRole('option', { name: new RegExp(member.email) }).click();
    // 80.00 less 10%, plus 5% tax on packs: 75.60.
    await visible(screen.getByText('€75.60'));
    const panel = screen.getByRole('region', { name: 'Payment' });
    await panel.getByRole('radio', { name: 'Cash', exact: true }).check();
    await panel.getByRole('button', { name: 'Add tender' }).click();
    await screen.getByRole('button', { name: 'Complete sale' }).click();
    await visible(screen.getByRole('figure', { name: 'Receipt preview' }));
    const [sale] = await hostQuery<{ total: number }[]>(deskB.desk, 'pos.orders', { limit: 1 });
    expect(sale?.total).toBe(7560);
  });

  it('at desk B: checks the member into the class with a credit from the pack', async () => {
    await openScreen(pageB, 'Today');
    await pageB.getByRole('combobox', { name: 'Check in a member' }).fill(member.first);
    await pageB.getByRole('option', { name: new RegExp(member.email) }).click();
    await visible(
      pageB
        .getByRole('status')
        .filter({ hasText: `${member.first} ${member.last} is checked in to ${classTitle} (pack` }),
    );
  });

  it('R6 both desks, synced, match the server table by table', async () => {
    await hostCall(deskB.desk, 'sync.now', {});
    await hostCall(deskA.desk, 'sync.now', {});
    const [a, b] = await Promise.all([
      hostCall<VerifyView>(deskA.desk, 'sync.verify', {}),
      hostCall<VerifyView>(deskB.desk, 'sync.verify', {}),
    ]);
    expect(a).toMatchObject({ matches: true, mismatchedTables: [] });
    expect(b).toMatchObject({ matches: true, mismatchedTables: [] });
    expect(a.position).toBe(b.position);
    // Desk A has desk B's sale.
    const [sale] = await hostQuery<{ total: number }[]>(deskA.desk, 'pos.orders', { limit: 1 });
    expect(sale?.total).toBe(7560);
  });

  async function signIn(page: Page, timeout = 30_000) {
    await page.getByRole('heading', { name: 'Who is at the desk?' }).waitFor({ timeout });
    await page.getByRole('button', { name: new RegExp(`^${owner}`) }).click();
    await page.getByLabel(`PIN for ${owner}`).fill(pin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByLabel('Signed in').getByText(owner));
  }
});

/** Zones spread round the clock (no gap over 5.5 hours): one has a local hour in 6..20. */
const ZONES = [
  'Pacific/Kiritimati',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
  'Pacific/Honolulu',
];

function localParts(at: Date, zone: string): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

function daytimeZone(at: Date): string {
  const found = ZONES.find((zone) => {
    const hour = Number(localParts(at, zone).hour);
    return hour >= 6 && hour <= 20;
  });
  if (found === undefined) throw new Error(`no zone in daytime at ${at.toISOString()}`);
  return found;
}

/** `YYYY-MM-DDTHH:mm` in `zone`, as a datetime-local input takes it. */
function localMinute(at: Date, zone: string): string {
  const p = localParts(at, zone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

async function visible(locator: Locator, timeout = 30_000) {
  await locator.first().waitFor({ state: 'visible', timeout });
}
