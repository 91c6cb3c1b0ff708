import type { ServiceLog } from './service-error';

/**
 * A server job run every `everyMs` in a running server (renewal billing, the class series
 * horizon). Runs never overlap in one process (a slow run delays the next); across processes
 * each job's own database rule keeps its work to once. `stop()` waits for a run in flight,
 * so the server closes cleanly. A failed run is logged and the next interval tries again.
 */
export class IntervalJob<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T | undefined> | undefined;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<T>,
    private readonly everyMs: number,
    private readonly log: ServiceLog,
  ) {
    if (!Number.isInteger(everyMs) || everyMs < 1000) {
      throw new RangeError(`${name} runs at most once a second (everyMs >= 1000)`);
    }
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.runOnce(), this.everyMs);
    // The interval alone never keeps the process alive: the server's socket does.
    this.timer.unref();
  }

  /** One run now, unless one is in flight (then that run's result). */
  runOnce(): Promise<T | undefined> {
    this.running ??= this.work()
      .catch((error: unknown) => {
        this.log.error(
          { error: error instanceof Error ? error.message : 'unknown' },
          `${this.name} run failed; the next interval tries again`,
        );
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
