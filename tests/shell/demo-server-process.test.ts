// The demo studio's server as the Electron build runs it: the real entry
// (sync-server/demo/demo-server-process.ts) forked as a Node child with PGlite in a temp
// folder, driven by main's supervisor, and opened by a real desk process (also a forked
// child) through main's relay. Starting PGlite is the slow part, so the tests share one
// demo folder and only the first start seeds it.
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAnswer } from '../../src-main/core-process/demo-relay-protocol';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';
import type { DemoServerProgress } from '../../src-shared/protocol/demo-server-wire';
import { deskProcessArgv } from '../../src-main/core-process/desk-process-args';
import { createDemoServerSupervisor } from '../../src-main/main/demo-server-supervisor';
import {
  createDeskProcessClient,
  type DeskProcessChannel,
  type DeskProcessListeners,
} from '../../src-main/main/desk-process-client';
import {
  forkDemoServer,
  nodeDemoServerSpawner,
  type ForkedDemoServer,
} from './support/node-demo-server-spawner';

const deskChildScript = path.join(import.meta.dirname, 'support/node-desk-process-child.ts');
const TIMEOUTS = { launchMs: 60_000, callMs: 20_000, stopGraceMs: 5_000 };

let base: string;
let demoDir: string;
const forks: ForkedDemoServer[] = [];
const deskChildren: ChildProcess[] = [];

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'demo-server-process-'));
  demoDir = path.join(base, 'demo-server');
});

afterAll(async () => {
  for (const { child } of forks) if (child.exitCode === null) child.kill('SIGKILL');
  for (const child of deskChildren) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(base, { recursive: true, force: true });
});

function supervisor(dataDir: string, timeouts = TIMEOUTS) {
  const logs: string[] = [];
  const demo = createDemoServerSupervisor({
    spawn: nodeDemoServerSpawner(forks),
    dataDir,
    timeouts,
    log: (message) => logs.push(message),
  });
  return { demo, logs };
}

function isAnswer<T extends DemoAnswer['type']>(
  answer: DemoAnswer,
  type: T,
): answer is Extract<DemoAnswer, { type: T }> {
  return answer.type === type;
}

function expectAnswer<T extends DemoAnswer['type']>(
  answer: DemoAnswer,
  type: T,
): Extract<DemoAnswer, { type: T }> {
  if (!isAnswer(answer, type)) throw new Error(`expected ${type}, got ${JSON.stringify(answer)}`);
  return answer;
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function forkDeskProcess(listeners: DeskProcessListeners): DeskProcessChannel {
  const argv = deskProcessArgv({ dataDir: path.join(base, 'desk'), demoDir, appVersion: '1.0.0' });
  const child = fork(deskChildScript, argv, {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  deskChildren.push(child);
  child.on('message', (message) => {
    listeners.onMessage(message);
  });
  child.once('exit', (code) => {
    listeners.onExit(code ?? 1);
  });
  return {
    post: (message) => {
      if (child.connected) child.send(message);
    },
    kill: () => child.kill('SIGKILL'),
  };
}

describe('the demo server process (forked Node child, real PGlite)', () => {
  it('launches, hands out codes, refuses bad messages, serves a desk process, and closes', async () => {
    const { demo, logs } = supervisor(demoDir);

    // A folder other than the one main chose is refused before anything is started.
    const elsewhere = await demo.handle({
      type: 'demo.launch',
      id: 1,
      dataDir: path.join(base, 'elsewhere'),
      port: 0,
    });
    expect(expectAnswer(elsewhere, 'demo.failed').message).toContain('demo folder');
    expect(forks).toHaveLength(0);

    const progress: DemoServerProgress[] = [];
    const ready = expectAnswer(
      await demo.handle({ type: 'demo.launch', id: 2, dataDir: demoDir, port: 0 }, (p) =>
        progress.push(p),
      ),
      'demo.ready',
    );
    expect(ready).toMatchObject({ id: 2, tenantName: 'Harbor Yoga', staffPin: '1234' });
    // The first start creates the studio and says how far it has come, before `ready`.
    expect(progress[0]).toEqual({ phase: 'createStudio', done: 0, total: 1 });
    const loads = progress.slice(1);
    expect(loads.length).toBeGreaterThan(1);
    expect(loads.every((p) => p.phase === 'loadRows' && p.done <= p.total)).toBe(true);
    expect(loads.at(-1)?.done).toBe(loads.at(-1)?.total);
    expect(ready.url).toBe(`http://127.0.0.1:${ready.port}`);
    expect(forks).toHaveLength(1);
    const forked = forks[0];
    if (!forked) throw new Error('no demo server was forked');

    // The server really listens: an unauthenticated pull is refused by it, not by a socket.
    const pull = await fetch(`${ready.url}/v1/pull`);
    expect(pull.status).toBe(401);

    const first = expectAnswer(
      await demo.handle({ type: 'demo.createEnrollmentCode', id: 3, serverId: ready.serverId }),
      'demo.code',
    );
    const second = expectAnswer(
      await demo.handle({ type: 'demo.createEnrollmentCode', id: 4, serverId: ready.serverId }),
      'demo.code',
    );
    expect(first.code).not.toBe(second.code);
    const stale = await demo.handle({
      type: 'demo.createEnrollmentCode',
      id: 5,
      serverId: ready.serverId + 1,
    });
    expect(expectAnswer(stale, 'demo.failed').message).toContain('no longer running');

    // Messages that do not fit the protocol are refused by the process and change nothing.
    forked.child.send({ type: 'createEnrollmentCode', id: -1 });
    forked.child.send({ type: 'stop', now: true });
    forked.child.send('DROP TABLE tenants');
    await eventually(
      () => logs.filter((line) => line.includes('refused a message')).length === 3,
      'three refusals',
    );
    expect(logs.join('\n')).toContain('id: must be more than 0');
    expect(forked.child.exitCode).toBeNull();

    // A desk process opens the demo studio through main: it asks for a server on any port
    // and gets the one running (no second process on the same folder), enrols with a code
    // relayed from it, and syncs the studio.
    const deskLogs: string[] = [];
    const deskEvents: DeskEvent[] = [];
    const client = createDeskProcessClient({
      spawn: forkDeskProcess,
      onEvent: (event) => deskEvents.push(event),
      onDemoRequest: (request, onProgress) => demo.handle(request, onProgress),
      timeoutMs: () => 60_000,
      now: () => Date.now(),
      restartBudget: { restarts: 0, withinMs: 60_000 },
      log: (message) => deskLogs.push(message),
    });
    await expect(client.invoke('setup.openDemo', {})).resolves.toEqual({
      ok: true,
      value: { tenantName: 'Harbor Yoga', staffPin: '1234' },
    });
    expect(forks).toHaveLength(1);
    // Its steps reach main as events; the server already ran, so no studio was created.
    const steps = deskEvents.flatMap((e) =>
      e.type === 'progress' && e.task === 'openDemo' ? [e] : [],
    );
    const phases = steps.map((e) => e.phase).filter((phase, i, all) => phase !== all[i - 1]);
    expect(phases).toEqual(['startServer', 'enrol', 'initialSync']);
    expect(steps.at(-1)?.done).toBe(steps.at(-1)?.total);
    const staff = await client.invoke('staff.list', {});
    expect(staff.ok && Array.isArray(staff.value) && staff.value.length > 0).toBe(true);

    // Quitting closes the desk, which closes its demo server: both exit with code 0.
    const deskChild = deskChildren.at(-1);
    const deskExit = new Promise((resolve) => deskChild?.once('exit', resolve));
    await client.stop(10_000);
    await expect(deskExit).resolves.toBe(0);
    await expect(forked.exited).resolves.toBe(0);
    expect(forked.stderr()).toContain('stopping: the parent asked');
    expect(deskLogs).toEqual([]);
    const afterClose = await demo.handle({
      type: 'demo.createEnrollmentCode',
      id: 6,
      serverId: ready.serverId,
    });
    expect(expectAnswer(afterClose, 'demo.failed').message).toContain('no longer running');
    await expect(fetch(ready.url)).rejects.toThrow(TypeError);
    await demo.stop();
    const closing = await demo.handle({ type: 'demo.launch', id: 7, dataDir: demoDir, port: 0 });
    expect(expectAnswer(closing, 'demo.failed').message).toBe('Studio Desk is closing.');
  });

  it('refuses a bad command line, and closes when its parent goes away', async () => {
    // Both start at once: the bad one exits before it opens anything.
    const bad = forkDemoServer(['--data-dir', demoDir, '--port', '70000']);
    const orphan = forkDemoServer(['--data-dir', demoDir, '--port', '0']);
    forks.push(orphan);
    const badMessages: unknown[] = [];
    bad.child.on('message', (message) => badMessages.push(message));
    const ready = new Promise((resolve) => orphan.child.once('message', resolve));
    await expect(bad.exited).resolves.toBe(2);
    expect(badMessages).toEqual([
      {
        type: 'startFailed',
        message: expect.stringContaining('--port <0-65535>') as unknown,
      },
    ]);

    // The seeded folder reopens; then the parent drops the IPC channel, as a crashed main
    // would, and the server closes its database and exits by itself.
    await expect(ready).resolves.toMatchObject({ type: 'ready', tenantName: 'Harbor Yoga' });
    orphan.child.disconnect();
    await expect(orphan.exited).resolves.toBe(0);
    expect(orphan.stderr()).toContain('stopping: the parent process is gone');
  });

  it('kills a server that does not start in time and says so', async () => {
    const { demo } = supervisor(path.join(base, 'slow-demo'), { ...TIMEOUTS, launchMs: 50 });
    const before = forks.length;
    const answer = await demo.handle({
      type: 'demo.launch',
      id: 1,
      dataDir: path.join(base, 'slow-demo'),
      port: 0,
    });
    expect(expectAnswer(answer, 'demo.failed').message).toBe(
      'The demo server did not start within 50 ms.',
    );
    expect(forks).toHaveLength(before + 1);
    await expect(forks.at(-1)?.exited).resolves.toBe(137);
  });
});
