import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScreen } from './support/e2e-harness';
import type { OwnerDesk } from './support/enrolled-desk';
import {
  goneAfterSwitch,
  openOwnerDeskForPlanSwitches,
  setPlanFeature,
  shownAfterSwitch,
} from './support/plan-switch';

/**
 * Issue 20, R19: the platform switches a studio's appointments and card payments off with
 * `serverctl features set` while a desk is open; the server pokes the desk (NOTIFY from the
 * commit), which pulls the switch, and the Appointments screen, its Studio tab and the card
 * tender disappear. Switched back on, they come back: no reload, no restart.
 */
describe('issue 20: feature plans reach an open desk', () => {
  let owner: OwnerDesk;

  const nav = () => owner.page.getByRole('navigation', { name: 'Screens' });
  const appointmentsButton = () => nav().getByRole('button', { name: 'Appointments', exact: true });
  const cardTender = () =>
    owner.page
      .getByRole('region', { name: 'Gift cards' })
      .getByRole('region', { name: 'Payment' })
      .getByRole('radio', { name: 'Card', exact: true });
  const appointmentsTab = () =>
    owner.page.getByRole('tablist', { name: 'Studio' }).getByRole('tab', { name: 'Appointments' });

  beforeAll(async () => {
    owner = await openOwnerDeskForPlanSwitches('Juniper Barre');
  }, 300_000);
  afterAll(() => owner.close());

  it('R19 switched off at the server, appointments and the card tender leave the open desk; switched on, they return', async () => {
    const { page, database, studio } = owner;
    // On by default: a studio without a plan row has every feature.
    await shownAfterSwitch(appointmentsButton());
    await openScreen(page, 'Appointments');
    await openScreen(page, 'Studio');
    await shownAfterSwitch(appointmentsTab());
    await openScreen(page, 'Gift cards');
    await page
      .getByRole('region', { name: 'Gift cards' })
      .getByLabel('Gift card amount')
      .fill('25.00');
    await shownAfterSwitch(cardTender());
    await openScreen(page, 'Appointments');

    await setPlanFeature(database, studio.slug, 'appointments', 'off');
    await setPlanFeature(database, studio.tenantId, 'card_payments', 'off');
    // The open Appointments screen gives way to Today; the nav, the tab and the tender go.
    await goneAfterSwitch(appointmentsButton());
    await shownAfterSwitch(page.getByRole('region', { name: 'Today' }));
    await openScreen(page, 'Studio');
    await expect(appointmentsTab().count()).resolves.toBe(0);
    await openScreen(page, 'Gift cards');
    await goneAfterSwitch(cardTender());
    await expect(
      page
        .getByRole('region', { name: 'Gift cards' })
        .getByText(/^Card: /)
        .count(),
    ).resolves.toBe(0);

    await setPlanFeature(database, studio.slug, 'appointments', 'on');
    await setPlanFeature(database, studio.slug, 'card_payments', 'on');
    await shownAfterSwitch(appointmentsButton());
    await shownAfterSwitch(cardTender());
    await openScreen(page, 'Appointments');
    await shownAfterSwitch(page.getByRole('region', { name: 'Appointments' }));
    await openScreen(page, 'Studio');
    await shownAfterSwitch(appointmentsTab());
  });
});
