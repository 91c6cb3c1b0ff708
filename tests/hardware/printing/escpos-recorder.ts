import { createServer, type Socket } from 'node:net';

/**
 * A network receipt printer as the desk sees one on port 9100: a TCP listener on
 * 127.0.0.1 that records every connection's bytes and answers ESC/POS real-time status
 * requests (DLE EOT n) the way an Epson printer does, or stays silent, or hangs up.
 */
export type RecorderStatus = 'ready' | 'paper-near-end' | 'paper-out' | 'cover-open' | 'silent';

export interface EscPosRecorder {
  readonly host: string;
  readonly port: number;
  /** How the printer answers status requests from now on. */
  setStatus(status: RecorderStatus): void;
  /** Reset every connection at once, without reading (a printer that is busy or broken). */
  setHangUp(hangUp: boolean): void;
  /** Bytes of every connection that has closed, in the order they closed. */
  connections(): Buffer[];
  /** Closed connections that carried more than status requests: the print jobs. */
  jobs(): Buffer[];
  /** Waits (at most `timeoutMs`) until `count` jobs have arrived; returns them all. */
  waitForJobs(count: number, timeoutMs?: number): Promise<Buffer[]>;
  /** Waits until `count` connections of any kind have closed; returns them all. */
  waitForConnections(count: number, timeoutMs?: number): Promise<Buffer[]>;
  close(): Promise<void>;
}

// DLE EOT answers: fixed bits 0xx1xx10 (0x12), then the state bits.
const ANSWERS: Record<Exclude<RecorderStatus, 'silent'>, Record<number, number>> = {
  ready: { 1: 0x16, 2: 0x12, 4: 0x12 },
  'paper-near-end': { 1: 0x16, 2: 0x12, 4: 0x12 | 0x0c },
  'paper-out': { 1: 0x1e, 2: 0x12 | 0x20, 4: 0x12 | 0x60 },
  'cover-open': { 1: 0x1e, 2: 0x12 | 0x04, 4: 0x12 },
};

const isOnlyStatusRequests = (bytes: Buffer) => {
  if (bytes.length === 0 || bytes.length % 3 !== 0) return bytes.length === 0;
  for (let i = 0; i < bytes.length; i += 3) {
    if (bytes[i] !== 0x10 || bytes[i + 1] !== 0x04) return false;
  }
  return true;
};

export async function startEscPosRecorder(
  options: { status?: RecorderStatus; hangUp?: boolean } = {},
): Promise<EscPosRecorder> {
  let status = options.status ?? 'ready';
  let hangUp = options.hangUp ?? false;
  const closed: Buffer[] = [];
  const open = new Set<Socket>();
  const waiters = new Set<() => void>();

  const server = createServer((socket) => {
    open.add(socket);
    const chunks: Buffer[] = [];
    let scanned = 0;
    if (hangUp) {
      socket.resetAndDestroy();
    }
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (status === 'silent') return;
      const all = Buffer.concat(chunks);
      const answers = ANSWERS[status];
      // Each request is answered once, when its last byte arrives (it may span chunks).
      for (let end = Math.max(2, scanned); end < all.length; end++) {
        if (all[end - 2] !== 0x10 || all[end - 1] !== 0x04) continue;
        const answer = answers[all[end] ?? 0];
        if (answer !== undefined) socket.write(Buffer.from([answer]));
      }
      scanned = all.length;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      open.delete(socket);
      closed.push(Buffer.concat(chunks));
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');

  const jobs = () => closed.filter((bytes) => !isOnlyStatusRequests(bytes));
  const waitFor = (list: () => Buffer[], count: number, what: string, timeoutMs = 5000) =>
    new Promise<Buffer[]>((resolve, reject) => {
      const check = () => {
        if (list().length < count) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(list());
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`expected ${count} ${what}, got ${list().length}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    host: '127.0.0.1',
    port: address.port,
    setStatus: (next) => {
      status = next;
    },
    setHangUp: (next) => {
      hangUp = next;
    },
    connections: () => [...closed],
    jobs,
    waitForJobs: (count, timeoutMs) => waitFor(jobs, count, 'print jobs', timeoutMs),
    waitForConnections: (count, timeoutMs) =>
      waitFor(() => [...closed], count, 'connections', timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
