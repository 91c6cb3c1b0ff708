import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DriftWatch } from './drift-watch';

describe('DriftWatch (R6.4 scheduling)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for a quiet spell: a burst of sync rounds keeps pushing the check back', async () => {
    const starts: number[] = [];
    const watch = new DriftWatch({ settleMs: 100, minIntervalMs: 0 }, () => {
      starts.push(Date.now());
      return Promise.resolve();
    });
    const begin = Date.now();
    // A sale every 50 ms for a second: each one's sync round asks for a check.
    for (let i = 0; i < 20; i++) {
      watch.request();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(starts).toEqual([begin + 19 * 50 + 100]);
    await watch.close();
  });

  it('runs at most once per interval and never two at once', async () => {
    let running = 0;
    let most = 0;
    let finish: () => void = () => undefined;
    const starts: number[] = [];
    const watch = new DriftWatch({ settleMs: 10, minIntervalMs: 1000 }, async () => {
      starts.push(Date.now());
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      running--;
    });
    const begin = Date.now();
    watch.request();
    await vi.advanceTimersByTimeAsync(10);
    expect(starts).toEqual([begin + 10]);
    // Asked again while the first check runs: remembered, started only after it ends.
    watch.request();
    await vi.advanceTimersByTimeAsync(2000);
    expect(starts).toHaveLength(1);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    // The interval counts from the first start, which is long past: only the settle delay.
    await vi.advanceTimersByTimeAsync(10);
    expect(starts).toHaveLength(2);
    finish();
    // Asked again at once: the interval from the second start holds it back.
    watch.request();
    await vi.advanceTimersByTimeAsync(500);
    expect(starts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(600);
    expect(starts).toHaveLength(3);
    expect((starts[2] ?? 0) - (starts[1] ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(most).toBe(1);
    finish();
    await watch.close();
  });

  it('does nothing once closed', async () => {
    const check = vi.fn(() => Promise.resolve());
    const watch = new DriftWatch({ settleMs: 10 }, check);
    watch.request();
    await watch.close();
    watch.request();
    await vi.advanceTimersByTimeAsync(100_000);
    expect(check).not.toHaveBeenCalled();
  });
});
