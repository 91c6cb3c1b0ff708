// The preload's bridge, with `electron` replaced by a stand-in of the two objects a
// sandboxed preload gets (contextBridge, ipcRenderer): the real module needs the binary.
import { EventEmitter } from 'node:events';
import type { IpcRenderer } from 'electron';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DESK_BRIDGE_KEY,
  DESK_IPC_CHANNELS,
  DeskBridgeError,
  type DeskBridge,
} from '../../src-shared/bridge/desk-bridge';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const invokes: unknown[][] = [];
  const replies: unknown[] = [];
  return { exposed, invokes, replies };
});

vi.mock('electron', () => {
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoke: (...args: unknown[]) => {
      electron.invokes.push(args);
      return Promise.resolve(electron.replies.shift());
    },
  });
  return {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api),
    },
    ipcRenderer,
  };
});

let bridge: DeskBridge;
let ipc: IpcRenderer;

beforeAll(async () => {
  await import('../../src-main/preload/index');
  const electronModule = await import('electron');
  ipc = electronModule.ipcRenderer;
  const exposed = electron.exposed.get(DESK_BRIDGE_KEY);
  if (!isBridge(exposed)) throw new Error('the preload did not expose the desk bridge');
  bridge = exposed;
});

function isBridge(value: unknown): value is DeskBridge {
  return (
    typeof value === 'object' &&
    value !== null &&
    'invoke' in value &&
    'subscribe' in value &&
    typeof value.invoke === 'function'
  );
}

describe('preload desk bridge', () => {
  it('exposes only invoke and subscribe', () => {
    expect(Object.keys(electron.exposed.get(DESK_BRIDGE_KEY) ?? {}).sort()).toEqual([
      'invoke',
      'subscribe',
    ]);
    expect([...electron.exposed.keys()]).toEqual([DESK_BRIDGE_KEY]);
  });

  it('invokes over the desk channel and unwraps the reply', async () => {
    electron.replies.push({
      ok: true,
      value: { name: 'Studio Desk', version: '1', platform: 'linux', shell: '45' },
    });
    await expect(bridge.invoke('app.info', {})).resolves.toMatchObject({ shell: '45' });
    expect(electron.invokes.at(-1)).toEqual([DESK_IPC_CHANNELS.invoke, 'app.info', {}]);
  });

  it('turns refusals and garbage into DeskBridgeError', async () => {
    electron.replies.push({ ok: false, error: { code: 'not_signed_in', message: 'Sign in.' } });
    const refused = await bridge.invoke('staff.signOut', {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeskBridgeError);
    expect(refused).toMatchObject({ code: 'not_signed_in', message: 'Sign in.' });
    electron.replies.push('not an envelope');
    await expect(bridge.invoke('sync.status', {})).rejects.toMatchObject({
      code: 'malformed_reply',
    });
  });

  it('passes events without the IPC event object, drops bad ones, and unsubscribes', () => {
    const seen: unknown[][] = [];
    const stop = bridge.subscribe((...args: unknown[]) => seen.push(args));
    const event: DeskEvent = {
      type: 'progress',
      task: 'initialSync',
      phase: 'members',
      done: 5,
      total: 9,
    };
    const fakeIpcEvent = { sender: { send: () => undefined } };
    ipc.emit(DESK_IPC_CHANNELS.event, fakeIpcEvent, event);
    ipc.emit(DESK_IPC_CHANNELS.event, fakeIpcEvent, { type: 'sync' });
    expect(seen).toEqual([[event]]);
    stop();
    ipc.emit(DESK_IPC_CHANNELS.event, fakeIpcEvent, event);
    expect(seen).toHaveLength(1);
    expect(ipc.listenerCount(DESK_IPC_CHANNELS.event)).toBe(0);
  });
});
