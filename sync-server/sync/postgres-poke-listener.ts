import pg from 'pg';
import { z } from 'zod';
import type { ServiceLog } from '../support/service-error';
import type { PokeHub } from './poke-hub';
import { DEVICE_CHANNEL } from '../db/migrations/20261207120100_device_change_notify';
import type { DeviceTokenCache } from './device-token-cache';

/** The channel the capture triggers notify on after a commit that advanced a tenant. */
export const POKE_CHANNEL = 'studio_sync';

const notification = z.strictObject({
  tenantId: z.string(),
  position: z.number().int().nonnegative(),
});

const deviceChange = z.strictObject({ deviceId: z.string() });

const RECONNECT_DELAY_MS = 2_000;

/** A notification's JSON payload; undefined when it is not JSON (checked by the caller). */
function jsonOf(payload: string | undefined): unknown {
  try {
    return JSON.parse(payload ?? '');
  } catch {
    return undefined;
  }
}

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
    /** Tokens trusted in memory: a device changed anywhere is forgotten here (issue 21). */
    private readonly deviceTokens?: DeviceTokenCache,
  ) {}

  /** Connects and listens; rejects when the first connection fails. */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === POKE_CHANNEL) this.deliver(message.payload);
      if (message.channel === DEVICE_CHANNEL) this.forgetDevice(message.payload);
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
    await client.query(`listen ${DEVICE_CHANNEL}`);
    // Announcements sent while no connection listened are lost: trust nothing from before.
    this.deviceTokens?.clear();
  }

  private forgetDevice(payload: string | undefined): void {
    const change = deviceChange.safeParse(jsonOf(payload));
    if (change.success) this.deviceTokens?.forgetDevice(change.data.deviceId);
    else this.deviceTokens?.clear();
  }

  private deliver(payload: string | undefined): void {
    const poke = notification.safeParse(jsonOf(payload));
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
