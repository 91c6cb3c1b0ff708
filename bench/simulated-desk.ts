import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { uuidV7 } from '../src-shared/ids/uuid-v7';
import { pushResponseSchema, type MutationEnvelope } from '../src-shared/protocol/sync-messages';
import { giftCardSaleArgs } from './bench-sales';

/**
 * A lightweight desk for load: it holds the server's event stream open as a desk does and
 * pushes one sale per request over keep-alive HTTP, with the seqs and desk-born ids a real
 * outbox would send. It keeps no database: B5 measures the server, not desks.
 */
export class SimulatedDesk {
  private seq = 0;
  private events = new AbortController();
  pokes = 0;
  refusals = 0;

  constructor(
    private serverUrl: string,
    private readonly token: string,
    private readonly actorId: string,
  ) {}

  /** Opens the event stream; resolves once connected, then counts pokes in the background. */
  async connect(): Promise<void> {
    const response = await fetch(new URL('/v1/events', this.serverUrl), {
      headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' },
      signal: this.events.signal,
    });
    if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          this.pokes += decoder.decode(value, { stream: true }).split('event: poke').length - 1;
        }
      } catch {
        // Closed by disconnect().
      }
    })();
  }

  /** Pushes one sale; returns the round trip in milliseconds, or undefined if refused. */
  async pushSale(): Promise<number | undefined> {
    this.seq++;
    const now = Date.now();
    const envelope: MutationEnvelope = {
      seq: this.seq,
      id: uuidV7(now, randomBytes),
      name: 'pos.sale',
      args: giftCardSaleArgs(`load_${this.seq}`),
      actorId: this.actorId,
      at: new Date(now).toISOString(),
    };
    const started = performance.now();
    const response = await fetch(new URL('/v1/push', this.serverUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mutations: [envelope] }),
    });
    const text = await response.text();
    const elapsed = performance.now() - started;
    if (!response.ok) {
      // Not applied (rate limited, server busy): the same seq goes again next time.
      this.seq--;
      this.refusals++;
      return undefined;
    }
    const answer = pushResponseSchema.parse(JSON.parse(text));
    if (answer.results[0]?.outcome !== 'applied') {
      this.refusals++;
      return undefined;
    }
    return elapsed;
  }

  disconnect(): void {
    this.events.abort();
  }

  /**
   * Closes the event stream and opens it again on another instance of the server (same
   * database): B5 spreads the same desks over one or two instances.
   */
  async moveTo(serverUrl: string): Promise<void> {
    this.disconnect();
    this.events = new AbortController();
    this.serverUrl = serverUrl;
    await this.connect();
  }
}
