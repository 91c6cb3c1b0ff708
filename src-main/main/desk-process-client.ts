import type { DeskReply } from '../../src-shared/bridge/desk-bridge';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';
import type { DeskMethod } from '../../src-shared/bridge/desk-methods';
import type { DemoServerProgress } from '../../src-shared/protocol/demo-server-wire';
import type { DemoAnswer, DemoFromMain, DemoRequest } from '../core-process/demo-relay-protocol';
import { parseFromDeskProcess } from '../core-process/desk-process-parsers';
import type { ToDeskProcess } from '../core-process/desk-process-protocol';

/** Main's handle on one running desk process (Electron: a `UtilityProcess`). */
export interface DeskProcessChannel {
  post(message: ToDeskProcess): void;
  kill(): void;
}

export interface DeskProcessListeners {
  onMessage(message: unknown): void;
  /** The process ended, for whatever reason; called once per process. */
  onExit(code: number): void;
}

/** Starts a desk process wired to `listeners`. */
export type SpawnDeskProcess = (listeners: DeskProcessListeners) => DeskProcessChannel;

/** Why a call got no answer from the desk process; becomes a refused DeskReply. */
export class DeskProcessError extends Error {
  constructor(
    readonly code: 'timeout' | 'desk_restarted' | 'desk_unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'DeskProcessError';
  }
}

export interface DeskProcessClient {
  /** Resolves with the desk's reply; rejects with a {@link DeskProcessError}. */
  invoke(method: DeskMethod, args: unknown): Promise<DeskReply>;
  /** Asks the process to close the desk cleanly; kills it after `graceMs`. */
  stop(graceMs: number): Promise<void>;
}

export interface DeskProcessClientOptions {
  readonly spawn: SpawnDeskProcess;
  readonly onEvent: (event: DeskEvent) => void;
  readonly timeoutMs: (method: DeskMethod) => number;
  /** Milliseconds, for the restart budget only. */
  readonly now: () => number;
  /** A process that stops more often than this is left stopped: restarting would loop. */
  readonly restartBudget: { readonly restarts: number; readonly withinMs: number };
  readonly log: (message: string) => void;
  /**
   * Answers the desk process's demo-server requests (main forks that server for it; see
   * demo-server-supervisor.ts). Without it every such request is refused.
   */
  readonly onDemoRequest?: (
    request: DemoRequest,
    onProgress: (progress: DemoServerProgress) => void,
  ) => Promise<DemoAnswer>;
}

interface PendingCall {
  readonly method: DeskMethod;
  readonly resolve: (reply: DeskReply) => void;
  readonly reject: (error: DeskProcessError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

interface Generation {
  readonly channel: DeskProcessChannel;
  readonly pending: Map<number, PendingCall>;
}

/**
 * Relays calls to the desk process and their replies back by request id. When the process
 * dies, every call waiting on it is rejected (a sale may or may not have been written, so
 * staff are told to check) and a new process is started, within a restart budget.
 */
export function createDeskProcessClient(options: DeskProcessClientOptions): DeskProcessClient {
  const restarts: number[] = [];
  let nextId = 1;
  let stopping: { readonly exited: () => void } | undefined;
  let failed: string | undefined;
  let stopped: Promise<void> | undefined;
  let current: Generation | undefined = start();

  function start(): Generation {
    const pending = new Map<number, PendingCall>();
    // `generation` is read by the listeners after spawn returns, never during it.
    const generation: { value?: Generation } = {};
    const channel = options.spawn({
      onMessage: (raw) => {
        const message = parseFromDeskProcess(raw);
        if (message === undefined) {
          options.log('ignored a malformed message from the desk process');
          return;
        }
        if (message.type === 'event') {
          if (generation.value === current) options.onEvent(message.event);
          return;
        }
        if (message.type !== 'reply') {
          // A process that died meanwhile gets nothing; its successor asks again.
          const post = (reply: DemoFromMain) => {
            if (generation.value !== undefined && generation.value === current) {
              generation.value.channel.post(reply);
            }
          };
          const onProgress = (progress: DemoServerProgress) => {
            post({ type: 'demo.progress', id: message.id, ...progress });
          };
          void answerDemo(message, onProgress).then(post);
          return;
        }
        const call = pending.get(message.id);
        if (call === undefined) return; // answered after its timeout: already reported
        pending.delete(message.id);
        clearTimeout(call.timer);
        call.resolve(message.reply);
      },
      onExit: (code) => {
        if (generation.value !== undefined) exited(generation.value, code);
      },
    });
    generation.value = { channel, pending };
    return generation.value;
  }

  function answerDemo(
    request: DemoRequest,
    onProgress: (progress: DemoServerProgress) => void,
  ): Promise<DemoAnswer> {
    const failed = (message: string): DemoAnswer => ({
      type: 'demo.failed',
      id: request.id,
      message,
    });
    if (!options.onDemoRequest) {
      return Promise.resolve(failed('This build of the desk cannot run the demo studio.'));
    }
    // The handler promises never to reject; if it does, the desk still gets its answer.
    return options.onDemoRequest(request, onProgress).catch((error: unknown) => {
      options.log(`the demo request ${request.type} failed: ${String(error)}`);
      return failed('The desk app could not handle the demo server request.');
    });
  }

  function exited(generation: Generation, code: number): void {
    const wasCurrent = generation === current;
    if (wasCurrent) current = undefined;
    if (stopping) {
      rejectAll(generation, 'desk_unavailable', () => 'The desk app is closing.');
      stopping.exited();
      return;
    }
    rejectAll(
      generation,
      'desk_restarted',
      (method) =>
        `The desk stopped unexpectedly (exit code ${code}) while working on ${method}. ` +
        'It has been restarted: check whether the action went through before doing it again.',
    );
    if (!wasCurrent) return;
    const now = options.now();
    restarts.push(now);
    while (restarts.length > 0 && (restarts[0] ?? now) <= now - options.restartBudget.withinMs) {
      restarts.shift();
    }
    if (restarts.length > options.restartBudget.restarts) {
      failed =
        `The desk stopped ${restarts.length} times within ` +
        `${Math.round(options.restartBudget.withinMs / 1000)} s and was not restarted again. ` +
        'Quit and reopen Studio Desk; if this keeps happening, contact support.';
      options.log(failed);
      return;
    }
    options.log(`desk process exited with code ${code}; restarting it`);
    current = start();
  }

  function rejectAll(
    generation: Generation,
    code: DeskProcessError['code'],
    message: (method: DeskMethod) => string,
  ): void {
    for (const call of generation.pending.values()) {
      clearTimeout(call.timer);
      call.reject(new DeskProcessError(code, message(call.method)));
    }
    generation.pending.clear();
  }

  return {
    invoke(method, args) {
      return new Promise<DeskReply>((resolve, reject) => {
        if (stopped) {
          reject(new DeskProcessError('desk_unavailable', 'The desk app is closing.'));
          return;
        }
        if (current === undefined) {
          reject(new DeskProcessError('desk_unavailable', failed ?? 'The desk is not running.'));
          return;
        }
        const { pending, channel } = current;
        const id = nextId++;
        const ms = options.timeoutMs(method);
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(
            new DeskProcessError(
              'timeout',
              `The desk did not answer ${method} within ${formatSeconds(ms)}. It may still ` +
                'finish: check the sync status and the sale or booking before trying again.',
            ),
          );
        }, ms);
        pending.set(id, { method, resolve, reject, timer });
        channel.post({ type: 'invoke', id, method, args });
      });
    },

    stop(graceMs) {
      stopped ??= new Promise<void>((resolve) => {
        const generation = current;
        if (generation === undefined) {
          resolve();
          return;
        }
        const killTimer = setTimeout(() => {
          options.log(`desk process did not close within ${graceMs} ms; killing it`);
          generation.channel.kill();
        }, graceMs);
        stopping = {
          exited: () => {
            clearTimeout(killTimer);
            resolve();
          },
        };
        generation.channel.post({ type: 'shutdown' });
      });
      return stopped;
    },
  };
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
