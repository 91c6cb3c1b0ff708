import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createSetupCode } from '../../sync-server/admin/setup-code-admin';
import {
  openMigratedDatabase,
  startServer,
  type TestDatabaseHandle,
} from '../server/support/server-harness';
import { launchChromium, startE2eDesk, type E2eDesk } from './support/e2e-harness';

/**
 * First run, "Set up a new studio" (issue 16), against a real sync server on PGlite: a setup
 * code from the operator, the form checked before it is sent, then the owner signs in.
 */
describe('setting up a new studio from the first-run screen', () => {
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;
  let handle: TestDatabaseHandle;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    handle = await openMigratedDatabase('pglite');
    const app = await startServer(handle, { now: () => Date.now() });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    close = async () => {
      await app.close();
    };
    [desk, browser] = await Promise.all([startE2eDesk(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1366, height: 1300 } });
    page.setDefaultTimeout(30_000);
  }, 180_000);
  afterAll(async () => {
    await browser.close();
    await desk.close();
    await close();
    await handle.dispose();
  });

  it('creates the studio, then the owner signs in', async () => {
    const { setupCode } = await createSetupCode({ db: handle.db }, {});
    await page.goto(desk.desk.url);
    const form = page.getByRole('form', { name: 'Set up a new studio' });
    await form.getByLabel('Studio server address').fill(url);
    await form.getByLabel('Setup code').fill(setupCode);
    await form.getByLabel('Studio name').fill('Harbor Pilates');
    await form.getByLabel('Time zone').fill('Europe/Berlin');
    await form.getByLabel('Currency').fill('EUR');
    await form.getByLabel('Owner first name').fill('Olga');
    await form.getByLabel('Owner last name').fill('Owner');
    await form.getByLabel('Owner e-mail').fill('olga@example.com');
    await form.getByLabel('Owner PIN', { exact: true }).fill('4321');
    await form.getByLabel('Owner PIN again').fill('4322');
    await form.getByRole('button', { name: 'Create the studio' }).click();
    // Checked before anything is sent: the code is still unused afterwards.
    await form.getByRole('alert').getByText('Owner PIN: The two PINs differ.').waitFor();
    await form.getByLabel('Owner PIN', { exact: true }).fill('4321');
    await form.getByLabel('Owner PIN again').fill('4321');
    await form.getByRole('button', { name: 'Create the studio' }).click();
    await page.getByRole('heading', { name: 'Who is at the desk?' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /^Olga Owner/ }).click();
    await page.getByLabel('PIN for Olga Owner').fill('4321');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Signed in').getByText('Olga Owner').waitFor();
    expect(await page.getByRole('button', { name: 'Studio', exact: true }).count()).toBe(1);
  });
});
