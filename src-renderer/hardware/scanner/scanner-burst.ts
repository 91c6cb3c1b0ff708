/**
 * Tells a keyboard-wedge scanner from a person typing. A scanner types its code as one
 * burst (well under ~30 ms between keys) and ends with Enter; people type 80 ms or more
 * between keys. Judged on the burst's mean gap, with one slow gap tolerated, because a
 * busy computer delivers a scanner's keys unevenly.
 */
export interface BurstOptions {
  /** Mean gap between keys that still counts as a scanner. */
  readonly maxMeanGapMs: number;
  /** No single gap may be longer than this (a person pausing ends the burst). */
  readonly maxGapMs: number;
  readonly minLength: number;
}

export const DEFAULT_BURST: BurstOptions = { maxMeanGapMs: 30, maxGapMs: 80, minLength: 6 };

export interface BurstDetector {
  /** Feeds one key press; returns the scanned code when this Enter ends a burst. */
  key(key: string, atMs: number): string | null;
}

export function createBurstDetector(options: BurstOptions = DEFAULT_BURST): BurstDetector {
  let chars: string[] = [];
  let times: number[] = [];
  const reset = () => {
    chars = [];
    times = [];
  };
  return {
    key(key, atMs) {
      const last = times.at(-1);
      if (last !== undefined && atMs - last > options.maxGapMs) reset();
      if (key === 'Enter') {
        const first = times[0];
        const code = chars.join('');
        const ok =
          first !== undefined &&
          last !== undefined &&
          chars.length >= options.minLength &&
          (last - first) / (chars.length - 1) <= options.maxMeanGapMs;
        reset();
        return ok ? code : null;
      }
      // Only printable single characters are part of a code; Shift and friends are not.
      if (key.length !== 1) return null;
      chars.push(key);
      times.push(atMs);
      return null;
    },
  };
}
