// Runs in the sandboxed renderer before the page, with only a subset of Electron
// available and no Node modules: this file is bundled to CommonJS (sandboxed preloads
// cannot be ES modules) and must import nothing but `electron` and src-shared.
import { contextBridge, ipcRenderer } from 'electron';
import {
  DESK_BRIDGE_KEY,
  DESK_IPC_CHANNELS,
  isAppInfo,
  type AppInfo,
  type DeskBridge,
} from '../../src-shared/bridge/desk-bridge';

const deskBridge = {
  async appInfo(): Promise<AppInfo> {
    const reply: unknown = await ipcRenderer.invoke(DESK_IPC_CHANNELS.appInfo);
    if (!isAppInfo(reply)) throw new Error('Desk app sent a malformed app-info reply');
    return reply;
  },
} satisfies DeskBridge;

// Only plain functions cross the context bridge; `ipcRenderer` itself is never exposed.
contextBridge.exposeInMainWorld(DESK_BRIDGE_KEY, deskBridge);
