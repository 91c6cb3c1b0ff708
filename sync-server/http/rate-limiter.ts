import type { Clock } from '../../src-shared/time/clock';

export interface BucketSettings {
  /** Requests allowed in a burst. */
  readonly burst: number;
  /** Requests per second refilled after the burst. */
  readonly perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Past this many keys, idle buckets (full again) are forgotten. */
const MAX_KEYS = 10_000;

/**
 * A token bucket per key (a device, or an address for enrolment): simple, in memory, per
 * process. It protects the database from a desk stuck in a retry loop and slows guessing of
 * enrolment codes; it is not a defence against a distributed attack.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: BucketSettings,
    private readonly clock: Clock,
  ) {}

  /** Seconds until the key has a token again (0: it has one now), without taking it. */
  wait(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const tokens = Math.min(
      this.settings.burst,
      bucket.tokens + ((this.clock.now() - bucket.at) / 1000) * this.settings.perSecond,
    );
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.settings.perSecond));
  }

  /** Takes one token; returns 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.settings.burst, at: now };
    const refilled = Math.min(
      this.settings.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.settings.perSecond,
    );
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: now });
      return Math.max(1, Math.ceil((1 - refilled) / this.settings.perSecond));
    }
    this.buckets.set(key, { tokens: refilled - 1, at: now });
    if (this.buckets.size > MAX_KEYS) this.forgetIdle(now);
    return 0;
  }

  private forgetIdle(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + ((now - bucket.at) / 1000) * this.settings.perSecond;
      if (tokens >= this.settings.burst) this.buckets.delete(key);
    }
  }
}
