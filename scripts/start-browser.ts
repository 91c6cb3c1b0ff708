// `npm run start:browser`: the desk app in a normal browser, against the desk core served on
// loopback with a per-launch secret. Used where the Electron binary is missing, and by the
// end-to-end tests. Data lives in .data/browser (desk) and .data/browser/demo-server.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBrowserDesk } from '../src-main/loopback/browser-mode';
import { ensureRendererBuilt } from './support/renderer-build';
import { inProcessDemoServer } from './support/in-process-demo-server';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '.data/browser' },
    port: { type: 'string', default: '0' },
  },
  strict: true,
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`start-browser: --port must be a TCP port (or 0 for any), got ${values.port}`);
  process.exit(2);
}
const dataDir = resolve(values.data);
const rendererDir = await ensureRendererBuilt();
const desk = await startBrowserDesk({
  dataDir: join(dataDir, 'desk'),
  demoDir: join(dataDir, 'demo-server'),
  rendererDir,
  port,
  launchDemo: inProcessDemoServer,
  appVersion: process.env['npm_package_version'] ?? '0.0.0',
});
console.log(`
Studio Desk (browser mode) is running. Open this address in a browser on this computer:

  ${desk.url}

The address carries this launch's secret; other pages and programs cannot drive the desk.
Stop with Ctrl-C.`);
await new Promise<void>((done) => {
  process.once('SIGINT', done);
  process.once('SIGTERM', done);
});
await desk.close();
