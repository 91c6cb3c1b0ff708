import type { DeskReply } from '../../src-shared/bridge/desk-bridge';
import type { DeskHost } from '../bridge/desk-host';
import type { DemoFromMain } from './demo-relay-protocol';
import { parseToDeskProcess } from './desk-process-parsers';
import type { FromDeskProcess } from './desk-process-protocol';

/**
 * The desk process's side of its link to main: in Electron `process.parentPort`, in tests
 * a forked Node child's IPC channel. Only plain data crosses it (structured clone).
 */
export interface DeskProcessPort {
  onMessage(listener: (message: unknown) => void): void;
  post(message: FromDeskProcess): void;
}

export interface ServeDeskProcessOptions {
  readonly port: DeskProcessPort;
  /** Opens the desk (database, sync); a failure is answered on every call, not thrown. */
  readonly openHost: () => Promise<DeskHost>;
  /** Ends the process after a requested shutdown. */
  readonly exit: (code: number) => void;
  readonly log: (message: string) => void;
  /**
   * Main's answers to the demo server launcher's requests, and a launch's progress (see
   * relayed-demo-launcher.ts).
   */
  readonly onDemoAnswer?: (answer: DemoFromMain) => void;
}

/**
 * Answers main's calls with the desk host and pushes the host's events to main. Calls
 * that arrive while the desk is still opening wait for it, so main may send at once.
 */
export function serveDeskProcess(options: ServeDeskProcessOptions): void {
  const { port, log } = options;
  const opening = options.openHost().then(
    (host) => {
      host.subscribe((event) => {
        port.post({ type: 'event', event });
      });
      return { ok: true as const, host };
    },
    (error: unknown) => {
      log(`the desk could not open: ${describe(error)}`);
      return { ok: false as const, reason: describe(error) };
    },
  );
  const inFlight = new Set<Promise<void>>();
  let shuttingDown = false;

  async function answerCall(id: number, method: string, args: unknown): Promise<void> {
    const reply = await runCall(method, args);
    port.post({ type: 'reply', id, reply });
  }

  async function runCall(method: string, args: unknown): Promise<DeskReply> {
    if (shuttingDown) {
      return refusal('unavailable', 'The desk is closing; try again once it has restarted.');
    }
    const opened = await opening;
    if (!opened.ok) {
      return refusal(
        'unavailable',
        `The desk could not open its data (${opened.reason}). Restart the app; if this ` +
          'keeps happening, contact support before changing anything in the data folder.',
      );
    }
    try {
      return await opened.host.invoke(method, args);
    } catch (error: unknown) {
      // DeskHost.invoke promises never to throw; if it does, the caller still gets an answer.
      log(`${method} threw: ${describe(error)}`);
      return refusal('internal', `The desk failed while running ${method}; try again.`);
    }
  }

  async function shutdown(): Promise<void> {
    shuttingDown = true;
    // Let calls already running (a sale being written) finish before the database closes.
    await Promise.allSettled([...inFlight]);
    const opened = await opening;
    if (opened.ok) {
      await opened.host.close().catch((error: unknown) => {
        log(`closing the desk failed: ${describe(error)}`);
      });
    }
    options.exit(0);
  }

  port.onMessage((raw) => {
    const message = parseToDeskProcess(raw);
    if (message === undefined) {
      log('ignored a malformed message from main');
      return;
    }
    if (message.type === 'shutdown') {
      void shutdown();
      return;
    }
    if (message.type !== 'invoke') {
      if (options.onDemoAnswer) options.onDemoAnswer(message);
      else log(`ignored ${message.type}: this desk process launches no demo server`);
      return;
    }
    const call = answerCall(message.id, message.method, message.args).finally(() => {
      inFlight.delete(call);
    });
    inFlight.add(call);
  });
}

function refusal(code: string, message: string): DeskReply {
  return { ok: false, error: { code, message } };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
