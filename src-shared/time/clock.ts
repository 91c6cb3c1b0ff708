import type { IsoTimestamp } from '../schema/column-spec';

/** The time source; tests pass one they can set instead of reading the wall clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function isoAt(clock: Clock): IsoTimestamp {
  return new Date(clock.now()).toISOString();
}

/** A clock that only moves when told to. */
export function manualClock(
  startMs: number,
): Clock & { advance(ms: number): void; set(ms: number): void } {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}
