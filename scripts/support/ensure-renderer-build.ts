import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = join(root, 'out/renderer');
const SOURCES = ['src-renderer', 'src-shared'];

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the renderer when there is no build or the sources changed since: browser mode
 * and the end-to-end tests serve out/renderer, and a stale bundle would test old screens.
 */
export function ensureRendererBuild(): string {
  const index = join(RENDERER_DIR, 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map((dir) => newestChange(join(root, dir))));
  if (builtAt < changedAt) {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      },
    );
  }
  return RENDERER_DIR;
}
