/**
 * Messages between Electron main and the desk process (the utility process that owns the
 * desk database and sync). Main has already checked the sender and parsed the arguments;
 * the desk host checks them again, so the process never trusts its port blindly either.
 *
 * Both sides read what arrives with the parsers in desk-process-parsers.ts instead of
 * casting: a message that does not fit is dropped and logged, never half-handled.
 *
 * This file holds types and dependency-free guards only: the sandboxed preload bundles it
 * (isDeskEvent), and a runtime import of zod here would put all of zod in the preload.
 */
import type { DeskReply } from '../../src-shared/bridge/desk-bridge';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';
import type { DemoFromMain, DemoRequest } from './demo-relay-protocol';

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
  | { readonly type: 'shutdown' }
  /** Main's answer to one of the desk process's demo-server requests, or a launch's progress. */
  | DemoFromMain;

/** Desk process → main. */
export type FromDeskProcess =
  | { readonly type: 'reply'; readonly id: number; readonly reply: DeskReply }
  | { readonly type: 'event'; readonly event: DeskEvent }
  /** Start, use or close the demo studio's server, which only main can fork. */
  | DemoRequest;

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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
