import type { Database } from '../../../src-shared/schema/catalog';

/**
 * Words and small date sums for the appointment screens (issue 18). Pure, so they read the
 * same on every screen: staff see "No-show", never the code `no_show`.
 */
type AppointmentStatus = Database['appointments']['status'];

/** Typed by the schema's own enum: a new status fails to compile until it has its words. */
export const APPOINTMENT_STATUS_LABELS: Readonly<Record<AppointmentStatus, string>> = {
  scheduled: 'Booked',
  confirmed: 'Confirmed',
  completed: 'Completed',
  no_show: 'No-show',
  cancelled: 'Cancelled',
};

/** Falls back to the code with its underscores as spaces, for a status this desk is too old for. */
export function appointmentStatusLabel(code: string): string {
  const labels: Readonly<Record<string, string>> = APPOINTMENT_STATUS_LABELS;
  return Object.hasOwn(labels, code) ? (labels[code] ?? code) : code.replaceAll('_', ' ');
}

/** Still ahead: it can be moved, cancelled, completed or marked a no-show. */
export function isOpenAppointment(status: string): boolean {
  return status === 'scheduled' || status === 'confirmed';
}

/** "45 min", "1 h", "1 h 30 min". */
export function lengthLabel(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** A calendar date (YYYY-MM-DD) moved by whole days; read in UTC so no zone shifts it. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
});

/** "Fri, Dec 4, 2026" for a calendar date, whatever zone it belongs to. */
export function dayLabel(date: string): string {
  const at = new Date(`${date}T12:00:00Z`);
  return Number.isNaN(at.getTime()) ? date : DAY_FORMAT.format(at);
}
