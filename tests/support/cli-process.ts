import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface CliOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /**
   * Close our end of the child's stdout before it writes a byte, as `| head -c 0` does, so
   * its first write meets a closed pipe (EPIPE).
   */
  readonly closeStdout?: boolean;
}

/** Runs a TypeScript CLI (`node --import tsx`) from the repository root, as npm scripts do. */
export function runCli(
  script: string,
  args: readonly string[],
  options: CliOptions = {},
): Promise<CliOutcome> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  if (options.closeStdout) child.stdout.destroy();
  else child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code, signal) => {
      done({ code, signal, stdout, stderr });
    });
  });
}

export const DESKCTL = 'src-main/cli/deskctl.ts';
export const SERVERCTL = 'sync-server/cli/serverctl.ts';

/** A Node stack frame line, which a CLI's stderr must never show for an expected outcome. */
export const STACK_FRAME = /^\s+at .+/m;
