import { uuidV7 } from '../src-shared/ids/uuid-v7';
import { REGIONS, type DemoRegion } from './demo-names';
import { demoShape, validateDemoScale, type DemoScale, type DemoShape } from './demo-scale';
import { STUDIO_PROFILES, type StudioProfile } from './demo-studios';
import { DAY_MS, parseIso, utcMidnight, ZoneClock } from './demo-time';
import { SeededRandom } from './seeded-random';

/** What the desk reads from `tenants.settings`. */
export interface DemoTenantSettings {
  readonly timeZone: string;
  readonly currency: 'USD';
  readonly locale: 'en-US';
  readonly taxRateBasisPoints: number;
  readonly lateCancelWindowHours: number;
  readonly bookingWindowDays: number;
  readonly noShowFeeAmount: number;
  readonly waitlistAutoPromote: boolean;
  readonly receiptFooter: string;
}

/** Hands out UUIDv7 ids whose random bits come from a seeded stream. */
export interface IdSource {
  next(epochMs: number): string;
}

/** Everything every part of the generator shares: the seed, the clock and the tenant. */
export interface DemoContext {
  readonly random: SeededRandom;
  readonly scale: DemoScale;
  readonly shape: DemoShape;
  readonly nowMs: number;
  /** UTC midnight `historyDays` before the day of `now`. */
  readonly historyStartMs: number;
  /** Classes are scheduled before this instant (UTC midnight after the last future day). */
  readonly windowEndMs: number;
  /** Days from historyStartMs to windowEndMs. */
  readonly dayCount: number;
  /** When the studio started using Studio Desk (members were imported then). */
  readonly onboardedMs: number;
  readonly tenantId: string;
  readonly studioName: string;
  readonly slug: string;
  readonly region: DemoRegion;
  readonly profile: StudioProfile;
  readonly settings: DemoTenantSettings;
  readonly zones: ZoneClock;
  /** A fresh id source for one domain; the same label always gives the same ids. */
  ids(label: string): IdSource;
}

export interface DemoContextOptions {
  readonly seed: number | string;
  readonly scale: DemoScale;
  /** The anchor instant, as stored timestamps are written: `2026-11-26T12:00:00.000Z`. */
  readonly now: string;
}

export function createDemoContext(options: DemoContextOptions): DemoContext {
  validateDemoScale(options.scale);
  const nowMs = parseIso(options.now);
  const random = SeededRandom.fromSeed(options.seed);
  const pick = random.fork('tenant');
  const region = pick.pick(REGIONS);
  const profile = pick.pick(STUDIO_PROFILES);
  const studioName = pick.pick(profile.names);
  const todayMs = utcMidnight(nowMs);
  const historyStartMs = todayMs - options.scale.historyDays * DAY_MS;
  const windowEndMs = todayMs + (options.scale.futureDays + 1) * DAY_MS;
  const onboardedMs = historyStartMs - 45 * DAY_MS + pick.int(9, 15) * 3_600_000;
  if (onboardedMs < 0) throw new RangeError(`now ${options.now} leaves no room for history`);
  const ids = (label: string): IdSource => {
    const bytes = random.fork(`ids/${label}`);
    return { next: (epochMs) => uuidV7(Math.floor(epochMs), (n) => bytes.bytes(n)) };
  };
  const slug = `${studioName}-${region.city}`
    .toLowerCase()
    .replaceAll('&', 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    random,
    scale: options.scale,
    shape: demoShape(options.scale),
    nowMs,
    historyStartMs,
    windowEndMs,
    dayCount: Math.round((windowEndMs - historyStartMs) / DAY_MS),
    onboardedMs,
    tenantId: ids('tenant').next(onboardedMs),
    studioName,
    slug,
    region,
    profile,
    settings: {
      timeZone: region.timeZone,
      currency: 'USD',
      locale: 'en-US',
      taxRateBasisPoints: region.taxRateBasisPoints,
      lateCancelWindowHours: 12,
      bookingWindowDays: 14,
      noShowFeeAmount: 1000,
      waitlistAutoPromote: true,
      receiptFooter: `Thank you for practising with ${studioName}!`,
    },
    zones: new ZoneClock(),
    ids,
  };
}
