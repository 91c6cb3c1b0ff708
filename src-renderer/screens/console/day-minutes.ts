/**
 * Times of day as the availability mutations take them: minutes after the location's
 * midnight (9:00 is 540; an end of 1440 is midnight). `<input type="time">` reads and writes
 * "HH:MM"; an end typed as 00:00 means the midnight that ends the day. Pure, so tested alone.
 */

/** ISO weekdays, Monday first, as `staffAvailability.set` numbers them. */
export const WEEKDAYS = [
  [1, 'Monday'],
  [2, 'Tuesday'],
  [3, 'Wednesday'],
  [4, 'Thursday'],
  [5, 'Friday'],
  [6, 'Saturday'],
  [7, 'Sunday'],
] as const;

export function weekdayName(weekday: number): string {
  return WEEKDAYS.find(([n]) => n === weekday)?.[1] ?? `day ${weekday}`;
}

/** 540 → "09:00"; 1440 → "00:00" (the input shows the midnight that ends the day). */
export function minuteToInput(minute: number): string {
  const m = minute % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "09:00" → 540; as an end, "00:00" → 1440. Null for anything else. */
export function inputToMinute(text: string, role: 'start' | 'end'): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const minute = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[1]) > 23 || Number(match[2]) > 59) return null;
  return role === 'end' && minute === 0 ? 1440 : minute;
}

/** 540 → "9:00 AM", 1440 → "midnight": the studio's 12-hour style. */
export function minuteLabel(minute: number): string {
  if (minute === 1440 || minute === 0) return 'midnight';
  const h = Math.floor(minute / 60);
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${hour12}:${String(minute % 60).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}
