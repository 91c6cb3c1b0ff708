import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  isPrinterDevicePath,
  type SystemPrinterList,
} from '../../../src-shared/bridge/desk-methods';
import { errorCode } from './printer-status';
import { listCupsQueues } from './cups-raw-output';

/** Where the operating system is asked for printers. Tests point each part at fakes. */
export interface OsPrintingOptions {
  /** The environment `lp` and `lpstat` run with (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Decides which lists exist: CUPS on Linux and macOS, USB device files on Linux. */
  readonly platform?: NodeJS.Platform;
  /** Where Linux's usblp driver puts printers' device files (default `/dev/usb`). */
  readonly usbDeviceDir?: string;
}

/** Linux's usblp names its printers lp0, lp1, ... in /dev/usb. */
const USB_PRINTER = /^lp\d+$/;

/**
 * The printers this computer offers for Settings to choose from: CUPS queues and USB
 * printers' device files. Never throws: what could not be listed becomes a note.
 */
export async function listOsPrinters(
  options: OsPrintingOptions,
  timeoutMs: number,
): Promise<SystemPrinterList> {
  const platform = options.platform ?? process.platform;
  const notes: string[] = [];
  let queues: string[] = [];
  if (platform === 'win32') {
    notes.push(
      'On Windows, share the receipt printer and enter its network path (like \\\\FRONTDESK\\receipt) as a device.',
    );
  } else {
    const cups = await listCupsQueues({ env: options.env ?? process.env, timeoutMs });
    queues = cups.queues;
    if (cups.note !== null) notes.push(cups.note);
  }
  const devices =
    platform === 'linux' ? await listUsbPrinters(options.usbDeviceDir ?? '/dev/usb', notes) : [];
  return { queues, devices, notes };
}

async function listUsbPrinters(dir: string, notes: string[]): Promise<string[]> {
  try {
    const names = (await readdir(dir)).filter((name) => USB_PRINTER.test(name));
    names.sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
    return names.map((name) => join(dir, name)).filter(isPrinterDevicePath);
  } catch (error) {
    // No /dev/usb at all is the ordinary case of no USB printer plugged in.
    if (errorCode(error) !== 'ENOENT') {
      notes.push(`USB printers could not be listed (${dir}: ${String(errorCode(error))}).`);
    }
    return [];
  }
}
