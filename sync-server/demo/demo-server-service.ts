import { describeIssues } from '../../src-shared/validation/describe-issues';
import type { DemoServer, DemoServerOptions } from './demo-server';
import {
  toDemoServerSchema,
  type DemoServerProgress,
  type DemoServerSettings,
} from '../../src-shared/protocol/demo-server-wire';
import type { DemoProcessTransport } from './demo-process-transport';

export interface ServeDemoServerOptions {
  readonly transport: DemoProcessTransport;
  readonly settings: DemoServerSettings;
  /** `startDemoServer` in the real process. */
  readonly start: (options: DemoServerOptions) => Promise<DemoServer>;
  /** Ends the process; called once, after the last message has been flushed. */
  readonly exit: (code: number) => void;
  readonly log: (message: string) => void;
  /** How long closing may take before the process exits anyway. */
  readonly closeTimeoutMs?: number;
}

type Started = { readonly ok: true; readonly server: DemoServer } | { readonly ok: false };

/**
 * Runs the demo studio's server for a parent process: starts it (reporting how far a
 * first start has come in creating the studio), reports where it listens, hands out
 * enrolment codes on request, and closes it (database included) when asked to stop or
 * when the parent goes away. A message that does not fit the protocol is answered with
 * `refused` and changes nothing.
 */
export function serveDemoServer(options: ServeDemoServerOptions): void {
  const { transport, log } = options;
  const inFlight = new Set<Promise<void>>();
  let stopping: Promise<void> | undefined;

  const onProgress = (progress: DemoServerProgress) => {
    // A stop that came in while starting silences the server, as it does `ready`.
    if (!stopping) transport.post({ type: 'progress', ...progress });
  };
  const starting: Promise<Started> = options.start({ ...options.settings, onProgress }).then(
    (server) => ({ ok: true, server }),
    async (error: unknown) => {
      const message = describe(error);
      log(`the demo server could not start: ${message}`);
      transport.post({ type: 'startFailed', message });
      await finish(1);
      return { ok: false };
    },
  );
  void starting.then((started) => {
    // A stop that came in while starting closes the server without announcing it.
    if (!started.ok || stopping) return;
    const { url, port, tenantName, staffPin } = started.server;
    transport.post({ type: 'ready', url, port, tenantName, staffPin });
  });

  async function answerCode(id: number): Promise<void> {
    const started = await starting;
    if (!started.ok || stopping) {
      transport.post({
        type: 'enrollmentCodeFailed',
        id,
        message: 'The demo server is not running.',
      });
      return;
    }
    try {
      const code = await started.server.createEnrollmentCode();
      transport.post({ type: 'enrollmentCode', id, code });
    } catch (error: unknown) {
      log(`an enrolment code could not be created: ${describe(error)}`);
      transport.post({ type: 'enrollmentCodeFailed', id, message: describe(error) });
    }
  }

  function stop(reason: string): Promise<void> {
    stopping ??= (async () => {
      log(`stopping: ${reason}`);
      // A close that hangs (a stuck query) must not keep the process alive forever.
      const timer = setTimeout(() => {
        log('closing took too long; exiting anyway');
        options.exit(1);
      }, options.closeTimeoutMs ?? 10_000);
      timer.unref();
      await Promise.allSettled([...inFlight]);
      const started = await starting;
      if (started.ok) {
        await started.server.close().catch((error: unknown) => {
          log(`closing the demo server failed: ${describe(error)}`);
        });
      }
      clearTimeout(timer);
      await finish(0);
    })();
    return stopping;
  }

  let finished = false;
  async function finish(code: number): Promise<void> {
    if (finished) return;
    finished = true;
    await transport.flush();
    options.exit(code);
  }

  transport.onMessage((raw) => {
    const parsed = toDemoServerSchema.safeParse(raw);
    if (!parsed.success) {
      // Cut short: the issues quote the sender's own keys, which could be of any length.
      const issues = describeIssues(parsed.error, 'message').slice(0, 500);
      const message = `refused a malformed message (${issues})`;
      log(message);
      transport.post({ type: 'refused', message });
      return;
    }
    const message = parsed.data;
    if (message.type === 'stop') {
      void stop('the parent asked');
      return;
    }
    const answer = answerCode(message.id).finally(() => {
      inFlight.delete(answer);
    });
    inFlight.add(answer);
  });
  transport.onParentGone(() => {
    void stop('the parent process is gone');
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
