import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { hostCall, openDemoSession, openScreen, type DemoSession } from './support/e2e-harness';

const CSV_HEADER =
  'At (UTC),Studio time,Action,Staff member,Staff id,Desk,Subject,Change,Chain position,Entry id';

/**
 * Studio › Audit (issue 19) on the demo studio, as its owner: three audited changes made at
 * this desk show in the log, the action filter narrows it, "Verify chain" finds the chain
 * intact, and "Export CSV" downloads the filtered list as a CSV file.
 */
describe('the audit viewer in a browser, on the demo studio', () => {
  let session: DemoSession;
  const annex = `E2E annex ${Date.now() % 100_000}`;

  const mutate = (name: string, args: unknown) =>
    hostCall<{ result: Record<string, string> }>(session.desk.desk, 'desk.mutate', { name, args });
  const visible = (locator: Locator, timeout = 20_000) =>
    locator.first().waitFor({ state: 'visible', timeout });

  beforeAll(async () => {
    session = await openDemoSession('owner', { width: 1366, height: 900 });
    // The demo studio has no audit entries of its own: make three, in two areas.
    const { result } = await mutate('location.create', { name: annex, timeZone: 'America/Denver' });
    await mutate('room.create', { locationId: result.locationId, name: 'Studio B' });
    await mutate('room.create', { locationId: result.locationId, name: 'Studio C' });
  }, 300_000);
  afterAll(async () => {
    await session.browser.close();
    await session.desk.close();
  });

  it('lists, filters, verifies and exports the audit log', async () => {
    const { page } = session;
    await openScreen(page, 'Studio');
    const studio = page.getByRole('region', { name: 'Studio' });
    await studio.getByRole('tab', { name: 'Audit', exact: true }).click();
    const audit = studio.getByRole('tabpanel', { name: 'Audit' });
    const rows = audit.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');

    await visible(rows.filter({ hasText: 'location.create' }));
    expect(await rows.count()).toBe(3);
    await expect.poll(() => rows.filter({ hasText: session.staffName }).count()).toBe(3);

    await audit.getByLabel('Action').selectOption('room.create');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'room.create' }).count()).toBe(2);

    await rows.first().getByRole('button', { name: 'room.create' }).click();
    await visible(audit.getByRole('region', { name: 'Entry details' }).getByText('"Studio C"'));

    await audit.getByRole('button', { name: 'Verify chain' }).click();
    const verdict = audit.getByRole('status', { name: 'Chain verification' });
    await visible(verdict.getByText('3 entries, chain intact.'));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      audit.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER);
    // The filtered list: the two rooms, newest first, and the file's closing line break.
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(',room.create,');
    expect(lines[1]).toContain('Studio C');
  }, 120_000);
});
