import { connect } from 'node:net';

/**
 * Asks a network ESC/POS printer whether it can print, before a job is sent: a job sent to
 * a printer without paper is accepted over TCP and silently lost (or printed half), so the
 * desk could not otherwise tell staff to load a roll.
 *
 * Real-time status requests, answered even while the printer is offline:
 * - DLE EOT 2 (`10 04 02`), offline cause: bit 2 cover open, bit 5 stopped for paper end,
 *   bit 6 error;
 * - DLE EOT 4 (`10 04 04`), roll paper sensor: bits 2-3 near end, bits 5-6 paper end.
 * Every answer byte has the fixed pattern 0xx1xx10 (bits 1 and 4 set, 0 and 7 clear); a
 * byte without it is not an answer to us and is ignored.
 */
export const STATUS_REQUEST = Buffer.from([0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);

export type PrinterStatus =
  | { readonly state: 'ready' }
  | { readonly state: 'paper-near-end' }
  | { readonly state: 'paper-out' }
  | { readonly state: 'cover-open' }
  | { readonly state: 'error' }
  /** No answer in time: many printers and print servers never answer. Print anyway. */
  | { readonly state: 'unknown' }
  /** Accepted the connection, then closed or reset it without answering. */
  | { readonly state: 'closed' }
  | { readonly state: 'unreachable'; readonly error: Error };

const isStatusByte = (byte: number) => (byte & 0x93) === 0x12;

/** Reads the two answers (offline cause, then paper sensor); partial answers still count. */
export function interpretStatus(answer: Uint8Array): PrinterStatus {
  const [offline, paper] = [answer[0], answer[1]];
  const valid = (byte: number | undefined): byte is number =>
    byte !== undefined && isStatusByte(byte);
  if (!valid(offline) && !valid(paper)) return { state: 'unknown' };
  if (valid(offline) && (offline & 0x04) !== 0) return { state: 'cover-open' };
  if ((valid(paper) && (paper & 0x60) !== 0) || (valid(offline) && (offline & 0x20) !== 0)) {
    return { state: 'paper-out' };
  }
  if (valid(offline) && (offline & 0x40) !== 0) return { state: 'error' };
  if (valid(paper) && (paper & 0x0c) !== 0) return { state: 'paper-near-end' };
  return { state: 'ready' };
}

/**
 * Connects, asks, and waits at most `timeoutMs` for the answer; always closes the socket
 * and always settles (no answer is `unknown`, never an error).
 */
export function probePrinterStatus(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<PrinterStatus> {
  return new Promise((resolve) => {
    const received: number[] = [];
    let settled = false;
    let connected = false;
    const socket = connect({ host, port });
    const finish = (status: PrinterStatus) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(status);
    };
    // One short deadline for connecting and answering. Silence is not a verdict: a printer
    // waking from sleep may connect late, and the job's own (longer) timeout decides then.
    const timer = setTimeout(() => {
      finish(
        received.length > 0 ? interpretStatus(Uint8Array.from(received)) : { state: 'unknown' },
      );
    }, timeoutMs);
    socket.on('connect', () => {
      connected = true;
      socket.write(STATUS_REQUEST);
    });
    socket.on('data', (chunk: Buffer) => {
      received.push(...chunk);
      if (received.length >= 2) finish(interpretStatus(Uint8Array.from(received)));
    });
    socket.on('error', (error) => {
      const code = errorCode(error);
      // A reset after connecting is the printer hanging up on us, not an unreachable one.
      const hungUp = connected && (code === 'ECONNRESET' || code === 'EPIPE');
      finish(hungUp ? { state: 'closed' } : { state: 'unreachable', error });
    });
    socket.on('close', () => {
      finish(
        received.length > 0 ? interpretStatus(Uint8Array.from(received)) : { state: 'closed' },
      );
    });
  });
}

/** The system error code (`ECONNREFUSED`, ...) of a socket or DNS error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
