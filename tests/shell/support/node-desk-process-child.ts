// The desk process as the Electron entry runs it (serveDeskProcess around the real desk
// host), but in a forked Node child: Node's IPC channel with structured-clone
// serialization stands in for Electron's parentPort, which needs the Electron binary.
import { createDeskHost } from '../../../src-main/desk-host/desk-host';
import { parseDeskProcessArgv } from '../../../src-main/desk-process/desk-process-args';
import { serveDeskProcess } from '../../../src-main/desk-process/desk-process-server';

const settings = parseDeskProcessArgv(process.argv.slice(2));

serveDeskProcess({
  port: {
    onMessage(listener) {
      process.on('message', listener);
    },
    post(message) {
      process.send?.(message);
    },
  },
  openHost: () =>
    createDeskHost({
      dataDir: settings.dataDir,
      shell: 'node-test',
      appVersion: settings.appVersion,
      log: () => undefined,
    }),
  exit: (code) => process.exit(code),
  log: (message) => {
    console.error(`[desk-process child] ${message}`);
  },
});
