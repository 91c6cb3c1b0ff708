/**
 * What the studio console's forms type, read as the shared mutations take it. Pure: no
 * React, no bridge, so tests/desk-screens checks it on its own. Each reader answers null for
 * text it cannot read, and the form says so next to the field before anything is sent.
 */

/** "8.25" (percent, at most two decimals, 0 to 100) → 825 basis points; else null. */
export function percentToBasisPoints(text: string): number | null {
  const match = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  const points = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return points <= 10_000 ? points : null;
}

/** 825 → "8.25", 800 → "8", 50 → "0.5": the percent staff read and type back. */
export function basisPointsToPercent(points: number): string {
  const whole = Math.trunc(points / 100);
  const fraction = String(points % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

/** A whole number from min to max ("12"); anything else → null. */
export function parseWhole(text: string, min: number, max: number): number | null {
  if (!/^\s*-?\d{1,9}\s*$/.test(text)) return null;
  const value = Number(text.trim());
  return value >= min && value <= max ? value : null;
}

/** Empty text is "none" (null); otherwise as parseWhole, and undefined when unreadable. */
export function parseOptionalWhole(
  text: string,
  min: number,
  max: number,
): number | null | undefined {
  if (text.trim() === '') return null;
  return parseWhole(text, min, max) ?? undefined;
}

/** Trimmed text, or null when empty: how optional codes and addresses are sent. */
export function textOrNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/** A 4 to 8 digit PIN, as staff.pinHash and the setup request take it. */
export function isPin(text: string): boolean {
  return /^\d{4,8}$/.test(text);
}

export function isEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim());
}

/** An IANA zone this runtime knows. */
export function isTimeZoneName(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone.trim() });
    return true;
  } catch {
    return false;
  }
}

/**
 * The fields of an edit that changed, as product.update and its kind take them: `set` the
 * new value of each, `basedOn` the value the form was opened with (the offline conflict
 * rule, catalogue-edits.ts). Null when nothing changed.
 */
export function editOf<T extends Readonly<Record<string, unknown>>>(
  before: T,
  after: T,
): { readonly set: Partial<T>; readonly basedOn: Partial<T> } | null {
  const set: Partial<T> = {};
  const basedOn: Partial<T> = {};
  let changed = false;
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      set[key] = after[key];
      basedOn[key] = before[key];
      changed = true;
    }
  }
  return changed ? { set, basedOn } : null;
}
