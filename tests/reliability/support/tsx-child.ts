import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from it so `--import tsx` resolves. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXIT_WITH_PARENT = fileURLToPath(new URL('./exit-with-parent.ts', import.meta.url));

/**
 * A TypeScript child process run with `node --import tsx`, its stdout split into complete
 * lines. A line counts only once its newline arrived: a half-written line is not an
 * acknowledgement. The child exits by itself if this process dies (exit-with-parent.ts).
 */
export class TsxChild {
  readonly process: ChildProcess;
  readonly lines: string[] = [];
  private partial = '';
  private stderr = '';
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
    this.process = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', EXIT_WITH_PARENT, script, ...args],
      // stdin stays open and unwritten: it ends only when this process dies.
      { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.process.stdout?.setEncoding('utf8');
    this.process.stdout?.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts);
      for (const wake of this.waiters) wake();
    });
    this.process.stderr?.setEncoding('utf8');
    this.process.stderr?.on('data', (chunk: string) => {
      // Keep the tail only: enough to explain a failure.
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.exited = new Promise((resolve) => {
      this.process.once('close', (code, signal) => {
        for (const wake of this.waiters) wake();
        resolve({ code, signal });
      });
    });
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  get errorOutput(): string {
    return this.stderr;
  }

  /** Resolves with the first line matching `test`; rejects if the child exits or time runs out. */
  async waitForLine(test: (line: string) => boolean, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.find(test);
      if (line !== undefined) return line;
      if (!this.running) {
        throw new Error(`the child exited before printing the line: ${this.stderr}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such line within ${timeoutMs} ms: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        const waiters = this.waiters;
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  /** SIGKILLs the child (if alive) and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.running) this.process.kill('SIGKILL');
    await this.exited;
  }
}
