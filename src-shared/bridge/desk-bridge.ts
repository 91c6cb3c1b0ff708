/**
 * The one contract between the sandboxed renderer and the privileged side of the desk app.
 *
 * The renderer sees a {@link DeskBridge}: in Electron the preload exposes it on
 * `window[DESK_BRIDGE_KEY]` (IPC to the desk core in a utility process); in browser mode it
 * is an HTTP client of the desk core served on loopback. Both carry the same method names
 * and arguments (checked against `deskMethodArgs` on the privileged side) and the same
 * reply envelope, so the renderer cannot tell them apart.
 */
import type { DeskEvent } from './desk-events';
import type { DeskMethod, DeskMethodArgs, DeskMethodResults } from './desk-methods';

export interface DeskBridge {
  /** Calls one desk method; rejects with a {@link DeskBridgeError} when it is refused. */
  invoke<M extends DeskMethod>(method: M, args: DeskMethodArgs<M>): Promise<DeskMethodResults[M]>;
  /** Listens for sync status and progress; returns the function that stops listening. */
  subscribe(listener: (event: DeskEvent) => void): () => void;
}

/** What crosses the wire for every call, IPC or HTTP: errors are data, never thrown objects. */
export type DeskReply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: DeskErrorBody };

export interface DeskErrorBody {
  /** Stable, for code: `invalid`, `forbidden`, `not_signed_in`, `offline`, `refused`, … */
  readonly code: string;
  /** For staff: what happened and what to do. */
  readonly message: string;
}

/** A refused or failed desk call, rebuilt on the renderer side from a {@link DeskReply}. */
export class DeskBridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeskBridgeError';
  }
}

/** Turns a reply envelope back into a value or a {@link DeskBridgeError}. */
export function unwrapDeskReply(reply: unknown): unknown {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new DeskBridgeError('malformed_reply', 'The desk sent a reply this screen cannot read');
  }
  if (reply.ok === true && 'value' in reply) return reply.value;
  const error: unknown = 'error' in reply ? reply.error : undefined;
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    throw new DeskBridgeError(String(error.code), String(error.message));
  }
  throw new DeskBridgeError('malformed_reply', 'The desk sent a reply this screen cannot read');
}

/** The global name under which the preload exposes the bridge in the renderer. */
export const DESK_BRIDGE_KEY = 'studioDesk';

/** IPC channels: main and preload both import these so a channel is never typed twice. */
export const DESK_IPC_CHANNELS = {
  invoke: 'studio-desk:invoke',
  event: 'studio-desk:event',
} as const;

/** Browser mode's loopback routes and the header that carries the per-launch secret. */
export const DESK_HTTP = {
  invokePath: '/bridge/invoke',
  eventsPath: '/bridge/events',
  secretHeader: 'x-desk-secret',
  /** The launch URL carries the secret in its fragment (never sent to any server). */
  secretFragmentKey: 'desk-secret',
} as const;
