import type { DemoServerLauncher } from '../../src-main/bridge/host-ports';
import { startDemoServer } from '../../sync-server/demo/demo-server';

/**
 * Browser mode runs the demo studio's server in its own Node process (the desk app's
 * Electron build starts it in a separate process instead; the desk never imports it).
 */
export const inProcessDemoServer: DemoServerLauncher = (options) => startDemoServer(options);
