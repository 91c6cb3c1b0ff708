import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { PrintOutcome } from '../../../src-shared/bridge/desk-methods';
import { errorCode } from './printer-status';

/**
 * Writes one job's ESC/POS bytes, as they are, to a printer's device file: a USB printer's
 * `/dev/usb/lp0` (Linux's usblp driver), a serial port, or on Windows a shared printer's UNC
 * path. Never throws: trouble comes back as a message for staff.
 *
 * The file is opened write-only without O_CREAT, so an unplugged printer is "not there"
 * rather than a new file in /dev, and an ordinary file is refused: a receipt never lands
 * in (or appends to) a document that happens to have the path typed in Settings.
 */
export async function writeToDeviceFile(
  path: string,
  bytes: Buffer,
  name: string,
  timeoutMs: number,
): Promise<PrintOutcome> {
  const who = capitalized(name);
  // Opening a FIFO without a reader, or writing to a printer that stopped taking data,
  // blocks in Node's thread pool and cannot be cancelled; the timer tells staff, and a
  // handle that opens after that is closed unused so a late job never prints by surprise.
  const deadlinePassed = { value: false };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<PrintOutcome>((resolve) => {
    timer = setTimeout(() => {
      deadlinePassed.value = true;
      resolve({
        printed: false,
        message: `${who} did not take the job within ${timeoutMs / 1000} s: check that it is switched on, has paper and is plugged in, then print again.`,
      });
    }, timeoutMs);
  });
  const job = (async (): Promise<PrintOutcome> => {
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, constants.O_WRONLY | constants.O_APPEND);
      // Staff were already told it did not print; the result goes nowhere.
      if (deadlinePassed.value) return { printed: false, message: null };
      if (process.platform !== 'win32' && (await handle.stat()).isFile()) {
        return {
          printed: false,
          message: `${path} is an ordinary file, not a printer: choose the printer's device file (like /dev/usb/lp0) in printer settings.`,
        };
      }
      // writeFile loops until every byte is written: a device may take a job in pieces.
      await handle.writeFile(bytes);
      return { printed: true, message: null };
    } catch (error) {
      return { printed: false, message: deviceFailure(who, path, error) };
    } finally {
      await handle?.close().catch(() => undefined);
    }
  })();
  try {
    return await Promise.race([job, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What staff read when the device file could not be opened or written. */
function deviceFailure(who: string, path: string, error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOENT':
    case 'ENODEV':
    case 'ENXIO':
      return `${who} is not connected (${path} is not there or not ready): check its cable and that it is switched on.`;
    case 'EACCES':
    case 'EPERM':
      return `This desk may not write to ${path}: give the desk's user access to the printer (on Linux, add it to the "lp" group) and print again.`;
    case 'EBUSY':
      return `${who} is in use by another program (often the system's print service): choose its system printer queue instead, or stop the other program.`;
    case 'EISDIR':
      return `${path} is a folder, not a printer: choose the printer's device file (like /dev/usb/lp0) in printer settings.`;
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return `${who} could not print (${detail}): check the printer and print again.`;
    }
  }
}
