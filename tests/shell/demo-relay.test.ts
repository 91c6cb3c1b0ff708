// The demo studio's relay, hop by hop, without processes: every message schema refuses
// what does not fit, the server reads back the command line main builds, and the
// desk process's launcher and main's desk-process client route requests and answers.
// The real processes are exercised in demo-server-process.test.ts.
import { describe, expect, it } from 'vitest';
import type {
  DemoAnswer,
  DemoFromMain,
  DemoRequest,
} from '../../src-main/core-process/demo-relay-protocol';
import {
  parseFromDeskProcess,
  parseToDeskProcess,
} from '../../src-main/core-process/desk-process-parsers';
import type { ToDeskProcess } from '../../src-main/core-process/desk-process-protocol';
import { serveDeskProcess } from '../../src-main/core-process/desk-process-server';
import { createRelayedDemoLauncher } from '../../src-main/core-process/relayed-demo-launcher';
import {
  createDeskProcessClient,
  type DeskProcessListeners,
} from '../../src-main/main/desk-process-client';
import {
  demoServerArgv,
  parseFromDemoServer,
  toDemoServerSchema,
  type DemoServerProgress,
  type FromDemoServer,
  type ToDemoServer,
} from '../../src-shared/protocol/demo-server-wire';
import { parseDemoServerArgv } from '../../sync-server/demo/demo-server-messages';

const ready = {
  type: 'ready',
  url: 'http://127.0.0.1:43210',
  port: 43210,
  tenantName: 'Harbor Yoga',
  staffPin: '1234',
} satisfies FromDemoServer;

describe('demo relay messages', () => {
  it('desk process → main: accepts the three requests and refuses anything else', () => {
    const good: DemoRequest[] = [
      { type: 'demo.launch', id: 1, dataDir: '/data/demo-server', port: 0 },
      { type: 'demo.createEnrollmentCode', id: 2, serverId: 1 },
      { type: 'demo.close', id: 3, serverId: 1 },
    ];
    for (const request of good) expect(parseFromDeskProcess(request)).toEqual(request);
    const bad: unknown[] = [
      { type: 'demo.launch', id: 1, dataDir: '/d', port: 65_536 },
      { type: 'demo.launch', id: 1, dataDir: '/d', port: -1 },
      { type: 'demo.launch', id: 1, dataDir: '/d', port: '0' },
      { type: 'demo.launch', id: 1, dataDir: '', port: 0 },
      { type: 'demo.launch', id: 0, dataDir: '/d', port: 0 },
      { type: 'demo.launch', id: 1, dataDir: '/d', port: 0, exec: 'rm -rf /' },
      { type: 'demo.createEnrollmentCode', id: 2 },
      { type: 'demo.close', id: 3, serverId: 1.5 },
      { type: 'demo.ready', id: 1, serverId: 1, ...withoutType(ready) },
      { type: 'demo.kill', id: 1 },
    ];
    for (const message of bad) expect(parseFromDeskProcess(message)).toBeUndefined();
  });

  it("main → desk process: accepts the four answers and a launch's progress, nothing else", () => {
    const good: DemoAnswer[] = [
      { type: 'demo.ready', id: 1, serverId: 1, ...withoutType(ready) },
      { type: 'demo.code', id: 2, code: 'ABCD-1234' },
      { type: 'demo.closed', id: 3 },
      { type: 'demo.failed', id: 4, message: 'The demo server is not running.' },
    ];
    for (const answer of good) expect(parseToDeskProcess(answer)).toEqual(answer);
    const progress: DemoFromMain = {
      type: 'demo.progress',
      id: 1,
      phase: 'loadRows',
      done: 4,
      total: 9,
    };
    expect(parseToDeskProcess(progress)).toEqual(progress);
    const readyAnswer = { type: 'demo.ready', id: 1, serverId: 1, ...withoutType(ready) };
    const bad: unknown[] = [
      { ...readyAnswer, url: 'http://10.0.0.8:43210' },
      { ...readyAnswer, url: 'https://127.0.0.1:43210' },
      { ...readyAnswer, url: 'not a url' },
      { ...readyAnswer, staffPin: 'abcd' },
      { ...readyAnswer, serverId: undefined },
      { type: 'demo.code', id: 2, code: '' },
      { type: 'demo.closed', id: 3, extra: true },
      { type: 'demo.failed', id: 4 },
      { type: 'demo.launch', id: 1, dataDir: '/d', port: 0 },
      { ...progress, done: 10 },
      { ...progress, done: -1 },
      { ...progress, total: 1.5 },
      { ...progress, phase: 'dropTables' },
      { ...progress, id: undefined },
      { ...progress, note: 'extra' },
    ];
    for (const message of bad) expect(parseToDeskProcess(message)).toBeUndefined();
  });

  it('demo server → main: main accepts what the server sends, nothing else', () => {
    const sent: FromDemoServer[] = [
      ready,
      { type: 'startFailed', message: 'port 43210 is in use' },
      { type: 'enrollmentCode', id: 1, code: 'ABCD-1234' },
      { type: 'enrollmentCodeFailed', id: 2, message: 'database closed' },
      { type: 'refused', message: 'id: Too small' },
      { type: 'progress', phase: 'createStudio', done: 0, total: 1 },
      { type: 'progress', phase: 'loadRows', done: 4_812, total: 4_812 },
    ];
    for (const message of sent) expect(parseFromDemoServer(message)).toEqual(message);
    const bad: unknown[] = [
      { ...ready, port: 43211 },
      { ...ready, url: 'http://0.0.0.0:43210' },
      { ...ready, url: 'http://127.0.0.1' },
      { ...ready, tenantName: '' },
      { ...ready, admin: true },
      { type: 'enrollmentCode', id: 1 },
      { type: 'ready' },
      'ready',
      { type: 'progress', phase: 'loadRows', done: 5, total: 4 },
      { type: 'progress', phase: 'loadRows', done: 1 },
      { type: 'progress', phase: 'enrol', done: 0, total: 1 },
    ];
    for (const message of bad) expect(parseFromDemoServer(message)).toBeUndefined();
  });

  it("main → demo server: the server accepts main's command line and messages, nothing else", () => {
    const settings = { dataDir: '/home/desk/.config/Studio Desk/demo-server', port: 43210 };
    expect(parseDemoServerArgv(demoServerArgv(settings))).toEqual(settings);
    expect(parseDemoServerArgv(demoServerArgv({ ...settings, port: 0 })).port).toBe(0);
    for (const argv of [
      ['--data-dir', '/d', '--port', ''],
      ['--data-dir', '/d', '--port', '-1'],
      ['--data-dir', '/d', '--port', '1e3'],
      ['--port', '0'],
      ['--data-dir', '/d', '--port', '0', '--host', '0.0.0.0'],
      ['--data-dir', '/d', '--port', '0', 'extra'],
    ]) {
      expect(() => parseDemoServerArgv(argv)).toThrow();
    }
    const sent: ToDemoServer[] = [{ type: 'createEnrollmentCode', id: 1 }, { type: 'stop' }];
    for (const message of sent) expect(toDemoServerSchema.parse(message)).toEqual(message);
    for (const message of [
      { type: 'createEnrollmentCode' },
      { type: 'createEnrollmentCode', id: 1, tenantId: 'x' },
      { type: 'stop', now: true },
      { type: 'exec' },
    ]) {
      expect(toDemoServerSchema.safeParse(message).success).toBe(false);
    }
  });
});

describe('the desk process launcher', () => {
  function relay(timeouts = { launchMs: 5_000, callMs: 5_000 }) {
    const posted: DemoRequest[] = [];
    const launcher = createRelayedDemoLauncher({
      post: (request) => posted.push(request),
      timeouts,
    });
    const last = () => {
      const request = posted.at(-1);
      if (!request) throw new Error('nothing was posted');
      return request;
    };
    return { posted, launcher, last };
  }

  it('turns main answers into a demo server handle bound to its server id', async () => {
    const { launcher, last, posted } = relay();
    const launching = launcher.launch({ dataDir: '/data/demo-server', port: 0 });
    expect(last()).toEqual({ type: 'demo.launch', id: 1, dataDir: '/data/demo-server', port: 0 });
    launcher.receive({ type: 'demo.ready', id: 1, serverId: 7, ...withoutType(ready) });
    const handle = await launching;
    expect(handle).toMatchObject(withoutType(ready));

    const code = handle.createEnrollmentCode();
    expect(last()).toEqual({ type: 'demo.createEnrollmentCode', id: 2, serverId: 7 });
    launcher.receive({ type: 'demo.code', id: 2, code: 'WXYZ-9876' });
    await expect(code).resolves.toBe('WXYZ-9876');

    const failing = handle.createEnrollmentCode();
    launcher.receive({ type: 'demo.failed', id: 3, message: 'The demo server is not running.' });
    await expect(failing).rejects.toThrow('The demo server is not running.');

    const confused = handle.createEnrollmentCode();
    launcher.receive({ type: 'demo.closed', id: 4 });
    await expect(confused).rejects.toThrow('answered demo.closed instead of demo.code');

    const closing = handle.close();
    expect(last()).toEqual({ type: 'demo.close', id: 5, serverId: 7 });
    launcher.receive({ type: 'demo.closed', id: 5 });
    await expect(closing).resolves.toBeUndefined();
    expect(posted).toHaveLength(5);
  });

  it("hands a launch's progress to its listener until the answer, and nothing else", async () => {
    const { launcher } = relay();
    const heard: DemoServerProgress[] = [];
    const launching = launcher.launch({
      dataDir: '/data/demo-server',
      port: 0,
      onProgress: (progress) => heard.push(progress),
    });
    launcher.receive({ type: 'demo.progress', id: 1, phase: 'createStudio', done: 0, total: 1 });
    launcher.receive({ type: 'demo.progress', id: 2, phase: 'loadRows', done: 1, total: 9 });
    launcher.receive({ type: 'demo.progress', id: 1, phase: 'loadRows', done: 9, total: 9 });
    launcher.receive({ type: 'demo.ready', id: 1, serverId: 1, ...withoutType(ready) });
    await launching;
    launcher.receive({ type: 'demo.progress', id: 1, phase: 'loadRows', done: 9, total: 9 });
    expect(heard).toEqual([
      { phase: 'createStudio', done: 0, total: 1 },
      { phase: 'loadRows', done: 9, total: 9 },
    ]);
  });

  it('gives up on an answer that never comes, and ignores it when it comes late', async () => {
    const { launcher } = relay({ launchMs: 20, callMs: 5_000 });
    const launching = launcher.launch({ dataDir: '/data/demo-server', port: 0 });
    await expect(launching).rejects.toThrow('did not answer within 20 ms');
    launcher.receive({ type: 'demo.ready', id: 1, serverId: 1, ...withoutType(ready) });
    const refused = launcher.launch({ dataDir: '/data/demo-server', port: 0 });
    launcher.receive({ type: 'demo.failed', id: 2, message: 'Studio Desk is closing.' });
    await expect(refused).rejects.toThrow('Studio Desk is closing.');
  });

  it('gets the answers from main through the desk process server', async () => {
    const listeners: ((message: unknown) => void)[] = [];
    const logs: string[] = [];
    const received: DemoFromMain[] = [];
    const serve = (onDemoAnswer?: (answer: DemoFromMain) => void) => {
      serveDeskProcess({
        port: {
          onMessage: (listener) => listeners.push(listener),
          post: () => undefined,
        },
        openHost: () => Promise.reject(new Error('no desk in this test')),
        exit: () => undefined,
        log: (message) => logs.push(message),
        ...(onDemoAnswer ? { onDemoAnswer } : {}),
      });
    };
    serve((answer) => received.push(answer));
    serve();
    await Promise.resolve();
    for (const listener of listeners) {
      listener({ type: 'demo.closed', id: 9 });
      listener({ type: 'demo.closed', id: 'nine' });
    }
    expect(received).toEqual([{ type: 'demo.closed', id: 9 }]);
    expect(logs.filter((line) => line.includes('malformed'))).toHaveLength(2);
    expect(logs).toContain('ignored demo.closed: this desk process launches no demo server');
  });
});

describe("main's desk process client and demo requests", () => {
  function world(
    onDemoRequest?: (
      request: DemoRequest,
      onProgress: (progress: DemoServerProgress) => void,
    ) => Promise<DemoAnswer>,
  ) {
    const processes: { posted: ToDeskProcess[]; listeners: DeskProcessListeners }[] = [];
    const logs: string[] = [];
    createDeskProcessClient({
      spawn: (listeners) => {
        const posted: ToDeskProcess[] = [];
        const fake = { posted, listeners };
        processes.push(fake);
        return { post: (message) => fake.posted.push(message), kill: () => undefined };
      },
      onEvent: () => undefined,
      timeoutMs: () => 5_000,
      now: () => 0,
      restartBudget: { restarts: 3, withinMs: 60_000 },
      log: (message) => logs.push(message),
      ...(onDemoRequest ? { onDemoRequest } : {}),
    });
    return { processes, logs };
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('hands requests to the handler and posts its answer back to the same process', async () => {
    const seen: DemoRequest[] = [];
    const { processes, logs } = world((request) => {
      seen.push(request);
      return Promise.resolve({ type: 'demo.code', id: request.id, code: 'ABCD-1234' });
    });
    const [desk] = processes;
    if (!desk) throw new Error('no desk process');
    desk.listeners.onMessage({ type: 'demo.createEnrollmentCode', id: 4, serverId: 2 });
    desk.listeners.onMessage({ type: 'demo.launch', id: 5, dataDir: '/d', port: 99_999 });
    await settle();
    expect(seen).toEqual([{ type: 'demo.createEnrollmentCode', id: 4, serverId: 2 }]);
    expect(desk.posted).toEqual([{ type: 'demo.code', id: 4, code: 'ABCD-1234' }]);
    expect(logs).toEqual(['ignored a malformed message from the desk process']);
  });

  it("posts a launch's progress to the process that asked, under the launch's id", async () => {
    const { processes } = world((request, onProgress) => {
      onProgress({ phase: 'createStudio', done: 0, total: 1 });
      onProgress({ phase: 'loadRows', done: 3, total: 3 });
      return Promise.resolve({ type: 'demo.closed', id: request.id });
    });
    const [desk] = processes;
    desk?.listeners.onMessage({ type: 'demo.launch', id: 6, dataDir: '/d', port: 0 });
    await settle();
    expect(desk?.posted).toEqual([
      { type: 'demo.progress', id: 6, phase: 'createStudio', done: 0, total: 1 },
      { type: 'demo.progress', id: 6, phase: 'loadRows', done: 3, total: 3 },
      { type: 'demo.closed', id: 6 },
    ]);
  });

  it('refuses demo requests without a handler, and drops answers for a process that died', async () => {
    const bare = world();
    bare.processes[0]?.listeners.onMessage({ type: 'demo.close', id: 1, serverId: 1 });
    await settle();
    expect(bare.processes[0]?.posted).toEqual([
      {
        type: 'demo.failed',
        id: 1,
        message: 'This build of the desk cannot run the demo studio.',
      },
    ]);

    let answer: (value: DemoAnswer) => void = () => undefined;
    const slow = world(
      () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    );
    const first = slow.processes[0];
    first?.listeners.onMessage({ type: 'demo.launch', id: 1, dataDir: '/d', port: 0 });
    first?.listeners.onExit(1);
    answer({ type: 'demo.closed', id: 1 });
    await settle();
    expect(slow.processes).toHaveLength(2);
    expect(first?.posted).toEqual([]);
    expect(slow.processes[1]?.posted).toEqual([]);
  });
});

function withoutType(message: typeof ready) {
  const { url, port, tenantName, staffPin } = message;
  return { url, port, tenantName, staffPin };
}
