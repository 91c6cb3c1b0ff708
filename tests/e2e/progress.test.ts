import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { systemClock } from '../../src-shared/time/clock';
import { addStaff } from '../../sync-server/admin/staff-admin';
import { insertPerson } from '../front-desk/front-desk-harness';
import { TEST_PIN_COST } from '../server/support/server-harness';
import { describeFindings, seriousAxeFindings } from './support/axe-check';
import { openScreen, screenshot } from './support/e2e-harness';
import { openStudioOnServer, type StudioOnServer } from './support/enrolled-desk';

/**
 * Issue 20, progress (PROTOCOL.md R21): the front desk logs a belt promotion on a member's
 * page, it shows with its name, it reaches the server, and "What the member sees" leaves
 * out the studio's staff-only metric.
 */
describe('progress on the member page', () => {
  let world: StudioOnServer;
  let page: Page;
  let member: { readonly memberId: string; readonly email: string };

  const expectNoSeriousAxe = async (name: string) => {
    const findings = await seriousAxeFindings(page, name);
    expect(findings, describeFindings(findings)).toEqual([]);
  };

  beforeAll(async () => {
    world = await openStudioOnServer('Iron Lotus Jiu-Jitsu');
    const { studio } = world;
    await addStaff(
      { db: world.database.db, clock: systemClock },
      {
        tenantId: studio.tenantId,
        email: `frida-${randomUUID().slice(0, 8)}@example.com`,
        firstName: 'Frida',
        lastName: 'Desk',
        role: 'front_desk',
        pin: '1234',
      },
      TEST_PIN_COST,
    );
    const at = new Date().toISOString();
    member = await world.onServer(async (_trx, shared) => {
      const person = await insertPerson(shared, {
        tenantId: studio.tenantId,
        firstName: 'Mika',
        role: 'student',
        at,
        newId: randomUUID,
      });
      const metric = (name: string, category: 'rank' | 'body', unit: string, visible: 0 | 1) => ({
        id: randomUUID(),
        tenant_id: studio.tenantId,
        name,
        category,
        unit,
        icon: null,
        aggregation: 'latest' as const,
        visible_to_students: visible,
        active: 1 as const,
        display_order: visible === 1 ? 0 : 1,
      });
      await shared
        .insertInto('progress_metric_definitions')
        .values([metric('Belt', 'rank', 'level', 1), metric('Body weight', 'body', 'kg', 0)])
        .execute();
      return { memberId: person.memberId, email: `mika.${person.memberId.slice(-8)}@example.com` };
    });
    ({ page } = await world.openDesk());
  });
  afterAll(() => world.close());

  it('the front desk logs a belt promotion; the student view hides the staff-only metric', async () => {
    await world.enrolAndSignIn(page, 'Frida Desk');

    await openScreen(page, 'Member');
    await page.getByRole('combobox', { name: 'Find a member' }).fill(member.email);
    await page.getByRole('option', { name: member.email }).click();
    const progress = page.getByRole('region', { name: 'Progress', exact: true });
    await progress.getByRole('listitem', { name: 'Belt' }).waitFor();

    const log = progress.getByRole('form', { name: 'Log progress' });
    await log.getByRole('combobox', { name: 'Metric' }).selectOption({ label: 'Belt' });
    await log.getByRole('textbox', { name: 'Level number' }).fill('3');
    await log.getByRole('textbox', { name: 'Level name' }).fill('Blue belt');
    await log.getByRole('textbox', { name: 'Progress note' }).fill('Promoted at the grading');
    await log.getByRole('button', { name: 'Log progress' }).click();
    await log.getByRole('status').getByText('Belt logged.').waitFor();
    const belt = progress.getByRole('listitem', { name: 'Belt' });
    await belt.getByText('Blue belt (3 level)').first().waitFor();
    await belt.getByText(/Promoted at the grading/).waitFor();
    await progress.getByRole('listitem', { name: 'Body weight' }).waitFor();
    await expectNoSeriousAxe('Member, progress');
    await screenshot(page, 'member-progress');

    await page.getByLabel('Not yet synced: 0').waitFor({ timeout: 30_000 });
    const onServer = await world.onServer((_trx, shared) =>
      shared
        .selectFrom('member_progress_entries')
        .select(['member_id', 'value', 'source'])
        .execute(),
    );
    expect(onServer).toEqual([{ member_id: member.memberId, value: 3, source: 'manual' }]);

    await progress.getByRole('checkbox', { name: 'What the member sees' }).check();
    await expect
      .poll(() => progress.getByRole('listitem', { name: 'Body weight' }).count())
      .toBe(0);
    await belt.getByText('Blue belt (3 level)').first().waitFor();
    expect(await progress.getByText(/Promoted at the grading/).count()).toBe(0);
    expect(await progress.getByRole('form', { name: 'Log progress' }).count()).toBe(0);
    await expectNoSeriousAxe('Member, progress as the member sees it');
  });
});
