/**
 * A small seeded PRNG (mulberry32) so a failing fault schedule can be replayed: every
 * reliability test prints its seed, and the same seed draws the same faults and delays.
 */
export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('cannot pick from an empty list');
      return item;
    },
  };
}

/**
 * A whole number from the environment, for counts the soak run raises (CRASH_KILLS=100):
 * unset means `fallback`; anything but a positive integer is refused, not guessed at.
 */
export function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  }
  return value;
}

/** The seed of a run: RELIABILITY_SEED replays one, else a fresh one (printed by the test). */
export function runSeed(): number {
  const raw = process.env['RELIABILITY_SEED'];
  if (raw !== undefined && raw.trim() !== '') {
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`RELIABILITY_SEED must be a non-negative whole number, got "${raw}"`);
    }
    return value;
  }
  return Math.floor(Math.random() * 2 ** 31);
}
