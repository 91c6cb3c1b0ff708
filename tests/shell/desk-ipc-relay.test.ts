// What main lets through from the renderer to the desk process: only the desk window's
// own top-level page, only known methods, only arguments that parse.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeskReply } from '../../src-shared/bridge/desk-bridge';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';
import type { DeskMethod } from '../../src-shared/bridge/desk-methods';
import {
  createDeskInvokeRelay,
  forwardDeskEvent,
  isDeskIpcSender,
  type DeskIpcSender,
} from '../../src-main/main/desk-ipc-relay';
import { DeskProcessError } from '../../src-main/main/desk-process-client';
import { resolveRendererEntry } from '../../src-main/main/renderer-entry';

const entry = resolveRendererEntry({
  isPackaged: true,
  devServerUrl: undefined,
  mainDir: path.resolve('/opt/desk/out/main'),
});
const windowId = 7;
const deskPage: DeskIpcSender = {
  webContentsId: windowId,
  frameUrl: 'app://desk/index.html#/pos',
  isMainFrame: true,
};

function relayWith(invoke: (method: DeskMethod, args: unknown) => Promise<DeskReply>) {
  const forwarded: { method: DeskMethod; args: unknown }[] = [];
  const logs: string[] = [];
  const relay = createDeskInvokeRelay({
    isTrustedSender: (sender) => isDeskIpcSender(sender, { webContentsId: windowId, entry }),
    invoke: (method, args) => {
      forwarded.push({ method, args });
      return invoke(method, args);
    },
    log: (message) => logs.push(message),
  });
  return { relay, forwarded, logs };
}

const answered = () => Promise.resolve<DeskReply>({ ok: true, value: 'done' });

describe('desk IPC sender check', () => {
  it("accepts the desk window's top-level app page only", () => {
    const expected = { webContentsId: windowId, entry };
    expect(isDeskIpcSender(deskPage, expected)).toBe(true);
    expect(isDeskIpcSender({ ...deskPage, webContentsId: 8 }, expected)).toBe(false);
    expect(isDeskIpcSender({ ...deskPage, isMainFrame: false }, expected)).toBe(false);
    expect(isDeskIpcSender({ ...deskPage, frameUrl: null }, expected)).toBe(false);
    expect(
      isDeskIpcSender({ ...deskPage, frameUrl: 'https://js.stripe.com/terminal/v1/' }, expected),
    ).toBe(false);
    expect(isDeskIpcSender({ ...deskPage, frameUrl: 'file:///tmp/x.html' }, expected)).toBe(false);
    // Before the window exists nobody is trusted.
    expect(isDeskIpcSender(deskPage, { webContentsId: undefined, entry })).toBe(false);
  });
});

describe('desk invoke relay', () => {
  it('forwards a valid call from the desk page and returns the reply', async () => {
    const { relay, forwarded } = relayWith(answered);
    await expect(
      relay(deskPage, 'staff.signIn', {
        memberId: '0190a3c2-7a4e-7b1c-9d2e-3f4a5b6c7d8e',
        pin: '1234',
      }),
    ).resolves.toEqual({ ok: true, value: 'done' });
    expect(forwarded).toEqual([
      {
        method: 'staff.signIn',
        args: { memberId: '0190a3c2-7a4e-7b1c-9d2e-3f4a5b6c7d8e', pin: '1234' },
      },
    ]);
  });

  it('refuses a foreign frame without forwarding anything', async () => {
    const { relay, forwarded, logs } = relayWith(answered);
    const stripeFrame = { ...deskPage, isMainFrame: false, frameUrl: 'https://js.stripe.com/' };
    await expect(relay(stripeFrame, 'app.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await expect(relay({ ...deskPage, webContentsId: 99 }, 'app.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(forwarded).toEqual([]);
    expect(logs[0]).toContain('https://js.stripe.com/');
  });

  it('answers unknown methods and bad arguments with invalid, never reaching the process', async () => {
    const { relay, forwarded } = relayWith(answered);
    const refusals = await Promise.all([
      relay(deskPage, 'fs.readFile', {}),
      relay(deskPage, 'constructor', {}),
      relay(deskPage, 42, {}),
      relay(deskPage, 'staff.signIn', { memberId: 'not-a-uuid', pin: '1234' }),
      relay(deskPage, 'app.info', { extra: true }),
      relay(deskPage, 'sync.dismissProblem', { seq: '3' }),
      relay(deskPage, 'desk.mutate', { name: 'DROP TABLE', args: {} }),
    ]);
    for (const reply of refusals) {
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
    const [unknown, , , badUuid] = refusals;
    expect(JSON.stringify(unknown)).toContain('no action named \\"fs.readFile\\"');
    expect(JSON.stringify(badUuid)).toContain('staff.signIn');
    expect(JSON.stringify(badUuid)).toContain('memberId');
    expect(forwarded).toEqual([]);
  });

  it('treats missing arguments as none, like the HTTP bridge', async () => {
    const { relay, forwarded } = relayWith(answered);
    await expect(relay(deskPage, 'sync.status', undefined)).resolves.toMatchObject({ ok: true });
    expect(forwarded).toEqual([{ method: 'sync.status', args: {} }]);
  });

  it('turns a process failure into a refused reply with its code and message', async () => {
    const { relay } = relayWith(() =>
      Promise.reject(new DeskProcessError('timeout', 'The desk did not answer sync.now.')),
    );
    await expect(relay(deskPage, 'sync.now', {})).resolves.toEqual({
      ok: false,
      error: { code: 'timeout', message: 'The desk did not answer sync.now.' },
    });
    const { relay: broken, logs } = relayWith(() => Promise.reject(new Error('EPIPE')));
    await expect(broken(deskPage, 'sync.now', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(logs.join('\n')).toContain('EPIPE');
  });
});

describe('desk event forwarding', () => {
  const event: DeskEvent = {
    type: 'progress',
    task: 'repair',
    phase: 'members',
    done: 1,
    total: 2,
  };

  it('sends to a live window and drops events when there is none', () => {
    const sent: unknown[] = [];
    const live = {
      isDestroyed: () => false,
      send: (channel: string, e: DeskEvent) => sent.push([channel, e]),
    };
    const gone = { isDestroyed: () => true, send: () => sent.push('should not send') };
    forwardDeskEvent(live, 'studio-desk:event', event);
    forwardDeskEvent(gone, 'studio-desk:event', event);
    forwardDeskEvent(undefined, 'studio-desk:event', event);
    expect(sent).toEqual([['studio-desk:event', event]]);
  });
});
