// `npm start`: builds and launches the desk app with electron-vite, if this machine has
// the Electron binary. Where it does not (npm ci with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or
// no network at install time) it says so and names the browser-mode command instead.
// It never calls `require('electron')`: that would try to download the binary.
import { spawn } from 'node:child_process';
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

function main(): void {
  const require = createRequire(import.meta.url);
  const electronDir = path.dirname(require.resolve('electron/package.json'));
  const binary = findElectronBinary(electronDir, process.env);
  if (!binary.found) {
    console.error(
      `The Electron binary is not installed here: ${binary.reason}.\n` +
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
