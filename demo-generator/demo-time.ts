import type { IsoTimestamp } from '../src-shared/schema/column-spec';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * The stored form of a timestamp, exactly what `Date#toISOString` gives, computed with
 * integer arithmetic (civil-from-days) because the generator formats millions of them and
 * `toISOString` was a tenth of its time.
 */
export function iso(epochMs: number): IsoTimestamp {
  const ms = Math.floor(epochMs);
  const days = Math.floor(ms / DAY_MS);
  // Outside 1970-9999 keep to the built-in, which handles every edge.
  if (days < 0 || days > 2_932_896) return new Date(ms).toISOString();
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  let rest = ms - days * DAY_MS;
  const hours = Math.floor(rest / HOUR_MS);
  rest -= hours * HOUR_MS;
  const minutes = Math.floor(rest / MINUTE_MS);
  rest -= minutes * MINUTE_MS;
  const seconds = Math.floor(rest / 1000);
  return `${year}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${three(rest - seconds * 1000)}Z`;
}

/** Parses a stored timestamp, refusing anything `iso` would not have produced. */
export function parseIso(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || iso(ms) !== text) {
    throw new RangeError(`expected a UTC timestamp like 2026-11-26T12:00:00.000Z, got ${text}`);
  }
  return ms;
}

/** Midnight UTC of the day `epochMs` falls in. */
export function utcMidnight(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS;
}

/**
 * A wall-clock time with no zone, carried as the epoch milliseconds it would be in UTC
 * ("floating" time in RFC 5545 terms). Recurrence rules are expanded in floating time and
 * each occurrence is then placed in its location's zone.
 */
export type FloatingMs = number;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `20260301T063000` (the RFC 5545 form of a floating date-time). */
export function formatFloating(floating: FloatingMs): string {
  const d = new Date(floating);
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
  );
}

/** `20260301T143000Z` (an RFC 5545 UTC date-time). */
export function formatUtcBasic(epochMs: number): string {
  return `${formatFloating(epochMs)}Z`;
}

/**
 * Converts between UTC instants and wall-clock time in IANA zones: the product's own
 * (src-shared/time/zone-time.ts), so the demo's classes sit where the product would put them.
 */
export { ZoneTime as ZoneClock } from '../src-shared/time/zone-time';
