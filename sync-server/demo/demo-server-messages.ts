/**
 * The demo server process's side of its wire format: the schemas are shared with the
 * desk app's Electron main (src-shared/protocol/demo-server-wire.ts); reading the command
 * line back needs Node, so it lives here.
 */
import { parseArgs } from 'node:util';
import {
  demoServerSettingsSchema,
  type DemoServerSettings,
} from '../../src-shared/protocol/demo-server-wire';

/** Reads `demoServerArgv`'s output back; refuses anything else with a clear error. */
export function parseDemoServerArgv(argv: readonly string[]): DemoServerSettings {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const port = values.port;
  const parsed = demoServerSettingsSchema.safeParse({
    dataDir: values['data-dir'],
    // Number('') is 0: an empty --port must be refused, not read as "any port".
    port: port === undefined || !/^\d{1,5}$/.test(port) ? undefined : Number(port),
  });
  if (!parsed.success) {
    throw new Error(
      `the demo server needs --data-dir <folder> and --port <0-65535> (got ${JSON.stringify(argv)})`,
    );
  }
  return parsed.data;
}
