import { EventEmitter } from 'node:events';

export type PokeListener = (position: number) => void;

/**
 * Fans a tenant's new change-log position out to the event streams of its desks (R5.1).
 * A position is passed on only when it is higher than the last one seen for the tenant, so
 * the same commit reported twice (in process and through LISTEN/NOTIFY) pokes once.
 */
export class PokeHub {
  private readonly emitter = new EventEmitter();
  private readonly latest = new Map<string, number>();

  constructor() {
    // One listener per open event stream; a busy studio has many desks.
    this.emitter.setMaxListeners(0);
  }

  publish(tenantId: string, position: number): void {
    if (position <= (this.latest.get(tenantId) ?? -1)) return;
    this.latest.set(tenantId, position);
    this.emitter.emit(tenantId, position);
  }

  /** Calls `listener` with each new position of the tenant; returns the unsubscribe. */
  subscribe(tenantId: string, listener: PokeListener): () => void {
    this.emitter.on(tenantId, listener);
    return () => this.emitter.off(tenantId, listener);
  }
}
