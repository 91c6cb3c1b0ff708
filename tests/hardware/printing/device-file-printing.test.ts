import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrinterSettings } from '../../../src-shared/bridge/desk-methods';
import { decodeEscPos, printedText } from './escpos-decoder';
import { startEscPosRecorder } from './escpos-recorder';
import { makeFifo, readOneJob } from './os-printer-fakes';
import { createPrintingDesk, STUDIO_ADDRESS, type PrintingDesk } from './printing-harness';

interface Sale {
  readonly orderId: string;
  readonly receiptNumber: string;
}

const PULSE = { kind: 'drawerPulse', pin: 0, onMs: 50, offMs: 500 };

/**
 * A USB receipt printer as Linux shows it: a device file (`/dev/usb/lp0`) that takes raw
 * ESC/POS. A FIFO stands in for it: what `cat` reads from it is exactly what a printer on
 * the other end of the cable would have received.
 */
describe('printing to a USB printer through its device file', () => {
  let world: PrintingDesk;
  let dir: string;
  let sale: Sale;

  beforeEach(async () => {
    world = await createPrintingDesk();
    dir = mkdtempSync(join(tmpdir(), 'studio-desk-device-'));
    await world.run('drawer.open', { openingFloat: 5000 });
    sale = await world.run<Sale>('pos.sale', {
      memberId: world.studio.memberId,
      lines: [
        { kind: 'product', productId: world.studio.products.water, quantity: 2, unitPrice: 300 },
      ],
      tenders: [{ method: 'cash', amount: 600, tendered: 1000 }],
    });
  });
  afterEach(async () => {
    await world.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const deviceSettings = (path: string): PrinterSettings => ({
    ...world.networkSettings(1),
    connection: { type: 'device', path },
  });

  it('prints a sale’s receipt and opens the drawer as raw ESC/POS written to the device', async () => {
    const fifo = makeFifo(join(dir, 'lp0'));
    const printing = world.printing();
    printing.saveSettings(deviceSettings(fifo));

    const [receipt, printed] = await Promise.all([
      readOneJob(fifo),
      printing.print({ kind: 'order', orderId: sale.orderId }),
    ]);
    expect(printed).toEqual({ printed: true, message: null });
    const commands = decodeEscPos(receipt);
    const text = printedText(commands);
    expect(text[0]).toBe('Lotus Flow Yoga');
    expect(text).toContain(STUDIO_ADDRESS);
    expect(text).toContainEqual(expect.stringContaining(sale.receiptNumber));
    expect(text).toContainEqual(expect.stringMatching(/^CHANGE +\$4\.00$/));
    expect(commands).toContainEqual(expect.objectContaining({ kind: 'cut' }));
    expect(commands.filter((c) => c.kind === 'unknown')).toEqual([]);
    // Byte for byte what a network printer gets for the same receipt.
    const network = await startEscPosRecorder();
    const overTcp = world.printing();
    overTcp.saveSettings(world.networkSettings(network.port));
    await overTcp.print({ kind: 'order', orderId: sale.orderId });
    expect((await network.waitForJobs(1))[0]?.equals(receipt)).toBe(true);
    await network.close();

    const [pulse, kicked] = await Promise.all([
      readOneJob(fifo),
      printing.noSale(world.studio.staff.frontDesk, 'change for the meter'),
    ]);
    expect(kicked).toEqual({ printed: true, message: null });
    expect(decodeEscPos(pulse)).toEqual([{ ...PULSE, bytes: [0x1b, 0x70, 0x00, 0x19, 0xfa] }]);
  });

  it('says the printer is not connected when its device file is not there', async () => {
    const printing = world.printing();
    printing.saveSettings(deviceSettings(join(dir, 'usb', 'lp7')));
    const outcome = await printing.print({ kind: 'order', orderId: sale.orderId });
    expect(outcome).toEqual({
      printed: false,
      message: `The receipt printer at ${join(dir, 'usb', 'lp7')} is not connected (${join(dir, 'usb', 'lp7')} is not there or not ready): check its cable and that it is switched on.`,
    });
    expect((await printing.kickDrawer()).message).toContain('is not connected');
  });

  it('never writes into an ordinary file or a folder', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'keep me\n');
    const printing = world.printing();
    printing.saveSettings(deviceSettings(file));
    expect((await printing.print({ kind: 'order', orderId: sale.orderId })).message).toBe(
      `${file} is an ordinary file, not a printer: choose the printer's device file (like /dev/usb/lp0) in printer settings.`,
    );
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    printing.saveSettings(deviceSettings(dir));
    expect((await printing.kickDrawer()).message).toContain('is a folder, not a printer');
  });

  it('gives up on a device that takes nothing, and never prints that job late', async () => {
    const fifo = makeFifo(join(dir, 'lp0'));
    const printing = world.printing({ jobTimeoutMs: 300 });
    printing.saveSettings(deviceSettings(fifo));
    expect(await printing.kickDrawer()).toEqual({
      printed: false,
      message: `The receipt printer at ${fifo} did not take the job within 0.3 s: check that it is switched on, has paper and is plugged in, then print again.`,
    });
    // The printer comes back: the job staff were told had failed does not come out now.
    expect((await readOneJob(fifo)).length).toBe(0);
  });
});
