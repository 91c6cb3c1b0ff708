import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createDeskPrinting } from '../../src-main/hardware/printing/desk-printing';
import { decodeEscPos, printedText } from '../hardware/printing/escpos-decoder';
import {
  installFakeCups,
  makeFifo,
  readOneJob,
  type FakeCups,
} from '../hardware/printing/os-printer-fakes';
import {
  hostCall,
  launchChromium,
  openScreen,
  startE2eDesk,
  type E2eDesk,
} from './support/e2e-harness';

/**
 * Settings offers the printers the computer lists, a CUPS queue (fake `lp`/`lpstat` on the
 * desk's PATH) and a USB printer's device file (a FIFO in a stand-in /dev/usb), and a test
 * page goes to whichever is chosen. The steps share one desk and page, in order.
 */
describe('choosing a USB or CUPS receipt printer in Settings', () => {
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;
  let dir: string;
  let cups: FakeCups;
  let fifo: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'studio-desk-e2e-printers-'));
    cups = installFakeCups(dir);
    cups.setQueues(['Office_Laser', 'TM-T20']);
    const usb = join(dir, 'usb');
    mkdirSync(usb);
    fifo = makeFifo(join(usb, 'lp0'));
    [desk, browser] = await Promise.all([
      startE2eDesk({
        printing: (forDesk) =>
          createDeskPrinting(forDesk, {
            os: { env: cups.env, platform: 'linux', usbDeviceDir: usb },
          }),
      }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    page.setDefaultTimeout(20_000);
    await page.goto(desk.desk.url);
    await page.getByRole('button', { name: 'Open the demo studio' }).click();
    await visible(page.getByRole('heading', { name: 'Who is at the desk?' }), 90_000);
    const staff = await hostCall<{ name: string }[]>(desk.desk, 'staff.list', {});
    const name = staff[0]?.name ?? '';
    await page.getByRole('button', { name: new RegExp(`^${escape(name)}`) }).click();
    await page.getByLabel(`PIN for ${name}`).fill('1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByLabel('Signed in').getByText(name));
    await openScreen(page, 'Settings');
  }, 150_000);
  afterAll(async () => {
    await browser.close();
    await desk.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const printer = () => page.getByRole('region', { name: 'Receipt printer' });
  const status = () => printer().getByRole('status');

  it('prints a test page raw to a CUPS queue chosen from the list', async () => {
    await printer().getByLabel('Connection').selectOption('system');
    const queues = printer().getByLabel('Printer queues on this computer');
    // Options of a closed select are never "visible"; the list has arrived once it holds one.
    await queues.getByRole('option', { name: 'TM-T20' }).waitFor({ state: 'attached' });
    await queues.selectOption('TM-T20');
    expect(
      await printer().getByRole('textbox', { name: 'Printer queue', exact: true }).inputValue(),
    ).toBe('TM-T20');
    await printer().getByRole('button', { name: 'Save printer settings' }).click();
    await visible(status().filter({ hasText: 'Printer settings saved.' }));
    await printer().getByRole('button', { name: 'Print a test page' }).click();
    await visible(status().filter({ hasText: 'Test page printed.' }));

    const [job] = cups.jobs();
    expect(job?.args).toEqual(['-d', 'TM-T20', '-o', 'raw', '-t', 'Studio Desk']);
    const text = printedText(decodeEscPos(job?.bytes ?? Buffer.alloc(0)));
    expect(text).toContain('PRINTER TEST');
    expect(text.join(' ')).toContain('EPSON printer, system printer TM-T20');
  });

  it('prints a test page to a USB printer’s device file chosen from the list', async () => {
    await printer().getByLabel('Connection').selectOption('device');
    const devices = printer().getByLabel('Printer devices on this computer');
    await devices.getByRole('option', { name: fifo }).waitFor({ state: 'attached' });
    await devices.selectOption(fifo);
    await printer().getByRole('button', { name: 'Save printer settings' }).click();
    await visible(status().filter({ hasText: 'Printer settings saved.' }));
    const received = readOneJob(fifo);
    await printer().getByRole('button', { name: 'Print a test page' }).click();
    await visible(status().filter({ hasText: 'Test page printed.' }));
    const text = printedText(decodeEscPos(await received));
    expect(text.join(' ')).toContain(`EPSON printer, device ${fifo}`);
  });

  it('refuses a device path that is not absolute, and keeps the saved printer', async () => {
    await printer().getByLabel('Device path').fill('usb/lp0');
    await printer().getByRole('button', { name: 'Save printer settings' }).click();
    await visible(printer().getByRole('alert').filter({ hasText: 'an absolute device path' }));
    const saved = await hostCall<{ connection: unknown }>(desk.desk, 'printer.getSettings', {});
    expect(saved.connection).toEqual({ type: 'device', path: fifo });
  });
});

async function visible(locator: Locator, timeout = 20_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
