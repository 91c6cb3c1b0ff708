import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: [
      'src-shared/**/*.test.ts',
      'src-main/**/*.test.ts',
      'sync-server/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', 'out/**'],
    // Child processes rather than worker threads: better-sqlite3's native module and
    // PGlite's WASM are safest with one process per test file.
    pool: 'forks',
    // Real databases and real builds (tsc, ESLint) run inside tests on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
