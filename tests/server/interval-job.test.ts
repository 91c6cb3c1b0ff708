import { describe, expect, it } from 'vitest';
import type { ServiceLog } from '../../sync-server/support/service-error';
import { IntervalJob } from '../../sync-server/support/interval-job';

function recordingLog(): ServiceLog & { readonly errors: string[] } {
  const errors: string[] = [];
  return { info: () => undefined, warn: () => undefined, error: (_d, m) => errors.push(m), errors };
}

/** The server's periodic jobs (renewal billing, the class series horizon) share this runner. */
describe('IntervalJob', () => {
  it('never runs twice at once: a second call while one is in flight gets that run', async () => {
    let release: () => void = () => undefined;
    let started = 0;
    const job = new IntervalJob(
      'test job',
      () =>
        new Promise<number>((done) => {
          started += 1;
          release = () => {
            done(started);
          };
        }),
      60_000,
      recordingLog(),
    );
    const first = job.runOnce();
    const second = job.runOnce();
    expect(started).toBe(1);
    release();
    expect(await first).toBe(1);
    expect(await second).toBe(1);
    // Once it ended, the next call is a new run.
    const third = job.runOnce();
    release();
    expect(await third).toBe(2);
  });

  it('logs a failed run by name and lets the next one run', async () => {
    const log = recordingLog();
    let calls = 0;
    const job = new IntervalJob(
      'class series horizon',
      () => (++calls === 1 ? Promise.reject(new Error('database went away')) : Promise.resolve(7)),
      60_000,
      log,
    );
    expect(await job.runOnce()).toBeUndefined();
    expect(log.errors).toEqual(['class series horizon run failed; the next interval tries again']);
    expect(await job.runOnce()).toBe(7);
  });

  it('runs on its interval once started, and stop waits for the run in flight', async () => {
    let runs = 0;
    let finished = 0;
    const job = new IntervalJob(
      'ticking job',
      async () => {
        runs += 1;
        await new Promise((done) => setTimeout(done, 50));
        finished += 1;
      },
      1_000,
      recordingLog(),
    );
    job.start();
    job.start(); // a second start is no second timer
    await new Promise((done) => setTimeout(done, 1_100));
    await job.stop();
    expect(runs).toBe(1);
    expect(finished).toBe(1);
    await new Promise((done) => setTimeout(done, 1_100));
    expect(runs).toBe(1);
  });

  it('refuses an interval under a second', () => {
    expect(() => new IntervalJob('eager', () => Promise.resolve(0), 10, recordingLog())).toThrow(
      'eager runs at most once a second (everyMs >= 1000)',
    );
  });
});
