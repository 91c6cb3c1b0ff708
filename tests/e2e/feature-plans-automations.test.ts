import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureOffReason } from '../../src-shared/features/feature-catalogue';
import type { MutationLogTable } from '../../sync-server/db/server-tables';
import { openScreen } from './support/e2e-harness';
import type { OwnerDesk } from './support/enrolled-desk';
import {
  goneAfterSwitch,
  openOwnerDeskForPlanSwitches,
  setPlanFeature,
  shownAfterSwitch,
} from './support/plan-switch';

const OFF_SENTENCE = /Automations are not part of this studio's plan/;

/**
 * Issue 20, R19 for automations: the owner's Studio › Automations tab follows the studio's
 * plan. A desk that had not heard of the switch yet (its server was down) saves an
 * automation; when the server is back it refuses that push with `not_in_plan` and the
 * plan's sentence, and the desk, pulling the switch in the same sync, hides the tab without
 * a restart. Switched back on, the tab returns and a save reaches the server.
 */
describe('issue 20: the automations plan feature at an open desk', () => {
  let owner: OwnerDesk;

  const studioScreen = () => owner.page.getByRole('region', { name: 'Studio' });
  const automationsTab = () =>
    studioScreen().getByRole('tab', { name: 'Automations', exact: true });
  const syncStatus = () => owner.page.getByRole('status', { name: 'Sync status' });
  /** Adds a Win-back at the open Automations tab; resolves when the desk has saved it. */
  const addWinBack = async (subject: string) => {
    await automationsTab().click();
    const add = studioScreen()
      .getByRole('tabpanel', { name: 'Automations' })
      .getByRole('form', { name: 'Add an automation' });
    await add.getByLabel('Trigger').selectOption({ label: 'Win-back' });
    await add.getByLabel('Days without a visit').fill('30');
    await add.getByLabel('Subject').fill(subject);
    await add.getByLabel('Message', { exact: true }).fill('Hi {{firstName}}, we kept your spot.');
    await add.getByRole('button', { name: 'Add automation' }).click();
    await add.getByRole('status').getByText('Win-back added.').waitFor();
  };
  const onServer = (subject: string) =>
    owner.onServer((_trx, shared) =>
      shared
        .selectFrom('marketing_automations')
        .select(['subject', 'is_enabled'])
        .where('subject', '=', subject)
        .execute(),
    );

  beforeAll(async () => {
    owner = await openOwnerDeskForPlanSwitches('Juniper Barre');
  }, 300_000);
  afterAll(() => owner.close());

  it('R19.2 a save from a desk that had not synced the switch is refused with the sentence, and the tab goes', async () => {
    const { page, database, studio, server } = owner;
    await openScreen(page, 'Studio');
    // On by default: a studio without a plan row has every feature.
    await automationsTab().waitFor();

    // The desk cannot hear of the switch: its server is down while the platform flips it.
    await server.stop();
    await setPlanFeature(database, studio.slug, 'automations', 'off');
    // Its own copy still says on, so it takes the save and keeps it to push.
    await addWinBack('Missed you (offline)');
    await page.getByLabel('Not yet synced: 1').waitFor();
    await syncStatus().getByText('Offline').waitFor();

    await server.start();
    await page.getByLabel('Not yet synced: 0').waitFor({ timeout: 30_000 });
    // The same sync pulled the switch: the tab leaves the open Studio screen.
    await goneAfterSwitch(automationsTab());
    await studioScreen().getByRole('tabpanel', { name: 'Settings' }).waitFor();

    const logged = await database.db
      .withTables<{ mutation_log: MutationLogTable }>()
      .selectFrom('mutation_log')
      .select(['outcome', 'code', 'reason'])
      .where('tenant_id', '=', studio.tenantId)
      .where('name', '=', 'automation.save')
      .execute();
    expect(logged).toEqual([
      {
        outcome: 'refused',
        code: 'not_in_plan',
        reason: `automation.save: ${featureOffReason('automations')}`,
      },
    ]);
    expect(await onServer('Missed you (offline)')).toEqual([]);

    // Staff read the refusal, in the plan's words, where refused changes are listed.
    await syncStatus().getByRole('button', { name: '1 refused' }).click();
    const refused = page.getByRole('list', { name: 'Refused changes' }).getByRole('listitem');
    await refused
      .filter({ hasText: 'automation.save' })
      .filter({ hasText: OFF_SENTENCE })
      .waitFor();
  });

  it('R19 switched back on, the tab returns without a restart and a save reaches the server', async () => {
    const { page, database, studio } = owner;
    await openScreen(page, 'Studio');
    await expect(automationsTab().count()).resolves.toBe(0);

    await setPlanFeature(database, studio.tenantId, 'automations', 'on');
    await shownAfterSwitch(automationsTab());
    await addWinBack('Missed you (back on)');
    await page.getByLabel('Not yet synced: 0').waitFor({ timeout: 30_000 });
    expect(await onServer('Missed you (back on)')).toEqual([
      { subject: 'Missed you (back on)', is_enabled: 1 },
    ]);
  });
});
