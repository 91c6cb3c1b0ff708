// serverctl: the sync server's command line (`npm run serverctl -- <command>`).
import { ignoreClosedPipes } from './closed-pipe';
import { runServerctl } from './serverctl-commands';

ignoreClosedPipes();

const shutdown = new Promise<void>((resolve) => {
  process.once('SIGINT', () => {
    resolve();
  });
  process.once('SIGTERM', () => {
    resolve();
  });
});

process.exitCode = await runServerctl(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  shutdown,
});
