// Entry of the desk process: an Electron utility process that owns the desk's database
// and sync, so a long sync or a big query never freezes the window. Main forks it
// (src-main/main/electron-utility-process.ts) and relays the renderer's calls to it.
import { parseDeskProcessArgv } from './desk-process-args';
import { runDeskProcess } from './desk-process-runtime';
import type { DeskProcessPort } from './desk-process-server';

/** Electron's types declare `parentPort` on every process; plain Node has none. */
function parentPortOrExit(): Electron.ParentPort {
  const candidate: unknown = Reflect.get(process, 'parentPort');
  if (isParentPort(candidate)) return candidate;
  console.error('desk-process.js runs only as an Electron utility process (no parentPort here)');
  process.exit(2);
}

function isParentPort(value: unknown): value is Electron.ParentPort {
  return (
    typeof value === 'object' &&
    value !== null &&
    'postMessage' in value &&
    typeof value.postMessage === 'function'
  );
}

const parentPort = parentPortOrExit();

const port: DeskProcessPort = {
  onMessage(listener) {
    parentPort.on('message', (event) => {
      listener(event.data);
    });
  },
  post(message) {
    parentPort.postMessage(message);
  },
};

runDeskProcess({
  port,
  settings: parseDeskProcessArgv(process.argv.slice(2)),
  shell: process.versions.electron,
  exit: (code) => process.exit(code),
  log: (message) => {
    console.error(`[desk-process] ${message}`);
  },
});
