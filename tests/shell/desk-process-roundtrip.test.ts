// Main's desk-process client against a real desk process: a forked Node child running the
// real desk host on a real SQLite data folder, killed for real to prove crash handling.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeskProcessClient,
  type DeskProcessClient,
  type SpawnDeskProcess,
} from '../../src-main/main/desk-process-client';
import type { DeskMethod } from '../../src-shared/bridge/desk-methods';
import { deskProcessArgv } from '../../src-main/core-process/desk-process-args';

const childScript = path.join(import.meta.dirname, 'support/node-desk-process-child.ts');

let base: string;
let stalled: Server;
let stalledUrl: string;
let onStalledConnection: (() => void) | undefined;
const sockets = new Set<Socket>();
const children: ChildProcess[] = [];

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'desk-process-'));
  // A "studio server" that accepts connections and never answers: a call stuck in flight.
  stalled = createServer((socket) => {
    sockets.add(socket);
    onStalledConnection?.();
  });
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  const address = stalled.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  stalledUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => stalled.close(resolve));
  await rm(base, { recursive: true, force: true });
});

function nodeSpawner(dataDir: string): SpawnDeskProcess {
  return (listeners) => {
    const child = fork(
      childScript,
      deskProcessArgv({ dataDir, demoDir: path.join(base, 'demo'), appVersion: '9.8.7' }),
      {
        execArgv: ['--import', 'tsx'],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    children.push(child);
    child.on('message', (message) => {
      listeners.onMessage(message);
    });
    child.once('exit', (code, signal) => {
      listeners.onExit(code ?? (signal === 'SIGKILL' ? 137 : 1));
    });
    return {
      post: (message) => {
        if (child.connected) child.send(message);
      },
      kill: () => {
        child.kill('SIGKILL');
      },
    };
  };
}

function clientFor(dataDir: string, timeoutMs: (method: DeskMethod) => number) {
  const logs: string[] = [];
  const client: DeskProcessClient = createDeskProcessClient({
    spawn: nodeSpawner(dataDir),
    onEvent: () => undefined,
    timeoutMs,
    now: () => Date.now(),
    restartBudget: { restarts: 3, withinMs: 60_000 },
    log: (message) => logs.push(message),
  });
  return { client, logs };
}

const connectArgs = () => ({ serverUrl: stalledUrl, code: 'ABCD-1234', deviceName: 'Front desk' });

describe('desk process round trip (forked Node child, real desk host)', () => {
  it('answers calls, survives a crash mid-call, times out a stuck call, and shuts down', async () => {
    const dataDir = path.join(base, 'desk');
    const { client, logs } = clientFor(dataDir, (method) =>
      method === 'setup.connect' ? 400 : 20_000,
    );

    await expect(client.invoke('app.info', {})).resolves.toEqual({
      ok: true,
      value: {
        name: 'Studio Desk',
        version: '9.8.7',
        platform: process.platform,
        shell: 'node-test',
      },
    });
    await expect(client.invoke('setup.state', {})).resolves.toEqual({
      ok: true,
      value: { enrolled: false, tenantName: null },
    });

    // The desk stalls on the studio server; main gives up after its timeout, not forever.
    await expect(client.invoke('setup.connect', connectArgs())).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringContaining('did not answer setup.connect within 400 ms') as unknown,
    });

    // Kill the process while a call is in flight: the call is rejected, the process is
    // restarted, and the desk answers again from the same data folder.
    const firstChild = children.at(-1);
    const inFlight = new Promise<void>((resolve) => {
      onStalledConnection = resolve;
    });
    const doomed = client.invoke('setup.connect', connectArgs());
    const doomedOutcome = doomed.catch((error: unknown) => error);
    await inFlight;
    firstChild?.kill('SIGKILL');
    await expect(doomedOutcome).resolves.toMatchObject({
      code: 'desk_restarted',
      message: expect.stringContaining('while working on setup.connect') as unknown,
    });
    expect(children.length).toBe(2);
    await expect(client.invoke('setup.state', {})).resolves.toMatchObject({ ok: true });
    expect(logs.join('\n')).toContain('restarting');

    // Shutdown closes the desk and the process exits by itself with code 0.
    const secondChild = children.at(-1);
    const exitCode = new Promise((resolve) => secondChild?.once('exit', resolve));
    await client.stop(10_000);
    await expect(exitCode).resolves.toBe(0);
    expect(children.length).toBe(2);
  });
});
