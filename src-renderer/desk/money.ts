import { studioClock } from './studio-time';

/** Money on screen: integer minor units in, the studio's currency out. Never floats in. */
export function formatMoney(cents: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
}

/** "12", "12.5", "12.50" or "$12.50" → 1250; anything else → null. */
export function parseMoney(text: string): number | null {
  const match = /^\s*\$?\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + fraction;
}

/** Cents as the plain decimal staff type into a money field: 1250 → "12.50". */
export function centsToInput(cents: number): string {
  return (cents / 100).toFixed(2);
}

/**
 * A time in the one 12-hour style, on this computer's clock: for the top bar, which shows
 * before a studio is signed in to. Screens of a signed-in studio use `useStudioTime`.
 */
export function formatTime(iso: string | null): string {
  return studioClock(Intl.DateTimeFormat().resolvedOptions().timeZone).time(iso);
}

/** Today as YYYY-MM-DD on this computer's calendar. */
export function localDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}
