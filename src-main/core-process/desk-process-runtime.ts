import { createDeskHost } from '../bridge/desk-host';
import type { DeskProcessSettings } from './desk-process-args';
import { serveDeskProcess, type DeskProcessPort } from './desk-process-server';
import { createRelayedDemoLauncher } from './relayed-demo-launcher';

/**
 * How long the desk process waits for main's answer about the demo server. Main gives up
 * sooner (demo-server-supervisor.ts) and says why; these only catch an answer that never
 * comes. The first start creates and seeds the demo studio, hence the long launch.
 */
export const DEMO_RELAY_TIMEOUTS = { launchMs: 150_000, callMs: 45_000 } as const;

export interface RunDeskProcessOptions {
  readonly port: DeskProcessPort;
  readonly settings: DeskProcessSettings;
  /** Electron's version in the app; reported by `app.info`. */
  readonly shell: string;
  readonly exit: (code: number) => void;
  readonly log: (message: string) => void;
  /** The desk host's own log; defaults to the host's (stderr). */
  readonly hostLog?: (message: string) => void;
}

/**
 * The desk process's wiring, shared by the Electron entry and the tests' forked Node
 * child: the desk host answers main's calls, and its demo studio is started by main on
 * the desk's behalf (a utility process cannot fork one itself).
 */
export function runDeskProcess(options: RunDeskProcessOptions): void {
  const { port, settings } = options;
  const demo = createRelayedDemoLauncher({
    post: (request) => {
      port.post(request);
    },
    timeouts: DEMO_RELAY_TIMEOUTS,
  });
  serveDeskProcess({
    port,
    openHost: () =>
      createDeskHost({
        dataDir: settings.dataDir,
        demoDir: settings.demoDir,
        shell: options.shell,
        appVersion: settings.appVersion,
        launchDemo: demo.launch,
        ...(options.hostLog ? { log: options.hostLog } : {}),
      }),
    onDemoAnswer: demo.receive,
    exit: options.exit,
    log: options.log,
  });
}
