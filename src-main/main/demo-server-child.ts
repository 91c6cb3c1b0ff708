import {
  demoServerArgv,
  parseFromDemoServer,
  type DemoServerInfo,
  type DemoServerProgress,
  type DemoServerSettings,
  type ToDemoServer,
} from '../../src-shared/protocol/demo-server-wire';

/** Main's handle on one running demo server process (Electron: a `UtilityProcess`). */
export interface DemoServerChannel {
  post(message: ToDemoServer): void;
  kill(): void;
}

export interface DemoServerListeners {
  onMessage(message: unknown): void;
  /** The process ended, for whatever reason; called once per process. */
  onExit(code: number): void;
}

/** Starts a demo server process with this command line, wired to `listeners`. */
export type SpawnDemoServer = (
  argv: readonly string[],
  listeners: DemoServerListeners,
) => DemoServerChannel;

/** Why the demo server could not be started or used; the message is meant for staff. */
export class DemoServerFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoServerFailure';
  }
}

export interface DemoServerChild {
  readonly serverId: number;
  /** Resolves when the server listens; rejects (and the process is ended) otherwise. */
  readonly ready: Promise<DemoServerInfo>;
  /** Running and ready: its enrolment codes can be asked for. */
  isReady(): boolean;
  createEnrollmentCode(): Promise<string>;
  /** Asks it to close; kills it after `graceMs`; resolves once it has exited (bounded). */
  stop(graceMs: number): Promise<void>;
}

interface PendingCode {
  readonly resolve: (code: string) => void;
  readonly reject: (error: DemoServerFailure) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export interface StartDemoServerChildOptions {
  readonly spawn: SpawnDemoServer;
  readonly serverId: number;
  readonly settings: DemoServerSettings;
  readonly launchTimeoutMs: number;
  readonly callTimeoutMs: number;
  readonly log: (message: string) => void;
  /** Hears how far the first start has come in creating the demo studio. */
  readonly onProgress?: (progress: DemoServerProgress) => void;
}

/** Forks one demo server process and speaks its protocol, checking every message. */
export function startDemoServerChild(options: StartDemoServerChildOptions): DemoServerChild {
  const { log } = options;
  const codes = new Map<number, PendingCode>();
  let nextCodeId = 1;
  let state: 'starting' | 'ready' | 'exited' = 'starting';
  let startFailure: string | undefined;
  let settleReady: { resolve(info: DemoServerInfo): void; reject(error: Error): void } = {
    resolve: () => undefined,
    reject: () => undefined,
  };
  const ready = new Promise<DemoServerInfo>((resolve, reject) => {
    settleReady = { resolve, reject };
  });
  let exitedWith: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => {
    exitedWith = resolve;
  });

  const channel = options.spawn(demoServerArgv(options.settings), {
    onMessage(raw) {
      const message = parseFromDemoServer(raw);
      if (message === undefined) {
        log('ignored a malformed message from the demo server');
        return;
      }
      switch (message.type) {
        case 'ready': {
          if (state !== 'starting') return;
          state = 'ready';
          const { url, port, tenantName, staffPin } = message;
          settleReady.resolve({ url, port, tenantName, staffPin });
          return;
        }
        case 'progress': {
          if (state !== 'starting') return;
          const { phase, done, total } = message;
          options.onProgress?.({ phase, done, total });
          return;
        }
        case 'startFailed':
          startFailure = message.message;
          return;
        case 'enrollmentCode':
          settleCode(message.id, (call) => {
            call.resolve(message.code);
          });
          return;
        case 'enrollmentCodeFailed':
          settleCode(message.id, (call) => {
            call.reject(
              new DemoServerFailure(`The demo server could not create a code: ${message.message}`),
            );
          });
          return;
        case 'refused':
          log(`the demo server refused a message: ${message.message}`);
          return;
      }
    },
    onExit(code) {
      state = 'exited';
      const why = startFailure === undefined ? '' : `: ${startFailure}`;
      settleReady.reject(
        new DemoServerFailure(
          `The demo server stopped (exit code ${code}) before it was ready${why}.`,
        ),
      );
      for (const call of codes.values()) {
        clearTimeout(call.timer);
        call.reject(new DemoServerFailure(`The demo server stopped (exit code ${code}).`));
      }
      codes.clear();
      exitedWith(code);
    },
  });

  const launchTimer = setTimeout(() => {
    settleReady.reject(
      new DemoServerFailure(
        `The demo server did not start within ${formatDuration(options.launchTimeoutMs)}.`,
      ),
    );
    channel.kill();
  }, options.launchTimeoutMs);
  const stopLaunchTimer = () => {
    clearTimeout(launchTimer);
  };
  ready.then(stopLaunchTimer, stopLaunchTimer);

  function settleCode(id: number, settle: (call: PendingCode) => void): void {
    const call = codes.get(id);
    if (call === undefined) return; // answered after its timeout: already reported
    codes.delete(id);
    clearTimeout(call.timer);
    settle(call);
  }

  async function waitForExit(ms: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => {
        resolve(false);
      }, ms);
    });
    const outcome = await Promise.race([exited.then(() => true), timedOut]);
    clearTimeout(timer);
    return outcome;
  }

  return {
    serverId: options.serverId,
    ready,
    isReady: () => state === 'ready',
    createEnrollmentCode() {
      return new Promise<string>((resolve, reject) => {
        if (state !== 'ready') {
          reject(new DemoServerFailure('The demo server is not running.'));
          return;
        }
        const id = nextCodeId++;
        const timer = setTimeout(() => {
          codes.delete(id);
          reject(
            new DemoServerFailure(
              `The demo server did not create a code within ${formatDuration(options.callTimeoutMs)}.`,
            ),
          );
        }, options.callTimeoutMs);
        codes.set(id, { resolve, reject, timer });
        channel.post({ type: 'createEnrollmentCode', id });
      });
    },
    async stop(graceMs) {
      if (state === 'exited') return;
      channel.post({ type: 'stop' });
      if (await waitForExit(graceMs)) return;
      log(`the demo server did not close within ${graceMs} ms; killing it`);
      channel.kill();
      if (!(await waitForExit(graceMs))) log('the demo server did not exit after being killed');
    },
  };
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
