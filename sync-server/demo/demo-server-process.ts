// Entry of the demo server process: the demo studio's sync server (PGlite in a folder) in
// a process of its own. The desk app's Electron main forks it as a utility process
// (out/main/demo-server.js) when the desk asks for the demo studio, since the desk may not
// import server code and cannot spawn `node` (the runAsNode fuse is off); tests fork it
// with Node. Usage: demo-server-process --data-dir <folder> --port <0-65535>
import { startDemoServer } from './demo-server';
import { parseDemoServerArgv } from './demo-server-messages';
import { parentTransport } from './demo-process-transport';
import { serveDemoServer } from './demo-server-service';

const log = (message: string) => {
  console.error(`[demo-server] ${message}`);
};

const transport = parentTransport();
if (transport === undefined) {
  log('this program only runs as a child process started with an IPC channel or parentPort');
  process.exit(2);
}

try {
  serveDemoServer({
    transport,
    settings: parseDemoServerArgv(process.argv.slice(2)),
    start: startDemoServer,
    exit: (code) => process.exit(code),
    log,
  });
} catch (error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  log(message);
  transport.post({ type: 'startFailed', message });
  await transport.flush();
  process.exit(2);
}
