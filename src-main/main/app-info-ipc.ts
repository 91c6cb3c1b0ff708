import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { DESK_IPC_CHANNELS, type AppInfo } from '../../src-shared/bridge/desk-bridge';
import { isAppUrl, type RendererEntry } from './renderer-entry';

/**
 * Answers the bridge's `appInfo()` call. Only frames showing the app's own pages may
 * call in: a third-party frame (for example Stripe's) must not reach the desk's IPC.
 */
export function registerAppInfoHandler(
  ipc: IpcMain,
  entry: RendererEntry,
  info: () => AppInfo,
): void {
  ipc.handle(DESK_IPC_CHANNELS.appInfo, (event: IpcMainInvokeEvent): AppInfo => {
    const frameUrl = event.senderFrame?.url;
    if (frameUrl === undefined || !isAppUrl(entry, frameUrl)) {
      throw new Error('app-info refused: the caller is not a page of this app');
    }
    return info();
  });
}
