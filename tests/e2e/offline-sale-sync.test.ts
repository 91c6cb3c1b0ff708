import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hostQuery, openScreen, screenshot, type FreshDesk } from './support/e2e-harness';
import { openStudioOnServer, type StudioOnServer } from './support/enrolled-desk';

/**
 * A sale made while the studio's server is down is kept at the desk, counted as not yet
 * synced, and reaches the server exactly once when it is back, with the indicator counting
 * down to zero. The server is a real sync server on PGlite, stopped and restarted on the
 * same port.
 */
describe('a sale made while the server is down', () => {
  let world: StudioOnServer;
  let session: FreshDesk;
  let page: Page;

  beforeAll(async () => {
    world = await openStudioOnServer('Cedar Pilates');
    session = await world.openDesk();
    page = session.page;
  });
  afterAll(() => world.close());

  it('connects to the studio’s server from the first-run form', async () => {
    await world.enrolAndSignIn(page, 'Olive Owner', 'Front desk 2');
  });

  it('keeps the sale while the server is stopped and syncs it once when it is back', async () => {
    await world.server.stop();

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

    const [order] = await hostQuery<{ orderId: string }[]>(session.desk.desk, 'pos.orders', {
      limit: 1,
    });
    if (!order) throw new Error('the desk recorded the sale');
    const onServer = () =>
      world.onServer((_trx, shared) =>
        shared.selectFrom('pos_orders').select('id').where('id', '=', order.orderId).execute(),
      );
    expect(await onServer()).toEqual([]);

    await world.server.start();
    await page.getByLabel('Not yet synced: 0').waitFor({ timeout: 30_000 });
    await page.getByRole('status', { name: 'Sync status' }).getByText('Online').waitFor();
    expect(await onServer()).toEqual([{ id: order.orderId }]);
  });
});
