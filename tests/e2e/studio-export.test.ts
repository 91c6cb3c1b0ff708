import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Locator } from 'playwright-core';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostCall, openDemoSession, openScreen, type DemoSession } from './support/e2e-harness';

/** Every file of a .tar.gz by name. */
async function readArchive(bytes: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const reader = extract();
  const read = pipeline(Readable.from([bytes]), createGunzip(), reader);
  for await (const entry of reader) {
    files.set(entry.header.name, await buffer(entry));
  }
  await read;
  return files;
}

function jsonLines(file: Buffer | undefined): Record<string, unknown>[] {
  return (file?.toString() ?? '')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const visible = (locator: Locator, timeout = 20_000) =>
  locator.first().waitFor({ state: 'visible', timeout });

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Studio › Settings › "Export all studio data" (issue 19) on the demo studio, in a browser:
 * the owner clicks, the archive arrives as a download, and it holds the studio's members,
 * one of them made at this desk a moment before; a manager is told only an owner can.
 */
describe('the full studio export in a browser, on the demo studio', () => {
  let session: DemoSession;
  let memberId: string;
  let ownerId: string;

  beforeAll(async () => {
    session = await openDemoSession('owner', { width: 1366, height: 900 });
    const made = await hostCall<{ result: { memberId: string } }>(
      session.desk.desk,
      'desk.mutate',
      { name: 'member.create', args: { firstName: 'Export', lastName: 'Checker' } },
    );
    memberId = made.result.memberId;
    ownerId = (await hostCall<{ memberId: string }>(session.desk.desk, 'staff.current', {}))
      .memberId;
    // The export is the server's copy: the new member must have reached it.
    await hostCall(session.desk.desk, 'sync.now', {});
  }, 300_000);
  afterAll(async () => {
    await session.browser.close();
    await session.desk.close();
  });

  it('downloads every table of the studio when its owner clicks Export', async () => {
    const { page } = session;
    await openScreen(page, 'Studio');
    const studio = page.getByRole('region', { name: 'Studio' });
    const settings = studio.getByRole('tabpanel', { name: 'Settings' });
    const card = settings.getByRole('region', { name: 'Export all studio data' });
    const button = card.getByRole('button', { name: 'Export all studio data' });
    await visible(button);

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      button.click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/-export-\d{4}-\d{2}-\d{2}\.tar\.gz$/);
    await visible(card.getByRole('status').getByText(download.suggestedFilename()));
    const files = await readArchive(await readFile(await download.path()));

    const manifest = JSON.parse(files.get('manifest.json')?.toString() ?? '{}') as {
      tables: { name: string; rows: number }[];
    };
    const members = jsonLines(files.get('tenant_members.jsonl'));
    expect(members.length).toBe(manifest.tables.find((t) => t.name === 'tenant_members')?.rows);
    expect(members.map((m) => m['id'])).toEqual(expect.arrayContaining([ownerId, memberId]));
    const tenantIds = new Set(members.map((m) => m['tenant_id']));
    expect(tenantIds.size).toBe(1);
    expect(files.has('tenant_members.csv')).toBe(true);
    expect(manifest.tables.find((t) => t.name === 'pos_orders')?.rows).toBeGreaterThan(0);
  }, 180_000);

  it('tells a manager that only the owner can export', async () => {
    const { page } = session;
    const staff = await hostCall<{ name: string; roles: string[] }[]>(
      session.desk.desk,
      'staff.list',
      {},
    );
    const manager = staff.find((s) => s.roles.includes('manager') && !s.roles.includes('owner'));
    if (manager === undefined) throw new Error('the demo studio has a manager');
    await page.getByRole('button', { name: 'Switch staff' }).click();
    await page.getByRole('button', { name: new RegExp(`^${escape(manager.name)}`) }).click();
    await page.getByLabel(`PIN for ${manager.name}`).fill('1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByLabel('Signed in').getByText(manager.name));
    await openScreen(page, 'Studio');
    const card = page
      .getByRole('region', { name: 'Studio' })
      .getByRole('tabpanel', { name: 'Settings' })
      .getByRole('region', { name: 'Export all studio data' });
    await visible(card.getByText('Only the studio’s owner can export all of its data'));
    expect(await card.getByRole('button').count()).toBe(0);
  }, 120_000);
});
