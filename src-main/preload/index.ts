// Runs in the sandboxed renderer before the page, with only a subset of Electron
// available and no Node modules: this file is bundled to CommonJS (sandboxed preloads
// cannot be ES modules) and must import nothing but `electron` and src-shared.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  DESK_BRIDGE_KEY,
  DESK_IPC_CHANNELS,
  unwrapDeskReply,
  type DeskBridge,
} from '../../src-shared/bridge/desk-bridge';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';
import type { DeskMethod, DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import { isDeskEvent } from '../core-process/desk-process-protocol';

const deskBridge = {
  async invoke<M extends DeskMethod>(method: M, args: unknown): Promise<DeskMethodResults[M]> {
    const reply: unknown = await ipcRenderer.invoke(DESK_IPC_CHANNELS.invoke, method, args);
    // Main checked the method and its arguments; the result's shape is the desk's contract.
    return unwrapDeskReply(reply) as DeskMethodResults[M];
  },
  subscribe(listener: (event: DeskEvent) => void) {
    // The IpcRendererEvent stays here: handing it to the page would expose `sender`.
    const relay = (_event: IpcRendererEvent, payload: unknown) => {
      if (isDeskEvent(payload)) listener(payload);
    };
    ipcRenderer.on(DESK_IPC_CHANNELS.event, relay);
    return () => {
      ipcRenderer.removeListener(DESK_IPC_CHANNELS.event, relay);
    };
  },
} satisfies DeskBridge;

// Only plain functions cross the context bridge; `ipcRenderer` itself is never exposed.
contextBridge.exposeInMainWorld(DESK_BRIDGE_KEY, deskBridge);
