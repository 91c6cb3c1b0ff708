import type { DemoServerHandle, DemoServerLauncher } from '../bridge/host-ports';
import type { DemoServerProgress } from '../../src-shared/protocol/demo-server-wire';
import type { DemoAnswer, DemoFromMain, DemoRequest } from './demo-relay-protocol';

/** Requests as the launcher sends them; it numbers them itself. */
type UnnumberedRequest = DemoRequest extends infer R
  ? R extends DemoRequest
    ? Omit<R, 'id'>
    : never
  : never;

export interface RelayedDemoLauncherOptions {
  /** Sends a request to main (the desk process's parentPort). */
  readonly post: (request: DemoRequest) => void;
  /**
   * How long to wait for main's answer. Main bounds each step itself and answers
   * `demo.failed` when the server does not make it; these only catch a lost answer, so
   * they are longer than main's.
   */
  readonly timeouts: { readonly launchMs: number; readonly callMs: number };
}

export interface RelayedDemoLauncher {
  /** Hand to createDeskHost as `launchDemo`. */
  readonly launch: DemoServerLauncher;
  /** Feed main's demo answers and progress here (the desk process server routes them). */
  readonly receive: (message: DemoFromMain) => void;
}

interface Pending {
  readonly resolve: (answer: DemoAnswer) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  readonly onProgress: ((progress: DemoServerProgress) => void) | undefined;
}

/** The demo server could not be started or used; its message is meant for staff. */
export class DemoRelayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoRelayError';
  }
}

/**
 * The desk process's demo server launcher: it cannot fork the server itself, so each
 * step is a request to main, matched to main's answer by id.
 */
export function createRelayedDemoLauncher(
  options: RelayedDemoLauncherOptions,
): RelayedDemoLauncher {
  const pending = new Map<number, Pending>();
  let nextId = 1;

  function request(
    message: UnnumberedRequest,
    timeoutMs: number,
    onProgress?: (progress: DemoServerProgress) => void,
  ): Promise<DemoAnswer> {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(
          new DemoRelayError(
            `The demo server did not answer within ${formatDuration(timeoutMs)}. ` +
              'Restart Studio Desk and try again.',
          ),
        );
      }, timeoutMs);
      pending.set(id, { resolve, timer, onProgress });
      options.post({ ...message, id });
    });
  }

  /** Unwraps the answer a request expects; `demo.failed` becomes an error for staff. */
  async function expect<T extends DemoAnswer['type']>(
    answer: Promise<DemoAnswer>,
    type: T,
  ): Promise<Extract<DemoAnswer, { type: T }>> {
    const received = await answer;
    if (received.type === 'demo.failed') throw new DemoRelayError(received.message);
    if (!isType(received, type)) {
      throw new DemoRelayError(`The desk app answered ${received.type} instead of ${type}.`);
    }
    return received;
  }

  const launch: DemoServerLauncher = async ({ dataDir, port, onProgress }) => {
    const ready = await expect(
      request({ type: 'demo.launch', dataDir, port }, options.timeouts.launchMs, onProgress),
      'demo.ready',
    );
    const { serverId } = ready;
    const handle: DemoServerHandle = {
      url: ready.url,
      port: ready.port,
      tenantName: ready.tenantName,
      staffPin: ready.staffPin,
      createEnrollmentCode: async () =>
        (
          await expect(
            request({ type: 'demo.createEnrollmentCode', serverId }, options.timeouts.callMs),
            'demo.code',
          )
        ).code,
      close: async () => {
        await expect(
          request({ type: 'demo.close', serverId }, options.timeouts.callMs),
          'demo.closed',
        );
      },
    };
    return handle;
  };

  return {
    launch,
    receive: (answer) => {
      const call = pending.get(answer.id);
      if (call === undefined) return; // answered after its timeout: already reported
      if (answer.type === 'demo.progress') {
        const { phase, done, total } = answer;
        call.onProgress?.({ phase, done, total });
        return;
      }
      pending.delete(answer.id);
      clearTimeout(call.timer);
      call.resolve(answer);
    },
  };
}

function isType<T extends DemoAnswer['type']>(
  answer: DemoAnswer,
  type: T,
): answer is Extract<DemoAnswer, { type: T }> {
  return answer.type === type;
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
