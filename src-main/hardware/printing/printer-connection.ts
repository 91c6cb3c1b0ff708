import { BreakLine, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import {
  isPrinterDevicePath,
  PRINTER_QUEUE_NAME,
  type PrinterSettings,
  type PrintOutcome,
} from '../../../src-shared/bridge/desk-methods';
import { sendToCupsQueue } from './cups-raw-output';
import { writeToDeviceFile } from './device-file-output';
import type { OsPrintingOptions } from './os-printer-list';
import { errorCode, type PrinterStatus } from './printer-status';

/**
 * The operating system's printer API, as the native `printer` modules expose it
 * (`printDirect` with RAW data). Optional: without one, system printers go through CUPS's
 * `lp` on Linux and macOS (cups-raw-output.ts); tests supply one that records the job.
 */
export interface SystemPrinterDriver {
  getPrinters(): { name: string; attributes: string[] }[];
  getPrinter(name: string): { status: string[] } | undefined;
  printDirect(job: {
    data: Buffer;
    printer: string;
    type: 'RAW';
    docname: string | false;
    success: (jobId: unknown) => void;
    error: (error: unknown) => void;
  }): void;
}

export type PrinterTarget =
  | { readonly kind: 'none'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string }
  | {
      readonly kind: 'network';
      readonly host: string;
      readonly port: number;
      readonly name: string;
    }
  | { readonly kind: 'system'; readonly printerName: string; readonly name: string }
  | { readonly kind: 'device'; readonly path: string; readonly name: string };

/** A target a job can be sent to. */
export type SendableTarget = Extract<PrinterTarget, { kind: 'network' | 'system' | 'device' }>;

// node-thermal-printer matches `tcp://host:port` with `[^/:]+` and treats anything it
// cannot match as a FILE path to write to: only plain host names and IPv4 get through.
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/** Where jobs go, or why none can be sent, for staff to read. */
export function printerTarget(settings: PrinterSettings, notSetUp: string): PrinterTarget {
  const { connection } = settings;
  switch (connection.type) {
    case 'none':
      return { kind: 'none', message: notSetUp };
    case 'network':
      if (!HOST.test(connection.host)) {
        return {
          kind: 'invalid',
          message: `"${connection.host}" is not a printer address this desk can use: enter the printer's IPv4 address (like 192.168.1.50) or host name in printer settings.`,
        };
      }
      return {
        kind: 'network',
        host: connection.host,
        port: connection.port,
        name: `the receipt printer at ${connection.host}:${connection.port}`,
      };
    case 'system':
      // The settings schema checks this too; a name with a slash would also be read by the
      // library's `printer:NAME` as NAME/driver.
      if (!PRINTER_QUEUE_NAME.test(connection.printerName)) {
        return {
          kind: 'invalid',
          message: `"${connection.printerName}" is not a printer queue name this desk can use: choose one from the list in printer settings.`,
        };
      }
      return {
        kind: 'system',
        printerName: connection.printerName,
        name: `the system printer "${connection.printerName}"`,
      };
    case 'device':
      if (!isPrinterDevicePath(connection.path)) {
        return {
          kind: 'invalid',
          message: `"${connection.path}" is not a device path this desk can use: choose the printer's device file (like /dev/usb/lp0) in printer settings.`,
        };
      }
      return {
        kind: 'device',
        path: connection.path,
        name: `the receipt printer at ${connection.path}`,
      };
  }
}

export interface JobOptions {
  /** How long a network printer may stay silent while connecting or taking the job. */
  readonly timeoutMs: number;
  readonly systemDriver: SystemPrinterDriver | undefined;
  /** How `lp` is run and on which platform (CUPS is Linux's and macOS's). */
  readonly os: OsPrintingOptions;
}

/**
 * The library's interface for the target: its TCP client, or its `printer:` interface over
 * a supplied system driver. Device files and CUPS queues get none (an empty string makes
 * no interface): the library only builds their bytes, which this desk sends itself.
 */
function libraryInterface(target: SendableTarget, options: JobOptions): string {
  if (target.kind === 'network') return `tcp://${target.host}:${target.port}`;
  if (target.kind === 'system' && options.systemDriver) return `printer:${target.printerName}`;
  return '';
}

/** A library printer aimed at the target, with an empty buffer, for one job. */
export function jobPrinter(
  settings: PrinterSettings,
  target: SendableTarget,
  options: JobOptions,
): ThermalPrinter {
  return new ThermalPrinter({
    type: settings.driver === 'star' ? PrinterTypes.STAR : PrinterTypes.EPSON,
    interface: libraryInterface(target, options),
    driver: options.systemDriver,
    width: settings.paperWidth,
    // The receipt layout has wrapped every line already; the library must not re-wrap.
    breakLine: BreakLine.NONE,
    options: { timeout: options.timeoutMs },
  });
}

/** Sends the printer's buffer. Never throws: printer trouble comes back as a message. */
export async function sendJob(
  printer: ThermalPrinter,
  target: SendableTarget,
  options: JobOptions,
): Promise<PrintOutcome> {
  if (target.kind === 'device') {
    return writeToDeviceFile(target.path, printer.getBuffer(), target.name, options.timeoutMs);
  }
  if (target.kind === 'system' && !options.systemDriver) {
    return sendToCupsQueue(target.printerName, printer.getBuffer(), target.name, {
      env: options.os.env ?? process.env,
      timeoutMs: options.timeoutMs,
    });
  }
  try {
    await printer.execute();
    return { printed: true, message: null };
  } catch (error) {
    return notPrinted(failureMessage(target.name, error, options.timeoutMs));
  }
}

/**
 * Why a system printer cannot be used here, or null when it can: Linux and macOS print
 * through CUPS; Windows has no `lp`, and this build no native spooler module for it.
 */
export function systemDriverMissing(target: PrinterTarget, options: JobOptions): string | null {
  if (target.kind !== 'system' || options.systemDriver !== undefined) return null;
  if ((options.os.platform ?? process.platform) !== 'win32') return null;
  return `Printing to ${target.name} through the Windows print queue is not supported by this desk: share the printer and choose "device" with its network path (like \\\\FRONTDESK\\receipt) in printer settings, or connect it over the network (port 9100).`;
}

export const notPrinted = (message: string): PrintOutcome => ({ printed: false, message });

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What staff read when a job could not be sent, by the socket or driver error. */
export function failureMessage(name: string, error: unknown, timeoutMs: number): string {
  const code = errorCode(error);
  const who = capitalized(name);
  switch (code) {
    case 'ECONNREFUSED':
      return `${who} refused the connection: check that it is switched on and that the address in printer settings is right.`;
    case 'ETIMEDOUT':
      return `${who} did not answer within ${timeoutMs / 1000} s: check that it is switched on and connected to the network.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return `${who} cannot be reached: check its network cable and that it is switched on.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${who} cannot be found on the network: check the host name in printer settings.`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${who} closed the connection before the receipt was sent: check the printer and print again.`;
    default:
      break;
  }
  // The library reports an idle socket as a plain Error('Socket timeout').
  if (error instanceof Error && /timeout/i.test(error.message)) {
    return `${who} did not answer within ${timeoutMs / 1000} s: check that it is switched on and connected to the network.`;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `${who} could not print (${detail}): check the printer and print again.`;
}

/** Whether a job may go ahead after the status check, or what to tell staff instead. */
export function statusVerdict(
  name: string,
  status: PrinterStatus,
  timeoutMs: number,
):
  | { readonly go: true; readonly warning: string | null }
  | { readonly go: false; readonly message: string } {
  const who = capitalized(name);
  switch (status.state) {
    case 'ready':
    case 'unknown':
      return { go: true, warning: null };
    case 'paper-near-end':
      return { go: true, warning: `${who} is running out of paper: have a new roll ready.` };
    case 'paper-out':
      return { go: false, message: `${who} is out of paper: load a new roll and print again.` };
    case 'cover-open':
      return { go: false, message: `${who} has its cover open: close it and print again.` };
    case 'error':
      return {
        go: false,
        message: `${who} reports an error (a paper jam or the cutter): clear it, switch the printer off and on, and print again.`,
      };
    case 'closed':
      return {
        go: false,
        message: `${who} closed the connection without answering: it may be busy with another desk or need restarting. Print again in a moment.`,
      };
    case 'unreachable':
      return { go: false, message: failureMessage(name, status.error, timeoutMs) };
  }
}
