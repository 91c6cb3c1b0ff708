import path from 'node:path';
import type { DemoServerProgress } from '../../src-shared/protocol/demo-server-wire';
import type { DemoAnswer, DemoRequest } from '../core-process/demo-relay-protocol';
import {
  DemoServerFailure,
  startDemoServerChild,
  type DemoServerChild,
  type SpawnDemoServer,
} from './demo-server-child';

export interface DemoServerSupervisorOptions {
  readonly spawn: SpawnDemoServer;
  /**
   * The only folder the demo server may keep its data in. Main chose it and told the desk
   * process; a request naming any other folder is refused.
   */
  readonly dataDir: string;
  readonly timeouts: {
    /** Starting includes creating and seeding the demo studio on the first run. */
    readonly launchMs: number;
    readonly callMs: number;
    /** How long the server gets to close its database before it is killed. */
    readonly stopGraceMs: number;
  };
  readonly log: (message: string) => void;
}

export interface DemoServerSupervisor {
  /**
   * Answers one of the desk process's demo requests; never rejects. A launch that starts
   * a server reports to `onProgress` how far it has come in creating the demo studio.
   */
  handle(
    request: DemoRequest,
    onProgress?: (progress: DemoServerProgress) => void,
  ): Promise<DemoAnswer>;
  /** Stops the demo server (the app is quitting); later launches are refused. */
  stop(): Promise<void>;
}

/**
 * Main's side of the demo studio: forks the demo server process when the desk process
 * asks, relays enrolment codes, and stops it. One demo server at a time, because it
 * owns a PGlite folder and a port; starting and stopping run one after another.
 *
 * A desk process restarted after a crash asks again for the server it had: it gets the
 * one still running when the port fits, instead of a second one fighting over the folder.
 */
export function createDemoServerSupervisor(
  options: DemoServerSupervisorOptions,
): DemoServerSupervisor {
  const { log, timeouts } = options;
  let current: DemoServerChild | undefined;
  let nextServerId = 1;
  let closing = false;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every earlier start or stop has finished. */
  function inTurn<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }

  async function launch(
    request: Extract<DemoRequest, { type: 'demo.launch' }>,
    onProgress: ((progress: DemoServerProgress) => void) | undefined,
  ): Promise<DemoAnswer> {
    if (closing) throw new DemoServerFailure('Studio Desk is closing.');
    if (path.resolve(request.dataDir) !== path.resolve(options.dataDir)) {
      log(`refused to start the demo server in ${request.dataDir}`);
      throw new DemoServerFailure(
        'The demo server may only keep its data in the demo folder the app chose.',
      );
    }
    const running = current;
    if (running?.isReady()) {
      const info = await running.ready;
      if (request.port === 0 || request.port === info.port) {
        return { type: 'demo.ready', id: request.id, serverId: running.serverId, ...info };
      }
    }
    if (running) {
      if (running.isReady()) log(`restarting the demo server on port ${request.port}`);
      await running.stop(timeouts.stopGraceMs);
      current = undefined;
    }
    const child = startDemoServerChild({
      spawn: options.spawn,
      serverId: nextServerId++,
      settings: { dataDir: options.dataDir, port: request.port },
      launchTimeoutMs: timeouts.launchMs,
      callTimeoutMs: timeouts.callMs,
      log,
      ...(onProgress ? { onProgress } : {}),
    });
    current = child;
    try {
      const info = await child.ready;
      log(`demo server ${child.serverId} listens at ${info.url}`);
      return { type: 'demo.ready', id: request.id, serverId: child.serverId, ...info };
    } catch (error: unknown) {
      // Make sure the folder and port are free again before anyone retries.
      await child.stop(timeouts.stopGraceMs);
      if (current === child) current = undefined;
      throw error;
    }
  }

  async function createCode(
    request: Extract<DemoRequest, { type: 'demo.createEnrollmentCode' }>,
  ): Promise<DemoAnswer> {
    const running = current;
    if (running?.serverId !== request.serverId || !running.isReady()) {
      throw new DemoServerFailure(
        'The demo server is no longer running. Restart Studio Desk to bring it back.',
      );
    }
    return { type: 'demo.code', id: request.id, code: await running.createEnrollmentCode() };
  }

  async function close(request: Extract<DemoRequest, { type: 'demo.close' }>): Promise<DemoAnswer> {
    const running = current;
    // Closing a server that was already replaced or has stopped has nothing left to do.
    if (running?.serverId === request.serverId) {
      await running.stop(timeouts.stopGraceMs);
      current = undefined;
    }
    return { type: 'demo.closed', id: request.id };
  }

  return {
    async handle(request, onProgress) {
      try {
        switch (request.type) {
          case 'demo.launch':
            return await inTurn(() => launch(request, onProgress));
          case 'demo.createEnrollmentCode':
            return await createCode(request);
          case 'demo.close':
            return await inTurn(() => close(request));
        }
      } catch (error: unknown) {
        const message =
          error instanceof DemoServerFailure
            ? error.message
            : `The demo server failed: ${error instanceof Error ? error.message : String(error)}`;
        return { type: 'demo.failed', id: request.id, message };
      }
    },
    stop() {
      closing = true;
      return inTurn(async () => {
        await current?.stop(timeouts.stopGraceMs);
        current = undefined;
      });
    },
  };
}
