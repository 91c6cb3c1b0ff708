import type { Session, WebContents } from 'electron';
import { isAppUrl, type RendererEntry } from './renderer-entry';

/**
 * Locks down every web contents the app creates: no new windows, no navigation away
 * from the app's own pages, no `<webview>`. The desk handles members' data and card
 * sales, so a stray link must never turn a window into a general browser.
 */
export function guardWebContents(contents: WebContents, entry: RendererEntry): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(entry, url)) event.preventDefault();
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
export function denyAllPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  target.setPermissionCheckHandler(() => false);
}
