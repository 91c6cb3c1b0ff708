import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { systemClock } from '../../src-shared/time/clock';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { runServerctl } from '../../sync-server/cli/serverctl-commands';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  type TestDatabaseHandle,
  type TestStudio,
} from '../server/support/server-harness';
import { launchChromium, openScreen, startE2eDesk, type E2eDesk } from './support/e2e-harness';

/**
 * Issue 20, R19: the platform switches a studio's appointments and card payments off with
 * `serverctl features set` while a desk is open; the server pokes the desk (NOTIFY from the
 * commit), which pulls the switch, and the Appointments screen, its Studio tab and the card
 * tender disappear. Switched back on, they come back: no reload, no restart.
 */
describe('issue 20: feature plans reach an open desk', () => {
  let database: TestDatabaseHandle;
  let studio: TestStudio;
  let server: FastifyInstance;
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;

  const serverctl = async (...argv: string[]) => {
    const err: string[] = [];
    const code = await runServerctl(argv, {
      env: { DATABASE_URL: database.url ?? '' },
      out: () => undefined,
      err: (text) => err.push(text),
      shutdown: new Promise(() => undefined),
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
  };
  const nav = () => page.getByRole('navigation', { name: 'Screens' });
  const appointmentsButton = () => nav().getByRole('button', { name: 'Appointments', exact: true });
  const cardTender = () =>
    page
      .getByRole('region', { name: 'Gift cards' })
      .getByRole('region', { name: 'Payment' })
      .getByRole('radio', { name: 'Card', exact: true });
  const appointmentsTab = () =>
    page.getByRole('tablist', { name: 'Studio' }).getByRole('tab', { name: 'Appointments' });
  const gone = (locator: Locator) => locator.waitFor({ state: 'detached', timeout: 30_000 });
  const shown = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 30_000 });

  beforeAll(async () => {
    database = await openMigratedDatabase('postgres');
    studio = await createStudio(database.db, systemClock, 'Juniper Barre');
    server = await startServer(database, systemClock, {
      // `serverctl` is another process's connection: its commit reaches this server's
      // desks through LISTEN/NOTIFY (R5.1), as with a running `serverctl serve`.
      ...(database.url === undefined ? {} : { listenConnectionString: database.url }),
    });
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    [desk, browser] = await Promise.all([startE2eDesk(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    page.setDefaultTimeout(20_000);
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
    await page.getByRole('button', { name: /^Olive Owner/ }).click();
    await page.getByLabel('PIN for Olive Owner').fill('1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Signed in').getByText('Olive Owner').waitFor();
  }, 300_000);
  afterAll(async () => {
    await browser.close();
    await desk.close();
    await server.close();
    await database.dispose();
  });

  it('R19 switched off at the server, appointments and the card tender leave the open desk; switched on, they return', async () => {
    // On by default: a studio without a plan row has every feature.
    await shown(appointmentsButton());
    await openScreen(page, 'Appointments');
    await openScreen(page, 'Studio');
    await shown(appointmentsTab());
    await openScreen(page, 'Gift cards');
    await page
      .getByRole('region', { name: 'Gift cards' })
      .getByLabel('Gift card amount')
      .fill('25.00');
    await shown(cardTender());
    await openScreen(page, 'Appointments');

    await serverctl('features', 'set', '--tenant', studio.slug, 'appointments', 'off');
    await serverctl('features', 'set', '--tenant', studio.tenantId, 'card_payments', 'off');
    // The open Appointments screen gives way to Today; the nav, the tab and the tender go.
    await gone(appointmentsButton());
    await shown(page.getByRole('region', { name: 'Today' }));
    await openScreen(page, 'Studio');
    await expect(appointmentsTab().count()).resolves.toBe(0);
    await openScreen(page, 'Gift cards');
    await gone(cardTender());
    await expect(
      page
        .getByRole('region', { name: 'Gift cards' })
        .getByText(/^Card: /)
        .count(),
    ).resolves.toBe(0);

    await serverctl('features', 'set', '--tenant', studio.slug, 'appointments', 'on');
    await serverctl('features', 'set', '--tenant', studio.slug, 'card_payments', 'on');
    await shown(appointmentsButton());
    await shown(cardTender());
    await openScreen(page, 'Appointments');
    await shown(page.getByRole('region', { name: 'Appointments' }));
    await openScreen(page, 'Studio');
    await shown(appointmentsTab());
  });
});
