import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
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
import { describeFindings, seriousAxeFindings } from './support/axe-check';
import {
  launchChromium,
  openScreen,
  screenshot,
  startE2eDesk,
  type E2eDesk,
} from './support/e2e-harness';

/**
 * Issue 20: a walk-in is taken as a lead at the desk, the studio's server goes down, the
 * desk books the lead a trial class and makes them a member offline, and when the server is
 * back it holds the member and the lead converted (PROTOCOL.md R18).
 */
describe('a lead from capture to member, offline in the middle', () => {
  let database: TestDatabaseHandle;
  let studio: TestStudio;
  let server: FastifyInstance | undefined;
  let port = 0;
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;
  const classId = randomUUID();

  const listen = async () => {
    server = await startServer(database, systemClock);
    const url = await server.listen({ host: '127.0.0.1', port });
    port = Number(new URL(url).port);
    return url;
  };
  const leadsScreen = () => page.getByRole('region', { name: 'Leads', exact: true });
  const leadOnServer = () =>
    inTenantTransaction(database.db, studio.tenantId, (_trx, shared) =>
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
    database = await openMigratedDatabase('pglite');
    studio = await createStudio(database.db, systemClock, 'Cedar Pilates');
    const at = new Date().toISOString();
    await inTenantTransaction(database.db, studio.tenantId, async (_trx, shared) => {
      const locationId = randomUUID();
      await shared
        .insertInto('locations')
        .values({
          id: locationId,
          tenant_id: studio.tenantId,
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
          tenant_id: studio.tenantId,
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

  it('takes a walk-in as a lead with a name and a phone', async () => {
    const url = await listen();
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
    await page.getByText('This desk joined Cedar Pilates.').waitFor();
    await page.getByRole('button', { name: /^Olive Owner/ }).click();
    await page.getByLabel('PIN for Olive Owner').fill('1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Not yet synced: 0').waitFor();

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
    await server?.close();
    server = undefined;

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

    await listen();
    await page.getByLabel('Not yet synced: 0').waitFor({ timeout: 30_000 });
    const [converted] = await leadOnServer();
    expect(converted).toMatchObject({ status: 'converted', trial_class_id: classId });
    const member = await inTenantTransaction(database.db, studio.tenantId, (_trx, shared) =>
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
