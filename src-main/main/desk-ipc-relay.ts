import type { DeskReply } from '../../src-shared/bridge/desk-bridge';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';
import {
  deskMethodArgs,
  isDeskMethod,
  type DeskMethod,
} from '../../src-shared/bridge/desk-methods';
import { z } from 'zod';
import { DeskProcessError } from './desk-process-client';
import { isAppUrl, type RendererEntry } from './renderer-entry';

/** Who sent an IPC call, reduced to what the check needs (from an IpcMainInvokeEvent). */
export interface DeskIpcSender {
  readonly webContentsId: number;
  /** `null` when the frame is gone (navigated away or destroyed) by the time we look. */
  readonly frameUrl: string | null;
  readonly isMainFrame: boolean;
}

/**
 * Only the desk window's own top-level page may call the desk: not another window, not a
 * subframe (Stripe's iframe), not a page the window was somehow navigated to.
 */
export function isDeskIpcSender(
  sender: DeskIpcSender,
  expected: { readonly webContentsId: number | undefined; readonly entry: RendererEntry },
): boolean {
  return (
    expected.webContentsId !== undefined &&
    sender.webContentsId === expected.webContentsId &&
    sender.isMainFrame &&
    sender.frameUrl !== null &&
    isAppUrl(expected.entry, sender.frameUrl)
  );
}

export interface DeskInvokeRelayOptions {
  readonly isTrustedSender: (sender: DeskIpcSender) => boolean;
  readonly invoke: (method: DeskMethod, args: unknown) => Promise<DeskReply>;
  readonly log: (message: string) => void;
}

/**
 * The body of `ipcMain.handle(DESK_IPC_CHANNELS.invoke, ...)`. Checks the sender, the
 * method and the arguments before anything reaches the desk process, and always answers
 * with a DeskReply: the renderer never sees a thrown Electron error.
 */
export function createDeskInvokeRelay(
  options: DeskInvokeRelayOptions,
): (sender: DeskIpcSender, method: unknown, args: unknown) => Promise<DeskReply> {
  return async (sender, method, args) => {
    if (!options.isTrustedSender(sender)) {
      options.log(`refused a desk call from ${sender.frameUrl ?? 'a closed frame'}`);
      return refusal('forbidden', 'Only the Studio Desk window may use the desk.');
    }
    if (!isDeskMethod(method)) {
      return refusal('invalid', `The desk has no action named ${JSON.stringify(method)}.`);
    }
    const parsed = deskMethodArgs[method].safeParse(args ?? {});
    if (!parsed.success) {
      return refusal('invalid', `${method}: ${z.prettifyError(parsed.error)}`);
    }
    try {
      return await options.invoke(method, parsed.data);
    } catch (error: unknown) {
      if (error instanceof DeskProcessError) return refusal(error.code, error.message);
      options.log(`${method} failed in main: ${String(error)}`);
      return refusal('internal', `The desk app failed while sending ${method}; try again.`);
    }
  };
}

/** Where desk events go: the desk window's web contents while it is open. */
export interface DeskEventTarget {
  isDestroyed(): boolean;
  send(channel: string, event: DeskEvent): void;
}

/** Sends one event to the window, if it is still there; events while it is closed are dropped. */
export function forwardDeskEvent(
  target: DeskEventTarget | undefined,
  channel: string,
  event: DeskEvent,
): void {
  if (target === undefined || target.isDestroyed()) return;
  target.send(channel, event);
}

function refusal(code: string, message: string): DeskReply {
  return { ok: false, error: { code, message } };
}
