/**
 * Messages between Electron main and the desk process (the utility process that owns the
 * desk database and sync). Main has already checked the sender and parsed the arguments;
 * the desk host checks them again, so the process never trusts its port blindly either.
 *
 * Both sides read what arrives with the guards below instead of casting: a message that
 * does not fit is dropped and logged, never half-handled.
 */
import type { DeskReply } from '../../src-shared/bridge/desk-bridge';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';

/** Main → desk process. */
export type ToDeskProcess =
  | {
      readonly type: 'invoke';
      /** Unique per process generation; the reply carries it back. */
      readonly id: number;
      readonly method: string;
      readonly args: unknown;
    }
  /** Close the desk (database, sync, demo server) and exit with code 0. */
  | { readonly type: 'shutdown' };

/** Desk process → main. */
export type FromDeskProcess =
  | { readonly type: 'reply'; readonly id: number; readonly reply: DeskReply }
  | { readonly type: 'event'; readonly event: DeskEvent };

export function isDeskReply(value: unknown): value is DeskReply {
  if (!isRecord(value)) return false;
  if (value['ok'] === true) return 'value' in value;
  if (value['ok'] !== false) return false;
  const error = value['error'];
  return (
    isRecord(error) && typeof error['code'] === 'string' && typeof error['message'] === 'string'
  );
}

/**
 * A loose check of the event's shape: the desk process is our own code, this only keeps
 * a garbled message from reaching the screens as if it were a sync status.
 */
export function isDeskEvent(value: unknown): value is DeskEvent {
  if (!isRecord(value)) return false;
  if (value['type'] === 'sync') return isRecord(value['status']);
  if (value['type'] === 'progress') {
    return (
      typeof value['task'] === 'string' &&
      typeof value['phase'] === 'string' &&
      typeof value['done'] === 'number' &&
      typeof value['total'] === 'number'
    );
  }
  return false;
}

export function parseFromDeskProcess(message: unknown): FromDeskProcess | undefined {
  if (!isRecord(message)) return undefined;
  const { type } = message;
  if (type === 'reply') {
    const { id, reply } = message;
    if (!isRequestId(id) || !isDeskReply(reply)) return undefined;
    return { type, id, reply };
  }
  if (type === 'event') {
    const { event } = message;
    return isDeskEvent(event) ? { type, event } : undefined;
  }
  return undefined;
}

export function parseToDeskProcess(message: unknown): ToDeskProcess | undefined {
  if (!isRecord(message)) return undefined;
  const { type } = message;
  if (type === 'shutdown') return { type };
  if (type === 'invoke') {
    const { id, method, args } = message;
    if (!isRequestId(id) || typeof method !== 'string') return undefined;
    return { type, id, method, args };
  }
  return undefined;
}

function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
