import { localDate } from '../../desk/money';

/**
 * A coupon's dates as staff pick them (a day on this computer's calendar) and as
 * coupon.create takes them (UTC instants): valid from the start of its first day to the end
 * of its last.
 */
export function startOfDay(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const at = new Date(`${day}T00:00:00`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** The instant a coupon valid through `day` stops: the start of the next day. */
export function endOfDay(day: string): string | null {
  const start = startOfDay(day);
  if (start === null) return null;
  const next = new Date(start);
  next.setDate(next.getDate() + 1);
  return next.toISOString();
}

export function dayOf(iso: string | null, last = false): string {
  if (iso === null) return '';
  return localDate(new Date(Date.parse(iso) - (last ? 1 : 0)));
}
