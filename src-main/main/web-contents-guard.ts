import type { Session, WebContents } from 'electron';
import { externalLinkDecision } from './external-links';
import { isAppUrl, type RendererEntry } from './renderer-entry';

/** What a navigation event lets the guard do: stop it. */
interface Preventable {
  preventDefault(): void;
}

/**
 * The parts of Electron's WebContents the guard uses, so a test can hand it a stand-in with
 * just these (a real WebContents has them all).
 */
export type GuardedContents = Pick<WebContents, 'setWindowOpenHandler'> & {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: Preventable, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
};

/** The parts of Electron's Session that hold its permission answers. */
export type PermissionGate = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler'
>;

/**
 * Locks down every web contents the app creates: no new windows, no navigation away
 * from the app's own pages, no `<webview>`. The desk handles members' data and card
 * sales, so a stray link must never turn a window into a general browser. A link to an
 * https page (Stripe's onboarding) goes to the system browser through `openExternal`
 * (Electron's `shell.openExternal`); every other address is only refused.
 */
export function guardWebContents(
  contents: GuardedContents,
  entry: RendererEntry,
  openExternal: (url: string) => Promise<void>,
): void {
  const leave = (url: string) => {
    if (externalLinkDecision(url) === 'open-in-browser') {
      openExternal(url).catch(() => undefined);
    }
  };
  contents.setWindowOpenHandler(({ url }) => {
    leave(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(entry, url)) return;
    event.preventDefault();
    leave(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(entry, url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/**
 * Denies every permission (camera, notifications, HID, serial, ...) by default. A
 * feature that needs one, such as a camera-based scanner, adds a narrow, explicit allow.
 */
export function denyAllPermissions(target: PermissionGate): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  target.setPermissionCheckHandler(() => false);
}
