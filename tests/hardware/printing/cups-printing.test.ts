import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskMethodArgs, type PrinterSettings } from '../../../src-shared/bridge/desk-methods';
import { MutationRefusal } from '../../../src-shared/mutations/mutation-definition';
import { decodeEscPos, printedText } from './escpos-decoder';
import { installFakeCups, makeFifo, type FakeCups } from './os-printer-fakes';
import { createPrintingDesk, type PrintingDesk } from './printing-harness';

/**
 * A receipt printer queued in CUPS (Linux, macOS), printed to with `lp -o raw` so CUPS
 * hands the ESC/POS bytes to the printer untouched. `lp` and `lpstat` are fakes on PATH
 * that record what the desk gave them.
 */
describe('printing to a CUPS queue with raw printing', () => {
  let world: PrintingDesk;
  let dir: string;
  let cups: FakeCups;
  let orderId: string;

  beforeEach(async () => {
    world = await createPrintingDesk();
    dir = mkdtempSync(join(tmpdir(), 'studio-desk-cups-'));
    cups = installFakeCups(dir);
    cups.setQueues(['TM-T20', 'Office_Laser']);
    await world.run('drawer.open', { openingFloat: 5000 });
    orderId = (
      await world.run<{ orderId: string }>('pos.sale', {
        lines: [
          { kind: 'product', productId: world.studio.products.water, quantity: 1, unitPrice: 300 },
        ],
        tenders: [{ method: 'cash', amount: 300, tendered: 500 }],
      })
    ).orderId;
  });
  afterEach(async () => {
    await world.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const queueSettings = (printerName: string): PrinterSettings => ({
    ...world.networkSettings(1),
    connection: { type: 'system', printerName },
  });
  const printingWith = (env: NodeJS.ProcessEnv) => {
    const printing = world.printing({ os: { env, platform: 'linux' } });
    printing.saveSettings(queueSettings('TM-T20'));
    return printing;
  };

  it('queues a sale’s receipt and the drawer pulse on the chosen queue with -o raw', async () => {
    const printing = printingWith(cups.env);
    expect(await printing.print({ kind: 'order', orderId })).toEqual({
      printed: true,
      message: null,
    });
    expect(await printing.kickDrawer()).toEqual({ printed: true, message: null });

    const [receipt, pulse] = cups.jobs();
    expect(receipt?.args).toEqual(['-d', 'TM-T20', '-o', 'raw', '-t', 'Studio Desk']);
    expect(pulse?.args).toEqual(receipt?.args);
    const text = printedText(decodeEscPos(receipt?.bytes ?? Buffer.alloc(0)));
    expect(text[0]).toBe('Lotus Flow Yoga');
    expect(text).toContainEqual(expect.stringMatching(/^Water +\$3\.00$/));
    expect(decodeEscPos(pulse?.bytes ?? Buffer.alloc(0))).toEqual([
      { kind: 'drawerPulse', pin: 0, onMs: 50, offMs: 500, bytes: [0x1b, 0x70, 0x00, 0x19, 0xfa] },
    ]);
  });

  it('names an unknown queue and says to choose one from the list', async () => {
    cups.setQueues(['Office_Laser']);
    const outcome = await printingWith(cups.env).print({ kind: 'order', orderId });
    expect(outcome).toEqual({
      printed: false,
      message:
        'There is no printer queue named "TM-T20" on this computer (lp: The printer or class does not exist.): choose one from the list in printer settings.',
    });
  });

  it('passes on what lp said when it refuses the job', async () => {
    cups.setFailure('lp: Destination "TM-T20" is not accepting jobs.');
    const outcome = await printingWith(cups.env).kickDrawer();
    expect(outcome).toEqual({
      printed: false,
      message:
        'The system printer "TM-T20" did not accept the job (lp: Destination "TM-T20" is not accepting jobs.): check that the queue is not paused or disabled, and print again.',
    });
  });

  it('says how to get lp when CUPS is not installed', async () => {
    const empty = join(dir, 'empty-bin');
    mkdirSync(empty);
    const outcome = await printingWith({ ...cups.env, PATH: empty }).print({
      kind: 'order',
      orderId,
    });
    expect(outcome.printed).toBe(false);
    expect(outcome.message).toContain('needs the "lp" command of the CUPS print service');
    expect(outcome.message).toContain('sudo apt-get install cups-client');
  });
});

describe('the printers Settings offers', () => {
  let world: PrintingDesk;
  let dir: string;
  let cups: FakeCups;
  beforeEach(async () => {
    world = await createPrintingDesk();
    dir = mkdtempSync(join(tmpdir(), 'studio-desk-cups-'));
    cups = installFakeCups(dir);
    return async () => {
      await world.dispose();
      rmSync(dir, { recursive: true, force: true });
    };
  });

  it('lists CUPS queues from lpstat and USB printers’ device files', async () => {
    cups.setQueues(['TM-T20', 'Office_Laser', 'bad name', '-o']);
    const usb = join(dir, 'usb');
    mkdirSync(usb);
    makeFifo(join(usb, 'lp1'));
    makeFifo(join(usb, 'lp0'));
    writeFileSync(join(usb, 'hiddev0'), '');
    const printing = world.printing({
      os: { env: cups.env, platform: 'linux', usbDeviceDir: usb },
    });
    expect(await printing.listPrinters()).toEqual({
      queues: ['Office_Laser', 'TM-T20'],
      devices: [join(usb, 'lp0'), join(usb, 'lp1')],
      notes: [],
    });
    expect(cups.lpstatCalls()).toEqual(['-e']);
  });

  it('falls back to lpstat -a on an older CUPS, and has no device files on macOS', async () => {
    cups.setQueues(['Star_TSP100']);
    cups.actOld();
    const printing = world.printing({ os: { env: cups.env, platform: 'darwin' } });
    expect(await printing.listPrinters()).toEqual({
      queues: ['Star_TSP100'],
      devices: [],
      notes: [],
    });
    expect(cups.lpstatCalls()).toEqual(['-e', '-a']);
  });

  it('explains an empty list: CUPS missing, or Windows', async () => {
    const empty = join(dir, 'empty-bin');
    mkdirSync(empty);
    const noCups = world.printing({
      os: { env: { PATH: empty }, platform: 'linux', usbDeviceDir: join(dir, 'none') },
    });
    expect(await noCups.listPrinters()).toEqual({
      queues: [],
      devices: [],
      notes: [
        'The CUPS print service is not installed (no "lpstat"), so no printer queues are listed.',
      ],
    });
    const windows = await world.printing({ os: { platform: 'win32' } }).listPrinters();
    expect(windows.notes[0]).toContain('share the receipt printer');
  });

  it('refuses a bad queue name or device path with a clear message and changes nothing', () => {
    const printing = world.printing();
    const good: PrinterSettings = {
      ...world.networkSettings(1),
      connection: { type: 'device', path: '/dev/usb/lp0' },
    };
    printing.saveSettings(good);
    const saved = readFileSync(join(world.dataDir, 'printer.json'), 'utf8');
    const bad = [
      { type: 'system', printerName: '-oraw' },
      { type: 'system', printerName: 'TM T20' },
      { type: 'system', printerName: 'TM/T20' },
      { type: 'system', printerName: '' },
      { type: 'device', path: 'usb/lp0' },
      { type: 'device', path: '/dev/usb/../../etc/passwd' },
      { type: 'device', path: '/dev/usb/lp0\n' },
      { type: 'device', path: '' },
    ];
    for (const connection of bad) {
      const settings = { ...good, connection };
      expect(deskMethodArgs['printer.saveSettings'].safeParse({ settings }).success).toBe(false);
      expect(() => printing.saveSettings(settings as never)).toThrow(MutationRefusal);
      expect(() => printing.saveSettings(settings as never)).toThrow(
        /^Printer settings not saved \(connection\.(printerName|path): .+\); the previous settings stay\.$/,
      );
      expect(printing.getSettings()).toEqual(good);
      expect(readFileSync(join(world.dataDir, 'printer.json'), 'utf8')).toBe(saved);
    }
    for (const path of ['\\\\FRONTDESK\\receipt', 'C:\\printers\\lpt1', '/dev/ttyUSB0']) {
      const settings: PrinterSettings = { ...good, connection: { type: 'device', path } };
      expect(printing.saveSettings(settings)).toEqual(settings);
    }
  });
});
