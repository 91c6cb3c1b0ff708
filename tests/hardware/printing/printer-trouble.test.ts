import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SystemPrinterDriver } from '../../../src-main/hardware/printing/printer-connection';
import { decodeEscPos, printedText } from './escpos-decoder';
import { startEscPosRecorder, type EscPosRecorder } from './escpos-recorder';
import { createPrintingDesk, type PrintingDesk } from './printing-harness';

describe('printer trouble never fails a sale', () => {
  let world: PrintingDesk;
  let printer: EscPosRecorder;
  let orderId: string;

  beforeEach(async () => {
    world = await createPrintingDesk();
    printer = await startEscPosRecorder();
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
    await printer.close();
    await world.dispose();
  });

  /** The sale and its outbox entry, untouched by whatever the printer did. */
  const saleStillRecorded = async () => {
    const order = await world.desk.db
      .selectFrom('pos_orders')
      .select('status')
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(order.status).toBe('completed');
    const outbox = await world.desk.db.selectFrom('desk_outbox').select('name').execute();
    expect(outbox.map((o) => o.name)).toEqual(['drawer.open', 'pos.sale']);
  };

  it('says so when no printer is set up', async () => {
    const printing = world.printing();
    const outcome = await printing.print({ kind: 'order', orderId });
    expect(outcome.printed).toBe(false);
    expect(outcome.message).toContain('No receipt printer is set up at this desk');
    expect((await printing.kickDrawer()).printed).toBe(false);
    await saleStillRecorded();
  });

  it('reports an unreachable printer (connection refused) with what to check', async () => {
    const { port } = printer;
    await printer.close();
    const printing = world.printing();
    printing.saveSettings(world.networkSettings(port));
    const outcome = await printing.print({ kind: 'order', orderId });
    expect(outcome.printed).toBe(false);
    expect(outcome.message).toBe(
      `The receipt printer at 127.0.0.1:${port} refused the connection: check that it is switched on and that the address in printer settings is right.`,
    );
    expect((await printing.kickDrawer()).message).toContain('refused the connection');
    expect((await printing.testPrint()).printed).toBe(false);
    await saleStillRecorded();
  });

  it('does not send a receipt to a printer out of paper, and says to load a roll', async () => {
    printer.setStatus('paper-out');
    const printing = world.printing();
    printing.saveSettings(world.networkSettings(printer.port));
    expect(await printing.print({ kind: 'order', orderId })).toEqual({
      printed: false,
      message: `The receipt printer at 127.0.0.1:${printer.port} is out of paper: load a new roll and print again.`,
    });
    // The status request went out; no job did.
    const [statusRequest] = await printer.waitForConnections(1);
    expect(decodeEscPos(statusRequest ?? Buffer.alloc(0))).toEqual([
      { kind: 'statusRequest', request: 'DLE EOT 2' },
      { kind: 'statusRequest', request: 'DLE EOT 4' },
    ]);
    expect(printer.jobs()).toEqual([]);
    await saleStillRecorded();

    // Paper loaded: the same receipt prints.
    printer.setStatus('ready');
    expect(await printing.print({ kind: 'order', orderId })).toEqual({
      printed: true,
      message: null,
    });
    expect(
      printedText(decodeEscPos((await printer.waitForJobs(1))[0] ?? Buffer.alloc(0))),
    ).toContain('Lotus Flow Yoga');
  });

  it('prints with a warning when paper runs low, and refuses with the cover open', async () => {
    const printing = world.printing();
    printing.saveSettings(world.networkSettings(printer.port));
    printer.setStatus('paper-near-end');
    const low = await printing.print({ kind: 'order', orderId });
    expect(low.printed).toBe(true);
    expect(low.message).toContain('running out of paper');
    await printer.waitForJobs(1);
    printer.setStatus('cover-open');
    const outcome = await printing.print({ kind: 'order', orderId });
    expect(outcome).toEqual({
      printed: false,
      message: expect.stringContaining('cover open') as unknown,
    });
    expect(printer.jobs()).toHaveLength(1);
  });

  it('prints anyway when the printer does not answer status requests', async () => {
    printer.setStatus('silent');
    const printing = world.printing({ statusTimeoutMs: 100 });
    printing.saveSettings(world.networkSettings(printer.port));
    expect(await printing.print({ kind: 'order', orderId })).toEqual({
      printed: true,
      message: null,
    });
    expect(await printer.waitForJobs(1)).toHaveLength(1);
  });

  it('reports a printer that hangs up without answering', async () => {
    printer.setHangUp(true);
    const printing = world.printing();
    printing.saveSettings(world.networkSettings(printer.port));
    const outcome = await printing.print({ kind: 'order', orderId });
    expect(outcome.printed).toBe(false);
    expect(outcome.message).toContain('closed the connection');
    await saleStillRecorded();
  });

  it('refuses an address the printer library would mistake for a file path', async () => {
    const printing = world.printing();
    printing.saveSettings(
      world.networkSettings(1, { connection: { type: 'network', host: '../receipt', port: 9100 } }),
    );
    const outcome = await printing.print({ kind: 'order', orderId });
    expect(outcome.printed).toBe(false);
    expect(outcome.message).toContain('is not a printer address this desk can use');
  });

  it('sends system-printer jobs as RAW through the OS driver, and explains Windows without one', async () => {
    const settings = {
      ...world.networkSettings(1),
      connection: { type: 'system', printerName: 'TM-T20' },
    } as const;
    const without = world.printing({ os: { platform: 'win32' } });
    without.saveSettings(settings);
    const missing = await without.print({ kind: 'order', orderId });
    expect(missing.printed).toBe(false);
    expect(missing.message).toContain('through the Windows print queue is not supported');
    expect(missing.message).toContain('\\\\FRONTDESK\\receipt');

    const jobs: { printer: string; type: string; data: Buffer }[] = [];
    const driver: SystemPrinterDriver = {
      getPrinters: () => [{ name: 'TM-T20', attributes: ['RAW-ONLY'] }],
      getPrinter: () => ({ status: [] }),
      printDirect: (job) => {
        jobs.push({ printer: job.printer, type: job.type, data: job.data });
        job.success(1);
      },
    };
    const printing = world.printing({ systemPrinterDriver: driver });
    expect(await printing.print({ kind: 'order', orderId })).toEqual({
      printed: true,
      message: null,
    });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ printer: 'TM-T20', type: 'RAW' });
    expect(printedText(decodeEscPos(jobs[0]?.data ?? Buffer.alloc(0)))).toContain(
      'Lotus Flow Yoga',
    );

    const failing = world.printing({
      systemPrinterDriver: {
        ...driver,
        printDirect: (job) => {
          job.error(new Error('printer paused'));
        },
      },
    });
    const paused = await failing.print({ kind: 'order', orderId });
    expect(paused.printed).toBe(false);
    expect(paused.message).toContain('could not print (printer paused)');
  });
});
