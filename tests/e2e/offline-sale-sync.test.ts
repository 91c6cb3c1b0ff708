import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { systemClock } from '../../src-shared/time/clock';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { inTenantTransaction } from '../../sync-server/db/tenant-transaction';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  type TestDatabaseHandle,
  type TestStudio,
} from '../server/support/server-harness';
import {
  hostQuery,
  launchChromium,
  openScreen,
  screenshot,
  startE2eDesk,
  type E2eDesk,
} from './support/e2e-harness';

/**
 * A sale made while the studio's server is down is kept at the desk, counted as not yet
 * synced, and reaches the server exactly once when it is back, with the indicator counting
 * down to zero. The server is a real sync server on PGlite, stopped and restarted on the
 * same port.
 */
describe('a sale made while the server is down', () => {
  let database: TestDatabaseHandle;
  let studio: TestStudio;
  let server: FastifyInstance | undefined;
  let port = 0;
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;

  const listen = async () => {
    server = await startServer(database, systemClock);
    const url = await server.listen({ host: '127.0.0.1', port });
    port = Number(new URL(url).port);
    return url;
  };

  beforeAll(async () => {
    database = await openMigratedDatabase('pglite');
    studio = await createStudio(database.db, systemClock, 'Cedar Pilates');
    [desk, browser] = await Promise.all([startE2eDesk(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser.close();
    await desk.close();
    await server?.close();
    await database.dispose();
  });

  it('connects to the studio’s server from the first-run form', async () => {
    const url = await listen();
    const { code } = await createEnrollmentCode(
      { db: database.db, clock: systemClock },
      { tenantId: studio.tenantId },
    );
    await page.goto(desk.desk.url);
    const form = page.getByRole('form', { name: 'Connect to a studio' });
    await form.getByLabel('Server address').fill(url);
    await form.getByLabel('Enrolment code').fill(code);
    await form.getByLabel('Desk name').fill('Front desk 2');
    await form.getByRole('button', { name: 'Connect' }).click();
    await page.getByText('This desk joined Cedar Pilates.').waitFor();
    await page.getByRole('button', { name: /^Olive Owner/ }).click();
    await page.getByLabel('PIN for Olive Owner').fill('1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Signed in').getByText('Olive Owner').waitFor();
    await page.getByLabel('Not yet synced: 0').waitFor();
  });

  it('keeps the sale while the server is stopped and syncs it once when it is back', async () => {
    await server?.close();
    server = undefined;

    await openScreen(page, 'Gift cards');
    const screen = page.getByRole('region', { name: 'Gift cards' });
    await screen.getByLabel('Gift card amount').fill('25.00');
    const panel = screen.getByRole('region', { name: 'Payment' });
    // Card payments need the server: the card tender says so, the others stay usable.
    await expect(
      panel.getByRole('radio', { name: 'Card', exact: true }).isDisabled(),
    ).resolves.toBe(true);
    await panel.getByText(/^Card: /).waitFor();
    await panel.getByRole('radio', { name: 'Other (external)' }).check();
    await panel.getByLabel('Reference').fill('Bank transfer 77');
    await panel.getByRole('button', { name: 'Add tender' }).click();
    await screen.getByRole('button', { name: 'Sell gift card' }).click();
    await screen.getByRole('status', { name: 'New gift card code' }).waitFor();
    await page.getByLabel('Not yet synced: 1').waitFor();
    await page.getByRole('status', { name: 'Sync status' }).getByText('Offline').waitFor();
    await screenshot(page, 'offline-sale');

    const [order] = await hostQuery<{ orderId: string }[]>(desk.desk, 'pos.orders', { limit: 1 });
    if (!order) throw new Error('the desk recorded the sale');
    const onServer = () =>
      inTenantTransaction(database.db, studio.tenantId, (_trx, shared) =>
        shared.selectFrom('pos_orders').select('id').where('id', '=', order.orderId).execute(),
      );
    expect(await onServer()).toEqual([]);

    await listen();
    await page.getByLabel('Not yet synced: 0').waitFor({ timeout: 30_000 });
    await page.getByRole('status', { name: 'Sync status' }).getByText('Online').waitFor();
    expect(await onServer()).toEqual([{ id: order.orderId }]);
  });
});
