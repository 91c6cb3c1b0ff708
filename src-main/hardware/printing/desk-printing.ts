import type { ThermalPrinter } from 'node-thermal-printer';
import {
  printableReceiptSchema,
  type PrintableReceipt,
  type PrinterSettings,
  type PrintOutcome,
  type SystemPrinterList,
} from '../../../src-shared/bridge/desk-methods';
import { MutationRefusal } from '../../../src-shared/mutations/mutation-definition';
import { drawerXReport } from '../../../src-shared/queries/front-desk/drawer-queries';
import {
  orderReceipt,
  refundReceipt,
  xReportReceipt,
  zReportReceipt,
} from '../../../src-shared/queries/front-desk/receipt-queries';
import type { QueryDefinition } from '../../../src-shared/queries/query-definition';
import {
  layoutReceipt,
  layoutTestPage,
  type ReceiptLayout,
} from '../../../src-shared/receipts/receipt-layout';
import type { ReceiptDocument } from '../../../src-shared/receipts/receipt-model';
import { requireIdentity, type Desk } from '../../store/open-desk';
import { runDeskMutation } from '../../operations/run-mutation';
import { asSharedDb } from '../../store/desk-tables';
import { appendLayout, DRAWER_PULSE } from './escpos-render';
import {
  failureMessage,
  jobPrinter,
  notPrinted,
  printerTarget,
  sendJob,
  statusVerdict,
  systemDriverMissing,
  type JobOptions,
  type SystemPrinterDriver,
} from './printer-connection';
import { listOsPrinters, type OsPrintingOptions } from './os-printer-list';
import { probePrinterStatus } from './printer-status';
import { loadPrinterSettings, savePrinterSettings } from './printer-settings-store';

/**
 * The desk's receipt printer and the cash drawer wired to it. Printing never throws for
 * printer trouble and never changes a sale: the outcome says whether it printed and, if
 * not, what staff should do. Data problems (an unknown order) and refusals (no open
 * drawer for a no-sale) do throw, as MutationRefusal, like any desk call.
 */
export interface DeskPrinting {
  getSettings(): PrinterSettings;
  /** Validates and stores the settings; invalid ones are refused and the old ones stay. */
  saveSettings(settings: PrinterSettings): PrinterSettings;
  testPrint(): Promise<PrintOutcome>;
  /** Prints a receipt or drawer report; a reprint is the same call, giving the same bytes. */
  print(receipt: PrintableReceipt): Promise<PrintOutcome>;
  /** The layout `print` would print now: what the on-screen preview shows. */
  preview(receipt: PrintableReceipt): Promise<ReceiptLayout>;
  /** Records a `no_sale` drawer movement as `actorId` (drawer.move), then opens the drawer. */
  noSale(actorId: string, reason: string): Promise<PrintOutcome>;
  kickDrawer(): Promise<PrintOutcome>;
  /** The printers the operating system lists (CUPS queues, USB device files). */
  listPrinters(): Promise<SystemPrinterList>;
}

export interface DeskPrintingOptions {
  /** How long to wait for a status answer before printing anyway (default 500 ms). */
  readonly statusTimeoutMs?: number;
  /** How long a printer may stay silent while connecting or taking a job (default 4 s). */
  readonly jobTimeoutMs?: number;
  /** The OS printer API for `system` printers; without one they report as unavailable. */
  readonly systemPrinterDriver?: SystemPrinterDriver;
  /** How CUPS and device files are reached (default: this process's PATH and platform). */
  readonly os?: OsPrintingOptions;
  /** Where a damaged settings file is reported (default: console.warn). */
  readonly warn?: (message: string) => void;
}

const NOT_SET_UP =
  'No receipt printer is set up at this desk: the receipt is shown on screen only. Set one up in printer settings.';

export function createDeskPrinting(desk: Desk, options: DeskPrintingOptions = {}): DeskPrinting {
  const statusTimeoutMs = options.statusTimeoutMs ?? 500;
  const jobOptions: JobOptions = {
    timeoutMs: options.jobTimeoutMs ?? 4000,
    systemDriver: options.systemPrinterDriver,
    os: options.os ?? {},
  };
  let loaded = loadPrinterSettings(desk.dataDir);
  if (loaded.warning !== null) (options.warn ?? console.warn)(loaded.warning);

  // One job at a time: a printer on port 9100 serves one connection, and a drawer kick
  // must not land inside a receipt.
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = (job: () => Promise<PrintOutcome>): Promise<PrintOutcome> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  /** Builds a job with `fill` and sends it; every failure becomes a message. */
  const send = (
    fill: (printer: ThermalPrinter, settings: PrinterSettings) => void,
    check: boolean,
  ) =>
    oneAtATime(async () => {
      const { settings } = loaded;
      const notSetUp =
        loaded.warning === null ? NOT_SET_UP : `No receipt printer is set up: ${loaded.warning}`;
      const target = printerTarget(settings, notSetUp);
      if (target.kind === 'none' || target.kind === 'invalid') return notPrinted(target.message);
      const missing = systemDriverMissing(target, jobOptions);
      if (missing !== null) return notPrinted(missing);
      let warning: string | null = null;
      // Star line mode has no DLE EOT; its status protocol is not implemented, so Star
      // printers print without the check (paper-out is then not detected).
      if (check && target.kind === 'network' && settings.driver === 'epson') {
        const status = await probePrinterStatus(target.host, target.port, statusTimeoutMs);
        const verdict = statusVerdict(target.name, status, jobOptions.timeoutMs);
        if (!verdict.go) return notPrinted(verdict.message);
        warning = verdict.warning;
      }
      try {
        const printer = jobPrinter(settings, target, jobOptions);
        fill(printer, settings);
        const outcome = await sendJob(printer, target, jobOptions);
        return outcome.printed ? { printed: true, message: warning } : outcome;
      } catch (error) {
        return notPrinted(failureMessage(target.name, error, jobOptions.timeoutMs));
      }
    });

  const kickDrawer = () =>
    send((printer, settings) => {
      printer.append(DRAWER_PULSE[settings.driver]);
    }, false);

  const preview = async (receipt: PrintableReceipt): Promise<ReceiptLayout> => {
    const parsed = printableReceiptSchema.safeParse(receipt);
    if (!parsed.success) {
      throw new MutationRefusal('invalid', `not a printable receipt: ${parsed.error.message}`);
    }
    return layoutReceipt(await loadDocument(desk, parsed.data), loaded.settings.paperWidth);
  };

  return {
    getSettings: () => loaded.settings,
    saveSettings(settings) {
      const saved = savePrinterSettings(desk.dataDir, settings);
      loaded = { settings: saved, warning: null };
      return saved;
    },
    testPrint() {
      const { settings } = loaded;
      const layout = layoutTestPage({
        studioName: desk.identity?.tenantName ?? 'Studio Desk',
        width: settings.paperWidth,
        printer: `${settings.driver.toUpperCase()} printer, ${describeConnection(settings)}`,
      });
      return send((printer) => {
        appendLayout(printer, layout, settings.driver);
      }, true);
    },
    async print(receipt) {
      const layout = await preview(receipt);
      return send((printer, settings) => {
        appendLayout(printer, layout, settings.driver);
      }, true);
    },
    preview,
    async noSale(actorId, reason) {
      const why = reason.trim();
      if (why === '') throw new MutationRefusal('invalid', 'A no-sale needs a reason.');
      // Recorded first: a drawer that opens without its record is what the audit prevents.
      await runDeskMutation(desk, actorId, 'drawer.move', { type: 'no_sale', reason: why });
      return kickDrawer();
    },
    kickDrawer,
    listPrinters: () => listOsPrinters(jobOptions.os, jobOptions.timeoutMs),
  };
}

function describeConnection(settings: PrinterSettings): string {
  const { connection } = settings;
  switch (connection.type) {
    case 'none':
      return 'not connected';
    case 'network':
      return `${connection.host}:${connection.port}`;
    case 'system':
      return `system printer ${connection.printerName}`;
    case 'device':
      return `device ${connection.path}`;
  }
}

/** Runs a shared query on the desk's copy with its types kept (runDeskQuery's unknown). */
function runQuery<A, R>(desk: Desk, query: QueryDefinition<A, R>, args: A): Promise<R> {
  const context = { db: asSharedDb(desk.db), tenantId: requireIdentity(desk).tenantId };
  return query.run(context, query.args.parse(args));
}

/** The receipt model, from the same queries the screens use. */
async function loadDocument(desk: Desk, receipt: PrintableReceipt): Promise<ReceiptDocument> {
  switch (receipt.kind) {
    case 'order':
      return runQuery(desk, orderReceipt, { orderId: receipt.orderId });
    case 'refund':
      return runQuery(desk, refundReceipt, { refundId: receipt.refundId });
    case 'drawerReport': {
      const report = await runQuery(desk, drawerXReport, { sessionId: receipt.sessionId });
      const args = { sessionId: receipt.sessionId };
      return report.kind === 'X'
        ? runQuery(desk, xReportReceipt, args)
        : runQuery(desk, zReportReceipt, args);
    }
  }
}
