import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ThermalPrinter, PrinterTypes } from 'node-thermal-printer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MutationRefusal } from '../../../src-shared/mutations/mutation-definition';
import { DEFAULT_PRINTER_SETTINGS } from '../../../src-main/hardware/printing/printer-settings-store';
import { decodeEscPos } from './escpos-decoder';
import { startEscPosRecorder, type EscPosRecorder } from './escpos-recorder';
import { createPrintingDesk, type PrintingDesk } from './printing-harness';

const GOOD_PULSE = Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]);
const LIBRARY_PULSE = Buffer.from([0x1b, 0x70, 0x00, 0x1b, 0x70, 0x01]);

describe('the cash drawer kicked through the printer', () => {
  let printer: EscPosRecorder;
  let world: PrintingDesk;

  beforeAll(async () => {
    printer = await startEscPosRecorder();
  });
  afterAll(() => printer.close());
  beforeEach(async () => {
    world = await createPrintingDesk();
    return () => world.dispose();
  });

  const noSales = () =>
    world.desk.db
      .selectFrom('cash_movements')
      .select(['type', 'amount', 'reason', 'staff_id'])
      .where('type', '=', 'no_sale')
      .execute();

  it('sends exactly ESC p 0 25 250 (1B 70 00 19 FA), never the library’s 1B 70 00 1B 70 01', async () => {
    const printing = world.printing();
    printing.saveSettings(world.networkSettings(printer.port));
    const before = printer.jobs().length;
    expect(await printing.kickDrawer()).toEqual({ printed: true, message: null });
    const job = (await printer.waitForJobs(before + 1)).at(-1) ?? Buffer.alloc(0);
    expect(job.equals(GOOD_PULSE)).toBe(true);
    expect(job.includes(LIBRARY_PULSE)).toBe(false);
    expect(decodeEscPos(job)).toEqual([
      { kind: 'drawerPulse', pin: 0, onMs: 50, offMs: 500, bytes: [...GOOD_PULSE] },
    ]);
    // Why the library's command is not used: a printer reads its t1/t2 from the next
    // command's bytes (27 x 2 ms on, 112 x 2 ms off), then prints the stray 01.
    const library = new ThermalPrinter({
      type: PrinterTypes.EPSON,
      interface: 'tcp://127.0.0.1:9',
    });
    library.openCashDrawer();
    expect(library.getBuffer().equals(LIBRARY_PULSE)).toBe(true);
    expect(decodeEscPos(library.getBuffer())[0]).toMatchObject({ onMs: 54, offMs: 224 });
  });

  it('sends the Star line-mode pulse to Star printers', async () => {
    const printing = world.printing();
    printing.saveSettings(world.networkSettings(printer.port, { driver: 'star' }));
    const before = printer.jobs().length;
    expect((await printing.kickDrawer()).printed).toBe(true);
    const job = (await printer.waitForJobs(before + 1)).at(-1);
    expect(job?.equals(Buffer.from([0x1b, 0x07, 0x0b, 0x37, 0x07]))).toBe(true);
  });

  it('records an audited no-sale with its reason and staff member, then opens the drawer', async () => {
    const printing = world.printing();
    printing.saveSettings(world.networkSettings(printer.port));
    await world.run('drawer.open', { openingFloat: 5000 });
    const before = printer.jobs().length;
    const outcome = await printing.noSale(
      world.studio.staff.frontDesk,
      '  change for the parking meter ',
    );
    expect(outcome).toEqual({ printed: true, message: null });
    expect(await noSales()).toEqual([
      {
        type: 'no_sale',
        amount: 0,
        reason: 'change for the parking meter',
        staff_id: world.studio.staff.frontDesk,
      },
    ]);
    const outbox = await world.desk.db.selectFrom('desk_outbox').select(['name', 'args']).execute();
    expect(outbox.at(-1)).toEqual({
      name: 'drawer.move',
      args: JSON.stringify({ type: 'no_sale', reason: 'change for the parking meter' }),
    });
    expect((await printer.waitForJobs(before + 1)).at(-1)?.equals(GOOD_PULSE)).toBe(true);
  });

  it('records the no-sale even when the printer is off, and says the drawer did not open', async () => {
    const off = await startEscPosRecorder();
    const { port } = off;
    await off.close();
    const printing = world.printing();
    printing.saveSettings(world.networkSettings(port));
    await world.run('drawer.open', { openingFloat: 5000 });
    const outcome = await printing.noSale(world.studio.staff.manager, 'float check');
    expect(outcome.printed).toBe(false);
    expect(outcome.message).toContain('refused the connection');
    expect(await noSales()).toHaveLength(1);
  });

  it('refuses a no-sale without a reason, an open drawer or a desk role, and opens nothing', async () => {
    const printing = world.printing();
    printing.saveSettings(world.networkSettings(printer.port));
    const jobsBefore = printer.jobs().length;
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => 'ran',
        (error: unknown) => (error instanceof MutationRefusal ? error.code : String(error)),
      );
    expect(await refusal(printing.noSale(world.studio.staff.frontDesk, 'no drawer yet'))).toBe(
      'not_found',
    );
    await world.run('drawer.open', { openingFloat: 5000 });
    expect(await refusal(printing.noSale(world.studio.staff.frontDesk, '   '))).toBe('invalid');
    expect(await refusal(printing.noSale(world.studio.staff.instructor, 'peek'))).toBe('forbidden');
    expect(await noSales()).toEqual([]);
    // Give a stray pulse time to arrive before saying none did.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(printer.jobs()).toHaveLength(jobsBefore);
  });
});

describe('printer settings per desk', () => {
  let world: PrintingDesk;
  beforeEach(async () => {
    world = await createPrintingDesk();
    return () => world.dispose();
  });
  const file = () => join(world.dataDir, 'printer.json');

  it('starts with no printer and keeps saved settings in printer.json across restarts', () => {
    expect(world.printing().getSettings()).toEqual(DEFAULT_PRINTER_SETTINGS);
    const settings = world.networkSettings(9100, { paperWidth: 42, openDrawerOnCash: false });
    expect(world.printing().saveSettings(settings)).toEqual(settings);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual(settings);
    expect(world.printing().getSettings()).toEqual(settings);
  });

  it('refuses bad settings with a clear message and keeps the old ones', () => {
    const printing = world.printing();
    const good = world.networkSettings(9100);
    printing.saveSettings(good);
    const saved = readFileSync(file(), 'utf8');
    const bad: unknown[] = [
      { ...good, connection: { type: 'network', host: '10.0.0.5', port: 0 } },
      { ...good, connection: { type: 'network', host: '', port: 9100 } },
      { ...good, paperWidth: 80 },
      { ...good, driver: 'zebra' },
      { ...good, colour: 'red' },
      { connection: { type: 'none' } },
      'epson',
    ];
    for (const settings of bad) {
      let caught: unknown;
      try {
        // Deliberately wrong input, as a damaged renderer or script could send.
        printing.saveSettings(settings as never);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(MutationRefusal);
      expect((caught as MutationRefusal).code).toBe('invalid');
      expect((caught as MutationRefusal).message).toMatch(
        /^Printer settings not saved \(.+\); the previous settings stay\.$/,
      );
      expect(printing.getSettings()).toEqual(good);
      expect(readFileSync(file(), 'utf8')).toBe(saved);
    }
  });

  it('falls back to no printer with a warning when printer.json is damaged, never crashing', async () => {
    const warnings: string[] = [];
    for (const damaged of [
      '{"connection": ',
      JSON.stringify({ driver: 'epson', paperWidth: 99 }),
    ]) {
      writeFileSync(file(), damaged);
      const printing = world.printing({ warn: (message) => warnings.push(message) });
      expect(printing.getSettings()).toEqual(DEFAULT_PRINTER_SETTINGS);
      const outcome = await printing.testPrint();
      expect(outcome.printed).toBe(false);
      expect(outcome.message).toContain('printer.json are damaged');
    }
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('paperWidth');
    // Saving again repairs it.
    const repaired = world.printing({ warn: (message) => warnings.push(message) });
    repaired.saveSettings(DEFAULT_PRINTER_SETTINGS);
    world.printing({ warn: (message) => warnings.push(message) });
    expect(warnings).toHaveLength(3);
  });
});
