import { z } from 'zod';
import { studioDateSchema, startOfStudioDay } from '../../mutations/front-desk/membership-periods';
import { MutationRefusal } from '../../mutations/mutation-definition';
import { readTenantSettings } from '../../mutations/front-desk/tenant-settings';
import { addDays } from '../../time/zoned-wall-clock';
import type { QueryContext } from '../query-definition';

/** The audit log's arguments (`audit.find`, issue 19) and its days turned into instants. */

export const AUDIT_PAGE_MAX = 500;

const instantSchema = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());
/** A bound: a studio day (`2026-12-07`, whole days in the studio's zone) or an instant. */
const boundSchema = z.union([studioDateSchema, instantSchema]);
const isDay = (bound: string) => /^\d{4}-\d{2}-\d{2}$/.test(bound);

// The page's last entry, `created_at|id`: newest first by time, then id, so a cursor is exact.
const cursorSchema = z
  .string()
  .regex(/^[^|]+\|[^|]+$/, { error: 'a cursor is the "next" value of the previous page' });

export const auditFindArgs = z.strictObject({
  from: boundSchema.optional(),
  to: boundSchema.optional(),
  action: z
    .string()
    .regex(/^[a-z][A-Za-z]*\.[A-Za-z_]+$/, { error: 'an action is area.name' })
    .optional(),
  area: z
    .string()
    .regex(/^[a-z][A-Za-z]*$/, { error: 'an area is one word, like product' })
    .optional(),
  actorId: z.uuid().optional(),
  subjectId: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(100),
  before: cursorSchema.optional(),
});

/** A day bound covers the whole day: `from` at its midnight, `to` up to the next midnight. */
export async function instantRange(
  context: QueryContext,
  from: string | undefined,
  to: string | undefined,
): Promise<{ readonly from?: string; readonly until?: string }> {
  const needsZone = [from, to].some((b) => b !== undefined && isDay(b));
  const zone = needsZone ? await studioTimeZone(context) : 'UTC';
  const start = from && (isDay(from) ? startOfStudioDay(zone, from) : from);
  const until = to && (isDay(to) ? startOfStudioDay(zone, addDays(to, 1)) : to);
  if (start !== undefined && until !== undefined && until <= start) {
    throw new MutationRefusal('invalid', 'audit.find: the range ends before it starts');
  }
  return { ...(start ? { from: start } : {}), ...(until ? { until } : {}) };
}

/** The studio's zone: its setting, else its first location's, else UTC. */
async function studioTimeZone({ db, tenantId }: QueryContext): Promise<string> {
  const settings = await readTenantSettings(db, tenantId);
  if (settings.timeZone !== null) return settings.timeZone;
  const first = await db
    .selectFrom('locations')
    .select('time_zone')
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return first?.time_zone ?? 'UTC';
}
