import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Installs a Debian package the tests need (Chromium, sqlite3) when the tests run as root
 * on Debian or Ubuntu: what a new user's `npm test` on a fresh machine of this kind has.
 * Used from Vitest global set-ups, which run once per test run, so parallel test files never
 * race; a lock file also serialises two test runs on one machine.
 */
export function canInstallWithApt(): boolean {
  return (
    process.getuid?.() === 0 &&
    isExecutable('/usr/bin/apt-get') &&
    isExecutable('/usr/bin/dpkg') &&
    existsSync('/etc/debian_version')
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const LOCK_FILE = join(tmpdir(), 'studio-desk-apt-install.lock');
/** How long apt waits for another apt or dpkg (another test run, unattended upgrades). */
const APT_LOCK_WAIT_SECONDS = '600';

export async function installDebianPackage(name: string): Promise<void> {
  const apt = ['apt-get', '-o', `DPkg::Lock::Timeout=${APT_LOCK_WAIT_SECONDS}`];
  const install = [...apt, 'install', '-y', '--no-install-recommends', name];
  // A fresh machine may have empty package lists: update only when the install needs it.
  if ((await runLocked(install)) === 0) return;
  if ((await runLocked([...apt, 'update'])) !== 0) throw new Error('apt-get update failed');
  if ((await runLocked(install)) !== 0) throw new Error(`apt-get install ${name} failed`);
}

/** Runs a command under flock(1) where it exists (util-linux), its output shown as it goes. */
function runLocked(command: readonly string[]): Promise<number> {
  const argv = isExecutable('/usr/bin/flock') ? ['/usr/bin/flock', LOCK_FILE, ...command] : command;
  const [file = '', ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      resolve(code ?? 1);
    });
  });
}
