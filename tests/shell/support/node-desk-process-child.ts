// The desk process as the Electron entry runs it (runDeskProcess: the real desk host, its
// demo studio launched through main), but in a forked Node child: Node's IPC channel with
// structured-clone serialization stands in for Electron's parentPort, which needs the
// Electron binary.
import { parseDeskProcessArgv } from '../../../src-main/core-process/desk-process-args';
import { runDeskProcess } from '../../../src-main/core-process/desk-process-runtime';

runDeskProcess({
  port: {
    onMessage(listener) {
      process.on('message', listener);
    },
    post(message) {
      process.send?.(message);
    },
  },
  settings: parseDeskProcessArgv(process.argv.slice(2)),
  shell: 'node-test',
  exit: (code) => process.exit(code),
  log: (message) => {
    console.error(`[desk-process child] ${message}`);
  },
  hostLog: () => undefined,
});
