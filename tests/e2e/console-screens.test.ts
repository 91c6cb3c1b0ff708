import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  hostCall,
  hostQuery,
  openDemoSession,
  openScreen,
  signInWithPin,
  type E2eDesk,
} from './support/e2e-harness';

/**
 * The studio console (issue 16) on the demo studio, as its owner: a product added and its
 * price changed, and a class scheduled, all through the screens. The steps share one page.
 */
describe('the studio console in a browser, on the demo studio', () => {
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;
  const product = `E2E grip socks ${Date.now() % 100_000}`;
  const classTitle = `E2E sunrise flow ${Date.now() % 100_000}`;

  beforeAll(async () => {
    ({ desk, browser, page } = await openDemoSession('owner', { width: 1366, height: 900 }));
  }, 180_000);
  afterAll(async () => {
    await browser.close();
    await desk.close();
  });

  const studio = () => page.getByRole('region', { name: 'Studio' });
  const tab = async (name: string) => {
    await studio().getByRole('tab', { name, exact: true }).click();
    return studio().getByRole('tabpanel', { name });
  };

  it('adds a product and changes its price', async () => {
    await openScreen(page, 'Studio');
    const catalogue = await tab('Catalogue');
    const add = catalogue.getByRole('form', { name: 'Add a product' });
    await add.getByLabel('Product name').fill(product);
    await add.getByLabel('Price', { exact: true }).fill('12.50');
    await add.getByLabel('Opening stock').fill('10');
    await add.getByRole('button', { name: 'Add product' }).click();
    await visible(add.getByRole('status').getByText(`${product} added.`));

    await catalogue.getByRole('button', { name: `Edit ${product}` }).click();
    const edit = catalogue.getByRole('form', { name: `Edit ${product}` });
    await edit.getByLabel('Price', { exact: true }).fill('14');
    await edit.getByRole('button', { name: 'Save product' }).click();
    await visible(edit.getByRole('status').getByText(`${product} saved.`));

    const products = await hostQuery<{ name: string; price: number; stockQuantity: number }[]>(
      desk.desk,
      'catalogue.products',
      {},
    );
    expect(products.find((p) => p.name === product)).toMatchObject({
      price: 1400,
      stockQuantity: 10,
    });
  });

  it('refuses a price it cannot read, next to the field, and sends nothing', async () => {
    const catalogue = await tab('Catalogue');
    const add = catalogue.getByRole('form', { name: 'Add a product' });
    await add.getByLabel('Product name').fill(`${product} bad`);
    await add.getByLabel('Price', { exact: true }).fill('twelve');
    await add.getByRole('button', { name: 'Add product' }).click();
    await visible(add.getByRole('alert').getByText(/^Price:/));
  });

  it('schedules a class', async () => {
    const classes = await tab('Classes');
    const form = classes.getByRole('form', { name: 'Schedule a class' });
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = tomorrow.toISOString().slice(0, 10);
    await form.getByLabel('Class title').fill(classTitle);
    await form.getByLabel('Starts').fill(`${day}T18:00`);
    await form.getByLabel('Length (minutes)').fill('45');
    await form.getByLabel('Places').fill('12');
    await form.getByLabel('Drop-in price').fill('20');
    await form.getByRole('button', { name: 'Schedule class' }).click();
    await visible(form.getByRole('status').getByText(`${classTitle} is scheduled.`));

    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const scheduled = await hostQuery<
      { title: string; capacity: number; durationMinutes: number; dropInPrice: number }[]
    >(desk.desk, 'studio.classes', { from, to });
    expect(scheduled.find((c) => c.title === classTitle)).toMatchObject({
      capacity: 12,
      durationMinutes: 45,
      dropInPrice: 2000,
    });
  });

  it('keeps a half-filled form when the tabs change', async () => {
    const settings = await tab('Settings');
    await settings.getByLabel('Receipt footer').fill('Half typed');
    await tab('Staff');
    const again = await tab('Settings');
    await expect(again.getByLabel('Receipt footer').inputValue()).resolves.toBe('Half typed');
  });

  it('shows the Studio screen to owners and managers only', async () => {
    const staff = await hostCall<{ name: string; roles: string[] }[]>(desk.desk, 'staff.list', {});
    const frontDesk = staff.find(
      (s) =>
        s.roles.includes('front_desk') && !s.roles.some((r) => r === 'owner' || r === 'manager'),
    )?.name;
    if (frontDesk === undefined) throw new Error('the demo studio has front-desk staff');
    await page.getByRole('button', { name: 'Switch staff' }).click();
    await signInWithPin(page, frontDesk);
    const nav = page.getByRole('navigation', { name: 'Screens' });
    await visible(nav.getByRole('button', { name: 'Today', exact: true }));
    await expect(nav.getByRole('button', { name: 'Studio', exact: true }).count()).resolves.toBe(0);
  });
});

async function visible(locator: Locator, timeout = 20_000) {
  await locator.first().waitFor({ state: 'visible', timeout });
}
