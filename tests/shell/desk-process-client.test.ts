// The main-side relay to the desk process, over an in-memory channel that behaves like a
// utility process's port: what main posts is recorded, what "the process" answers is
// delivered asynchronously, and it can "exit" like a crashed process.
import { describe, expect, it } from 'vitest';
import type { DeskReply } from '../../src-shared/bridge/desk-bridge';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';
import {
  createDeskProcessClient,
  DeskProcessError,
  type DeskProcessListeners,
  type DeskProcessClientOptions,
} from '../../src-main/main/desk-process-client';
import type { ToDeskProcess } from '../../src-main/core-process/desk-process-protocol';

interface FakeProcess {
  readonly posted: ToDeskProcess[];
  readonly listeners: DeskProcessListeners;
  killed: boolean;
}

function world(overrides: Partial<DeskProcessClientOptions> = {}) {
  const processes: FakeProcess[] = [];
  const events: DeskEvent[] = [];
  const logs: string[] = [];
  let clock = 0;
  const client = createDeskProcessClient({
    spawn: (listeners) => {
      const fake: FakeProcess = { posted: [], listeners, killed: false };
      processes.push(fake);
      return {
        post: (message) => fake.posted.push(message),
        kill: () => {
          fake.killed = true;
        },
      };
    },
    onEvent: (event) => events.push(event),
    timeoutMs: () => 5_000,
    now: () => clock,
    restartBudget: { restarts: 2, withinMs: 60_000 },
    log: (message) => logs.push(message),
    ...overrides,
  });
  const latest = () => {
    const last = processes.at(-1);
    if (!last) throw new Error('no process spawned');
    return last;
  };
  const invokesOf = (fake: FakeProcess) =>
    fake.posted.flatMap((message) => (message.type === 'invoke' ? [message] : []));
  return {
    client,
    processes,
    events,
    logs,
    latest,
    invokesOf,
    advance: (ms: number) => {
      clock += ms;
    },
    reply: (fake: FakeProcess, id: number, reply: DeskReply) => {
      fake.listeners.onMessage({ type: 'reply', id, reply });
    },
  };
}

const syncEvent: DeskEvent = {
  type: 'progress',
  task: 'initialSync',
  phase: 'members',
  done: 3,
  total: 10,
};

describe('desk process client', () => {
  it('matches replies to calls by request id, in whatever order they come back', async () => {
    const w = world();
    const first = w.client.invoke('app.info', {});
    const second = w.client.invoke('sync.status', {});
    const [a, b] = w.invokesOf(w.latest());
    expect(a).toMatchObject({ method: 'app.info', args: {} });
    expect(b).toMatchObject({ method: 'sync.status' });
    if (!a || !b) throw new Error('both calls should have been posted');
    expect(a.id).not.toBe(b.id);

    w.reply(w.latest(), b.id, { ok: true, value: 'status' });
    w.reply(w.latest(), a.id, { ok: false, error: { code: 'refused', message: 'no' } });
    await expect(second).resolves.toEqual({ ok: true, value: 'status' });
    await expect(first).resolves.toEqual({
      ok: false,
      error: { code: 'refused', message: 'no' },
    });
  });

  it('ignores malformed messages and replies for unknown ids', async () => {
    const w = world();
    const call = w.client.invoke('app.info', {});
    const [posted] = w.invokesOf(w.latest());
    if (!posted) throw new Error('call not posted');
    w.latest().listeners.onMessage({ type: 'reply', id: posted.id, reply: { ok: 'yes' } });
    w.latest().listeners.onMessage('garbage');
    w.reply(w.latest(), posted.id + 99, { ok: true, value: 'stray' });
    expect(w.logs.filter((line) => line.includes('malformed'))).toHaveLength(2);
    w.reply(w.latest(), posted.id, { ok: true, value: 'real' });
    await expect(call).resolves.toEqual({ ok: true, value: 'real' });
  });

  it('forwards events from the process and drops malformed ones', () => {
    const w = world();
    w.latest().listeners.onMessage({ type: 'event', event: syncEvent });
    w.latest().listeners.onMessage({ type: 'event', event: { type: 'progress', done: 'x' } });
    expect(w.events).toEqual([syncEvent]);
  });

  it('rejects a call the process does not answer in time with a clear timeout', async () => {
    const w = world({ timeoutMs: (method) => (method === 'sync.now' ? 20 : 5_000) });
    const slow = w.client.invoke('sync.now', {});
    await expect(slow).rejects.toMatchObject({
      name: 'DeskProcessError',
      code: 'timeout',
      message: expect.stringContaining('did not answer sync.now within 20 ms') as unknown,
    });
    // A reply after the timeout is dropped, and the next call still works.
    const [late] = w.invokesOf(w.latest());
    if (!late) throw new Error('call not posted');
    w.reply(w.latest(), late.id, { ok: true, value: 'late' });
    const next = w.client.invoke('app.info', {});
    const [, posted] = w.invokesOf(w.latest());
    if (!posted) throw new Error('second call not posted');
    w.reply(w.latest(), posted.id, { ok: true, value: 'on time' });
    await expect(next).resolves.toEqual({ ok: true, value: 'on time' });
  });

  it('rejects pending calls when the process dies, restarts it, and carries on', async () => {
    const w = world();
    const pending = w.client.invoke('desk.mutate', { name: 'pos.sale', args: {} });
    const crashed = w.latest();
    crashed.listeners.onExit(134);
    const error: unknown = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeskProcessError);
    expect(error).toMatchObject({ code: 'desk_restarted' });
    expect(String(error)).toContain('(exit code 134) while working on desk.mutate');
    expect(String(error)).toContain('check whether the action went through');

    expect(w.processes).toHaveLength(2);
    const after = w.client.invoke('app.info', {});
    expect(w.invokesOf(crashed)).toHaveLength(1);
    const [posted] = w.invokesOf(w.latest());
    if (!posted) throw new Error('call not posted to the new process');
    // The dead process's late events are not forwarded; the new one's are.
    crashed.listeners.onMessage({ type: 'event', event: syncEvent });
    w.latest().listeners.onMessage({ type: 'event', event: syncEvent });
    expect(w.events).toHaveLength(1);
    w.reply(w.latest(), posted.id, { ok: true, value: 'restarted' });
    await expect(after).resolves.toEqual({ ok: true, value: 'restarted' });
  });

  it('stops restarting a process that keeps dying, and says so', async () => {
    const w = world();
    for (let crash = 0; crash < 3; crash += 1) {
      w.latest().listeners.onExit(1);
      w.advance(1_000);
    }
    expect(w.processes).toHaveLength(3);
    await expect(w.client.invoke('app.info', {})).rejects.toMatchObject({
      code: 'desk_unavailable',
      message: expect.stringContaining('stopped 3 times within 60 s') as unknown,
    });
  });

  it('restarts again once earlier crashes fall outside the budget window', () => {
    const w = world();
    for (let crash = 0; crash < 5; crash += 1) {
      w.latest().listeners.onExit(1);
      w.advance(40_000);
    }
    expect(w.processes).toHaveLength(6);
  });

  it('asks the process to shut down and waits for it, killing it after the grace', async () => {
    const w = world();
    const polite = w.latest();
    const stopped = w.client.stop(1_000);
    expect(polite.posted).toContainEqual({ type: 'shutdown' });
    polite.listeners.onExit(0);
    await stopped;
    expect(polite.killed).toBe(false);
    expect(w.processes).toHaveLength(1);
    await expect(w.client.invoke('app.info', {})).rejects.toMatchObject({
      code: 'desk_unavailable',
    });

    const w2 = world();
    const stuck = w2.latest();
    const stopping = w2.client.stop(20);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(stuck.killed).toBe(true);
    stuck.listeners.onExit(137);
    await stopping;
    expect(w2.processes).toHaveLength(1);
  });
});
