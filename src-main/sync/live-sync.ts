import { setTimeout as sleep } from 'node:timers/promises';
import type { Desk } from '../store/open-desk';
import { requireIdentity } from '../store/open-desk';
import { syncOnce, type SyncOptions, type SyncReport } from './sync-engine';
import type { SyncTransport } from './sync-transport';

export interface LiveSyncOptions extends SyncOptions {
  /** Pull even without a poke this often, in case an event was missed. */
  readonly intervalMs?: number;
  /** Longest wait between retries while the server is unreachable. */
  readonly maxBackoffMs?: number;
  readonly onSynced?: (report: SyncReport) => void;
  readonly onError?: (error: unknown) => void;
  readonly fetchImpl?: typeof fetch;
}

export interface LiveSync {
  /** Settles once the server's event stream is connected (pokes are then not missed). */
  readonly connected: Promise<void>;
  /** Asks for a sync as soon as the current one (if any) ends. */
  poke(): void;
  /**
   * Runs a round that starts after this call (a round already under way may have missed
   * the latest change) and settles with its outcome.
   */
  syncNow(): Promise<SyncReport>;
  stop(): Promise<void>;
}

interface RoundWaiter {
  resolve(report: SyncReport): void;
  reject(error: unknown): void;
}

/**
 * Keeps a desk in step with its server (R5.1): syncs after every local change, whenever the
 * server's event stream pokes, and on a timer; backs off while offline. Only one sync runs
 * at a time; pokes during a sync coalesce into one more.
 */
export function startLiveSync(
  desk: Desk,
  transport: SyncTransport,
  options: LiveSyncOptions = {},
): LiveSync {
  const identity = requireIdentity(desk);
  const intervalMs = options.intervalMs ?? 30_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const events = new AbortController();
  let stopped = false;
  let wanted = true;
  let running: Promise<void> | undefined;
  let backoffMs = 0;
  let timer: NodeJS.Timeout | undefined;
  let requested: RoundWaiter[] = [];

  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(kick, delayMs);
  };

  const loop = async () => {
    while (wanted && !stopped) {
      wanted = false;
      const round = requested;
      requested = [];
      try {
        const report = await syncOnce(desk, transport, options);
        options.onSynced?.(report);
        for (const waiter of round) waiter.resolve(report);
        backoffMs = 0;
      } catch (error) {
        options.onError?.(error);
        for (const waiter of round) waiter.reject(error);
        backoffMs = Math.min(maxBackoffMs, backoffMs ? backoffMs * 2 : 500);
        schedule(backoffMs);
        return;
      }
    }
    schedule(intervalMs);
  };

  function kick() {
    wanted = true;
    running ??= loop().finally(() => {
      running = undefined;
      if (wanted && !stopped) kick();
    });
  }

  const unsubscribe = desk.changes.subscribe(kick);

  let markConnected!: () => void;
  const connected = new Promise<void>((resolve) => {
    markConnected = resolve;
  });
  void listenForPokes(
    identity.serverUrl,
    () => identity.deviceToken,
    events.signal,
    () => {
      markConnected();
      // A change may have landed while the stream was down: catch up.
      kick();
    },
    kick,
    options.fetchImpl ?? fetch,
  );
  kick();

  return {
    connected,
    poke: kick,
    syncNow: () =>
      new Promise<SyncReport>((resolve, reject) => {
        if (stopped) {
          reject(new Error('live sync has stopped'));
          return;
        }
        requested.push({ resolve, reject });
        kick();
      }),
    stop: async () => {
      stopped = true;
      for (const waiter of requested.splice(0)) waiter.reject(new Error('live sync has stopped'));
      clearTimeout(timer);
      events.abort();
      unsubscribe();
      await running;
    },
  };
}

/** Reads the server's event stream, reconnecting after drops, until `signal` aborts. */
async function listenForPokes(
  serverUrl: string,
  token: () => string,
  signal: AbortSignal,
  onConnected: () => void,
  onPoke: () => void,
  fetchImpl: typeof fetch,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const response = await fetchImpl(new URL('/v1/events', serverUrl), {
        headers: { authorization: `Bearer ${token()}`, accept: 'text/event-stream' },
        signal,
      });
      if (!response.ok || !response.body)
        throw new Error(`event stream answered ${response.status}`);
      onConnected();
      const decoder = new TextDecoder();
      let buffer = '';
      // Node's fetch types leave the body untyped; it is a byte stream.
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event: poke$/m.test(message)) onPoke();
        }
      }
    } catch {
      // Offline or the server restarted: the timer-driven sync covers the gap.
    }
    // Aborting (stop) ends the wait at once.
    await sleep(2000, undefined, { signal }).catch(() => undefined);
  }
}
