import { existsSync } from 'node:fs';
import { canInstallWithApt, installDebianPackage } from './debian-packages';

/** Debian's own sqlite3, which tests/desk/desk-file-integrity.test.ts checks desk files with. */
export const SYSTEM_SQLITE = '/usr/bin/sqlite3';

/**
 * Vitest global set-up: installs Debian's sqlite3 once when it is missing and the tests may
 * (root, apt). It never throws: without it, the integrity test fails naming the command.
 */
export default async function ensureSystemSqlite(): Promise<void> {
  if (existsSync(SYSTEM_SQLITE) || !canInstallWithApt()) return;
  console.log("[tests] no /usr/bin/sqlite3; installing Debian's sqlite3 with apt-get (once)");
  try {
    await installDebianPackage('sqlite3');
  } catch (error) {
    console.error(`[tests] could not install sqlite3: ${String(error)}`);
  }
}
