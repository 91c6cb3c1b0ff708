import pg from 'pg';
import { z } from 'zod';
import type { ServiceLog } from '../support/service-error';
import type { PokeHub } from './poke-hub';

/** The channel the capture triggers notify on after a commit that advanced a tenant. */
export const POKE_CHANNEL = 'studio_sync';

const notification = z.strictObject({
  tenantId: z.string(),
  position: z.number().int().nonnegative(),
});

const RECONNECT_DELAY_MS = 2_000;

/**
 * Listens on a dedicated connection (LISTEN needs one that stays open, outside the pool) so
 * commits by other server processes on the same database poke this process's desks (R5.1).
 * The capture triggers NOTIFY in the committing transaction, so a rolled-back batch pokes
 * nobody. After a lost connection it reconnects; desks miss nothing, since a poke only says
 * "pull", and every stream also gets heartbeats and reconnects on its own.
 */
export class PostgresPokeListener {
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly hub: PokeHub,
    private readonly log: ServiceLog,
  ) {}

  /** Connects and listens; rejects when the first connection fails. */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === POKE_CHANNEL) this.deliver(message.payload);
    });
    // Handlers of a replaced client must not touch its successor.
    client.on('error', (error) => {
      if (this.client !== client) return;
      this.log.warn({ err: error }, 'sync notification connection failed; reconnecting');
      this.reconnectLater();
    });
    client.on('end', () => {
      if (this.client === client) this.reconnectLater();
    });
    await client.connect();
    await client.query(`listen ${POKE_CHANNEL}`);
  }

  private deliver(payload: string | undefined): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload ?? '');
    } catch {
      parsed = undefined;
    }
    const poke = notification.safeParse(parsed);
    if (poke.success) this.hub.publish(poke.data.tenantId, poke.data.position);
    else this.log.warn({ payload }, 'ignored a malformed sync notification');
  }

  private reconnectLater(): void {
    if (this.closed || this.retry) return;
    const failed = this.client;
    this.client = undefined;
    failed?.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().catch((error: unknown) => {
        this.log.warn({ err: error }, 'could not reconnect for sync notifications');
        this.reconnectLater();
      });
    }, RECONNECT_DELAY_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }
}
