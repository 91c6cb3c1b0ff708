import { defineConfig } from 'vitest/config';

/** The Playwright files: the only ones that need a Chromium. */
const endToEndFiles = 'tests/e2e/*.test.ts';

export default defineConfig({
  test: {
    environment: 'node',
    exclude: ['**/node_modules/**', 'out/**'],
    // Child processes rather than worker threads: better-sqlite3's native module and
    // PGlite's WASM are safest with one process per test file.
    pool: 'forks',
    // Real databases and real builds (tsc, ESLint) run inside tests on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two projects only so the Chromium set-up runs when the run includes a browser test.
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: [
            'src-shared/**/*.test.ts',
            'demo-generator/**/*.test.ts',
            'src-main/**/*.test.ts',
            'sync-server/**/*.test.ts',
            'tests/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', 'out/**', endToEndFiles],
          // Debian's sqlite3 for the desk-file integrity check, installed once when missing.
          globalSetup: ['tests/support/sqlite3-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: [endToEndFiles],
          // Finds or installs Chromium once, before any of these files starts, and only
          // when the run includes one of them.
          globalSetup: ['tests/e2e/support/chromium-global-setup.ts'],
        },
      },
    ],
  },
});
