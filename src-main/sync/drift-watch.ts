/** When the automatic drift check (R6.4) may run; tests shorten both. */
export interface DriftWatchTiming {
  /**
   * Quiet time after the last sync round that changed something before a check starts. A
   * burst of sales syncs round after round, and each round pushes the check back, so it
   * never competes with the counter.
   */
  readonly settleMs?: number;
  /** Least time from the start of one check to the start of the next. */
  readonly minIntervalMs?: number;
}

const DEFAULT_SETTLE_MS = 10_000;
/**
 * A check sums each touched table whole on both sides (about 16 µs a row at the desk): for
 * a studio with years of orders that is seconds of work, so not more than this often.
 */
const DEFAULT_MIN_INTERVAL_MS = 5 * 60_000;

/**
 * Schedules the drift check: debounced by `settleMs`, at most once per `minIntervalMs`,
 * never two at once. A request during a check is remembered and scheduled after it.
 */
export class DriftWatch {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private requestedWhileRunning = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly timing: DriftWatchTiming,
    private readonly check: () => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /** A sync round changed something, or left tables unchecked: check once it is quiet. */
  request(): void {
    if (this.closed) return;
    if (this.running) {
      this.requestedWhileRunning = true;
      return;
    }
    const settle = this.timing.settleMs ?? DEFAULT_SETTLE_MS;
    const interval = this.timing.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
    const delay = Math.max(settle, this.lastStart + interval - this.now());
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.start();
    }, delay);
  }

  /** Cancels a scheduled check and waits for one under way. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private start(): void {
    this.lastStart = this.now();
    this.running = this.check()
      // The check reports its own failures; a failed check is retried on the next request.
      .catch(() => undefined)
      .finally(() => {
        this.running = undefined;
        if (this.requestedWhileRunning) {
          this.requestedWhileRunning = false;
          this.request();
        }
      });
  }
}
