import { utilityProcess } from 'electron';
import type { SpawnDemoServer } from './demo-server-child';

/**
 * Starts the demo studio's server (out/main/demo-server.js) as an Electron utility
 * process. The desk process cannot do this itself (utility processes cannot fork), and
 * plain `node` is not available to a packaged app (the runAsNode fuse is off).
 */
export function electronDemoServerSpawner(modulePath: string): SpawnDemoServer {
  return (argv, listeners) => {
    const child = utilityProcess.fork(modulePath, [...argv], {
      serviceName: 'Studio Desk demo server',
      stdio: 'inherit',
    });
    child.on('message', (message: unknown) => {
      listeners.onMessage(message);
    });
    child.once('exit', (code) => {
      listeners.onExit(code);
    });
    return {
      post: (message) => {
        child.postMessage(message);
      },
      kill: () => {
        child.kill();
      },
    };
  };
}
