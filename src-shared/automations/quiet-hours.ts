import { z } from 'zod';
import { ZoneTime } from '../time/zone-time';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM, 00:00 to 23:59');

/** The studio's quiet hours, in `tenants.settings.automationQuietHours`; 21:00 to 08:00 unless set. */
export const quietHoursSchema = z.strictObject({ start: clockTime, end: clockTime });
export type QuietHours = z.output<typeof quietHoursSchema>;

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '08:00' };

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * Whether `epochMs` falls in the quiet hours on the studio's wall clock. The window may
 * cross midnight (21:00 to 08:00); start equal to end means no quiet hours. Nothing is sent
 * in them: the automation job's next run after they end sends what waited.
 */
export function isQuietTime(
  quiet: QuietHours,
  zone: string,
  epochMs: number,
  zones = new ZoneTime(),
): boolean {
  const floating = zones.toFloating(zone, epochMs);
  const minute = Math.floor((((floating % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** The stored quiet hours, or the default when the studio set none or set them badly. */
export function quietHoursOf(stored: unknown): QuietHours {
  const parsed = quietHoursSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_QUIET_HOURS;
}
