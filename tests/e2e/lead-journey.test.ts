import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { describeFindings, seriousAxeFindings } from './support/axe-check';
import { openScreen, screenshot } from './support/e2e-harness';
import { openStudioOnServer, type StudioOnServer } from './support/enrolled-desk';

/**
 * Issue 20: a walk-in is taken as a lead at the desk, the studio's server goes down, the
 * desk books the lead a trial class and makes them a member offline, and when the server is
 * back it holds the member and the lead converted (PROTOCOL.md R18).
 */
describe('a lead from capture to member, offline in the middle', () => {
  let world: StudioOnServer;
  let page: Page;
  const classId = randomUUID();

  const leadsScreen = () => page.getByRole('region', { name: 'Leads', exact: true });
  const leadOnServer = () =>
    world.onServer((_trx, shared) =>
      shared
        .selectFrom('leads')
        .select(['id', 'status', 'trial_class_id', 'converted_member_id'])
        .execute(),
    );
  const expectNoSeriousAxe = async (name: string) => {
    const findings = await seriousAxeFindings(page, name);
    expect(findings, describeFindings(findings)).toEqual([]);
  };

  beforeAll(async () => {
    world = await openStudioOnServer('Cedar Pilates');
    const tenantId = world.studio.tenantId;
    const at = new Date().toISOString();
    await world.onServer(async (_trx, shared) => {
      const locationId = randomUUID();
      await shared
        .insertInto('locations')
        .values({
          id: locationId,
          tenant_id: tenantId,
          name: 'Main',
          time_zone: 'America/Chicago',
          address: null,
          created_at: at,
        })
        .execute();
      await shared
        .insertInto('classes')
        .values({
          id: classId,
          tenant_id: tenantId,
          series_id: null,
          location_id: locationId,
          instructor_id: null,
          title: 'Intro Reformer',
          start_time: new Date(Date.now() + 2 * 86_400_000).toISOString(),
          duration_minutes: 60,
          capacity: 8,
          drop_in_price: 2500,
          status: 'scheduled',
          created_at: at,
        })
        .execute();
    });
    ({ page } = await world.openDesk());
  });
  afterAll(() => world.close());

  it('takes a walk-in as a lead with a name and a phone', async () => {
    await world.enrolAndSignIn(page, 'Olive Owner');

    await openScreen(page, 'Leads');
    const newLead = leadsScreen().getByRole('form', { name: 'New lead' });
    // Saved with nothing but the name: the desk asks for a contact and keeps nothing.
    await newLead.getByRole('textbox', { name: 'Name', exact: true }).fill('Rosa Diaz');
    await newLead.getByRole('textbox', { name: 'Name', exact: true }).press('Enter');
    await newLead.getByText(/e-mail or a phone/i).waitFor();
    await newLead.getByRole('textbox', { name: 'Phone' }).fill('(512) 555-0142');
    await newLead.getByRole('textbox', { name: 'Phone' }).press('Enter');
    await newLead.getByRole('status').getByText('Lead saved: Rosa Diaz').waitFor();
    await page.getByLabel('Not yet synced: 0').waitFor({ timeout: 30_000 });
    expect(await leadOnServer()).toEqual([
      expect.objectContaining({ status: 'new', converted_member_id: null }),
    ]);
    await expectNoSeriousAxe('Leads');
  });

  it('books a trial and converts the lead while the server is down, then syncs both', async () => {
    await world.server.stop();

    const lead = leadsScreen().getByRole('region', { name: 'Lead', exact: true });
    await lead.getByRole('heading', { name: 'Rosa Diaz' }).waitFor();
    await lead.getByRole('button', { name: 'Book trial' }).click();
    await lead.getByRole('button', { name: /Intro Reformer/ }).click();
    await lead.getByText(/^Intro Reformer, /).waitFor();
    await expectNoSeriousAxe('Leads, trial booked');
    await screenshot(page, 'leads-trial-booked-offline');

    await lead.getByRole('button', { name: 'Convert' }).click();
    const convert = lead.getByRole('form', { name: 'Convert to member' });
    await expect(convert.getByRole('textbox', { name: 'First name' }).inputValue()).resolves.toBe(
      'Rosa',
    );
    await expect(convert.getByRole('textbox', { name: 'Last name' }).inputValue()).resolves.toBe(
      'Diaz',
    );
    await convert.getByRole('button', { name: 'Make member' }).click();
    // The desk opens the new member's page.
    await page.getByRole('region', { name: 'Member' }).getByText('Rosa Diaz').first().waitFor();
    // The member page keeps the lead's history: how they came, and the trial booked.
    const asLead = page.getByRole('region', { name: 'As a lead' });
    await asLead.getByText(/^Intro Reformer, /).waitFor();
    await asLead.getByText('Converted').waitFor();
    await page.getByLabel('Not yet synced: 2').waitFor();
    await page.getByRole('status', { name: 'Sync status' }).getByText('Offline').waitFor();
    expect((await leadOnServer())[0]?.status).toBe('new');

    await world.server.start();
    await page.getByLabel('Not yet synced: 0').waitFor({ timeout: 30_000 });
    const [converted] = await leadOnServer();
    expect(converted).toMatchObject({ status: 'converted', trial_class_id: classId });
    const member = await world.onServer((_trx, shared) =>
      shared
        .selectFrom('tenant_members')
        .select(['id', 'profile'])
        .where('id', '=', converted?.converted_member_id ?? '')
        .executeTakeFirst(),
    );
    expect(JSON.parse(member?.profile ?? '{}')).toMatchObject({
      firstName: 'Rosa',
      lastName: 'Diaz',
      phone: '(512) 555-0142',
    });
    await expectNoSeriousAxe('Member, converted lead');
  });
});
