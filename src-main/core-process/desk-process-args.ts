import { parseArgs } from 'node:util';

/** What main tells the desk process on its command line (a utility process has no `app`). */
export interface DeskProcessSettings {
  /** `<userData>/desk`: desk.sqlite, device.json and the desk's other files. */
  readonly dataDir: string;
  /** `<userData>/demo-server`: the demo studio's server data; main starts it only there. */
  readonly demoDir: string;
  readonly appVersion: string;
}

export function deskProcessArgv(settings: DeskProcessSettings): string[] {
  return [
    '--data-dir',
    settings.dataDir,
    '--demo-dir',
    settings.demoDir,
    '--app-version',
    settings.appVersion,
  ];
}

/** Reads {@link deskProcessArgv}'s output back; refuses anything else with a clear error. */
export function parseDeskProcessArgv(argv: readonly string[]): DeskProcessSettings {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'data-dir': { type: 'string' },
      'demo-dir': { type: 'string' },
      'app-version': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const dataDir = values['data-dir'];
  const demoDir = values['demo-dir'];
  const appVersion = values['app-version'];
  if (!dataDir || !demoDir || !appVersion) {
    throw new Error('the desk process needs --data-dir, --demo-dir and --app-version');
  }
  return { dataDir, demoDir, appVersion };
}
