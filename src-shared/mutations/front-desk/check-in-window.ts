import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';
import { deskOnly } from './desk-rules';
import { readTenantSettings } from './tenant-settings';

type WindowClass = Pick<Database['classes'], 'title' | 'start_time' | 'location_id'>;

/** When check-in for a class opens and closes: the studio's minutes around its start. */
export interface CheckInWindow {
  readonly opensAt: string;
  readonly closesAt: string;
}

export function checkInWindowOf(
  startTime: string,
  opensMinutes: number,
  closesMinutes: number,
): CheckInWindow {
  const start = Date.parse(startTime);
  return {
    opensAt: new Date(start - opensMinutes * 60_000).toISOString(),
    closesAt: new Date(start + closesMinutes * 60_000).toISOString(),
  };
}

/** "Fri, Dec 4, 6:00 AM" on the studio's wall clock, so the refusal reads as the desk does. */
function wallClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  }).format(new Date(iso));
}

/**
 * The studio's check-in window (settings checkInOpensMinutes / checkInClosesMinutes),
 * judged at `ctx.at`, the moment the desk checked the member in. The desk refuses outside
 * it. The server re-runs the call with the same `ctx.at`, so it disagrees only when the
 * class was moved in between; the check-in then stands, because a member who was let in
 * is a fact (PRODUCT.md: offline check-ins are never dropped). No review item is raised:
 * the review kinds are a schema enum, and a moved class is already the owner's doing.
 */
export async function requireCheckInWindow(
  ctx: MutationContext,
  klass: WindowClass,
): Promise<void> {
  if (ctx.side !== 'desk') return;
  const settings = await readTenantSettings(ctx.db, ctx.tenantId);
  const window = checkInWindowOf(
    klass.start_time,
    settings.checkInOpensMinutes,
    settings.checkInClosesMinutes,
  );
  const at = Date.parse(ctx.at);
  if (at >= Date.parse(window.opensAt) && at <= Date.parse(window.closesAt)) return;
  const location = await ctx.db
    .selectFrom('locations')
    .select('time_zone')
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', klass.location_id)
    .executeTakeFirst();
  const zone = settings.timeZone ?? location?.time_zone ?? 'UTC';
  const starts = wallClock(klass.start_time, zone);
  const message =
    at < Date.parse(window.opensAt)
      ? `Check-in for ${klass.title} (${starts}) opens at ${wallClock(window.opensAt, zone)}, ${settings.checkInOpensMinutes} minutes before it starts.`
      : `Check-in for ${klass.title} (${starts}) closed at ${wallClock(window.closesAt, zone)}, ${settings.checkInClosesMinutes} minutes after it started.`;
  deskOnly(ctx, false, message);
}
