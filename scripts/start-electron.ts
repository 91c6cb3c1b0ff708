// `npm start`: builds and launches the desk app with electron-vite. Electron 45 no longer
// downloads its binary at install time, so the first `npm start` fetches it with Electron's
// own installer (its progress bar shows), then launches. Only where that fails (no network,
// a blocked download) does it say why and name the browser-mode command instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ElectronBinary =
  | { readonly found: true; readonly executable: string }
  | { readonly found: false; readonly reason: string };

/** Where electron's own index.js would look for the binary, without its download fallback. */
export function findElectronBinary(
  electronPackageDir: string,
  env: Readonly<Record<string, string | undefined>>,
): ElectronBinary {
  const pathFile = path.join(electronPackageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const executable = path.join(override, relative || 'electron');
    return existsSync(executable)
      ? { found: true, executable }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${executable}` };
  }
  if (!relative) {
    return {
      found: false,
      reason: `${pathFile} is missing (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or could not download Electron)`,
    };
  }
  const executable = path.join(electronPackageDir, 'dist', relative);
  return existsSync(executable)
    ? { found: true, executable }
    : { found: false, reason: `${executable} does not exist` };
}

/** Runs Electron's own installer (`install-electron`); true when it says it succeeded. */
export type ElectronInstaller = (installScript: string) => boolean;

const runElectronInstaller: ElectronInstaller = (installScript) => {
  const env = { ...process.env };
  // A skip set for `npm ci` must not stop the download the user now asked for.
  delete env['ELECTRON_SKIP_BINARY_DOWNLOAD'];
  const result = spawnSync(process.execPath, [installScript], { stdio: 'inherit', env });
  return result.status === 0;
};

/**
 * The Electron binary, fetched on first use: found as installed, else installed once with
 * Electron's own installer and looked up again. The reason says what went wrong.
 */
export function ensureElectronBinary(
  electronPackageDir: string,
  env: Readonly<Record<string, string | undefined>>,
  install: ElectronInstaller = runElectronInstaller,
  say: (line: string) => void = (line) => {
    console.error(line);
  },
): ElectronBinary {
  const present = findElectronBinary(electronPackageDir, env);
  if (present.found) return present;
  say('Electron is not installed yet; fetching it once with its own installer (about 100 MB)…');
  if (!install(path.join(electronPackageDir, 'install.js'))) {
    return { found: false, reason: `Electron's installer could not fetch it (${present.reason})` };
  }
  return findElectronBinary(electronPackageDir, env);
}

function main(): void {
  const require = createRequire(import.meta.url);
  const electronDir = path.dirname(require.resolve('electron/package.json'));
  const binary = ensureElectronBinary(electronDir, process.env);
  if (!binary.found) {
    console.error(
      `The desk window cannot open here: ${binary.reason}.\n` +
        'Run the same desk in a browser instead:\n\n  npm run start:browser\n',
    );
    process.exitCode = 1;
    return;
  }
  const cli = path.join(
    path.dirname(require.resolve('electron-vite/package.json')),
    'bin/electron-vite.js',
  );
  const child = spawn(process.execPath, [cli, 'preview', ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main();
}
