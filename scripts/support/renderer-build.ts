import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = join(root, 'out/renderer');
const SOURCES = ['src-renderer', 'src-shared'].map((dir) => join(root, dir));
const LOCK = join(root, 'out/.renderer-build.lock');

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  const index = join(RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return false;
  return statSync(index).mtimeMs >= Math.max(...SOURCES.map(newestChange));
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Age of the lock in ms; 0 when it is gone (it was just released). */
function lockAge(): number {
  try {
    return Date.now() - statSync(LOCK).mtimeMs;
  } catch {
    return 0;
  }
}

/** A lock left by a test process that died mid-build (its pid is gone) is broken. */
function lockIsStale(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
  } catch {
    // Just taken and the pid not written yet, or released meanwhile.
    return lockAge() > 10_000;
  }
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  return lockAge() > 120_000;
}

/**
 * Builds the renderer into out/renderer (as `electron-vite build` does, with the same Vite
 * and React plugin) when it is missing or older than its sources. End-to-end test files
 * run in parallel processes, so one builds under a lock directory while the others wait.
 */
export async function ensureRendererBuilt(): Promise<string> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (isFresh()) return RENDERER_DIR;
    mkdirSync(join(root, 'out'), { recursive: true });
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
    } catch {
      // Another test file is building: wait for it, unless its process is gone.
      if (lockIsStale()) rmSync(LOCK, { recursive: true, force: true });
      else await sleep(500);
      continue;
    }
    try {
      if (!isFresh()) {
        // Vitest sets NODE_ENV=test, which would give React's development build.
        const nodeEnv = process.env['NODE_ENV'];
        process.env['NODE_ENV'] = 'production';
        try {
          await build({
            configFile: false,
            root: join(root, 'src-renderer'),
            base: './',
            logLevel: 'warn',
            plugins: [react()],
            build: { outDir: RENDERER_DIR, emptyOutDir: true },
          });
        } finally {
          if (nodeEnv === undefined) delete process.env['NODE_ENV'];
          else process.env['NODE_ENV'] = nodeEnv;
        }
      }
      return RENDERER_DIR;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
  throw new Error('the renderer build did not finish within 2 minutes');
}
