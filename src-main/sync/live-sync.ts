import { setTimeout as sleep } from 'node:timers/promises';
import { pokeEventSchema } from '../../src-shared/protocol/sync-messages';
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
  /** Told of every poke from the server's event stream, with the position it names. */
  readonly onPoke?: (position: number | undefined) => void;
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
 * at a time; pokes during a sync coalesce into one more, which is skipped when the desk has
 * already pulled up to the position the pokes named (its own commits, mostly).
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
  // Wanted for a reason other than a poke naming a position (a local change, the timer,
  // syncNow, a retry): such a round always runs.
  let fullRound = true;
  // The highest position the server's pokes named (R5.1).
  let pokedUpTo = 0;
  let running: Promise<void> | undefined;
  let backoffMs = 0;
  let timer: NodeJS.Timeout | undefined;
  let requested: RoundWaiter[] = [];

  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(kick, delayMs);
  };

  /** Nothing to send, and pulled to `position` already: a poke up to it needs no round. */
  const holdsUpTo = async (position: number) => {
    const state = await desk.db
      .selectFrom('desk_sync_state')
      .select('checkpoint')
      .executeTakeFirst();
    if (state === undefined || state.checkpoint < position) return false;
    const pending = await desk.db
      .selectFrom('desk_outbox')
      .select('seq')
      .where('status', '=', 'pending')
      .limit(1)
      .executeTakeFirst();
    return pending === undefined;
  };

  const loop = async () => {
    while (wanted && !stopped) {
      const full = fullRound || requested.length > 0;
      wanted = false;
      fullRound = false;
      // Pokes for commits this desk's last pull already covered (its own push's, or a burst
      // that pull read past) would cost a pull that brings nothing.
      if (!full && (await holdsUpTo(pokedUpTo))) continue;
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

  function start() {
    running ??= loop().finally(() => {
      running = undefined;
      if (wanted && !stopped) start();
    });
  }

  function kick() {
    wanted = true;
    fullRound = true;
    start();
  }

  /** A poke: a round unless this desk has already pulled past the position it names. */
  function poked(position: number | undefined) {
    if (position === undefined) {
      kick();
      return;
    }
    pokedUpTo = Math.max(pokedUpTo, position);
    wanted = true;
    start();
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
    // A change may have landed while the stream was down: the stream's first poke names
    // the head as it connected, and the desk catches up to it (poked).
    markConnected,
    (position) => {
      options.onPoke?.(position);
      poked(position);
    },
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
  onPoke: (position: number | undefined) => void,
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
          if (/^event: poke$/m.test(message)) onPoke(pokedPosition(message));
        }
      }
    } catch {
      // Offline or the server restarted: the timer-driven sync covers the gap.
    }
    // Aborting (stop) ends the wait at once.
    await sleep(2000, undefined, { signal }).catch(() => undefined);
  }
}

/** The position a poke names (R5.1), or undefined when its data is not the expected JSON. */
function pokedPosition(message: string): number | undefined {
  const data = /^data: (.*)$/m.exec(message)?.[1];
  if (data === undefined) return undefined;
  try {
    const parsed = pokeEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data.position : undefined;
  } catch {
    return undefined;
  }
}
