import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { DeskLocationView } from '../../src-shared/bridge/desk-methods';
import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import type { Desk } from './open-desk';

/**
 * Which of the studio's locations this computer stands in: a choice per desk, not per
 * studio, so it is kept beside the printer's settings in the desk's own folder and never
 * synced. Scans and the Today screen check in at this location.
 */
export const DESK_LOCATION_FILE = 'desk-location.json';

const storedSchema = z.strictObject({ locationId: z.uuid() });

function storedLocationId(dataDir: string): string | null {
  const file = join(dataDir, DESK_LOCATION_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = storedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    // A damaged file is no choice: staff choose again; check-in never stops over it.
    return parsed.success ? parsed.data.locationId : null;
  } catch {
    return null;
  }
}

async function locationOf(desk: Desk, locationId: string): Promise<DeskLocationView | null> {
  const tenantId = desk.identity?.tenantId;
  if (tenantId === undefined) return null;
  const row = await desk.db
    .selectFrom('locations')
    .select(['id', 'name', 'time_zone'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', locationId)
    .executeTakeFirst();
  return row ? { locationId: row.id, name: row.name, timeZone: row.time_zone } : null;
}

/** This desk's location, or null when none is chosen or the chosen one no longer exists. */
export async function readDeskLocation(desk: Desk): Promise<DeskLocationView | null> {
  const locationId = storedLocationId(desk.dataDir);
  return locationId === null ? null : locationOf(desk, locationId);
}

/**
 * Sets (or with null, clears) this desk's location. A location the studio does not have is
 * refused with a clear message and the previous choice stays. Written atomically.
 */
export async function saveDeskLocation(
  desk: Desk,
  locationId: string | null,
): Promise<DeskLocationView | null> {
  const file = join(desk.dataDir, DESK_LOCATION_FILE);
  const temp = `${file}.tmp`;
  if (locationId === null) {
    writeFileSync(temp, '{}\n');
    renameSync(temp, file);
    return null;
  }
  const location = await locationOf(desk, locationId);
  if (location === null) {
    throw new MutationRefusal(
      'not_found',
      'This studio has no such location (it may not have synced to this desk yet); this desk’s location is unchanged.',
    );
  }
  writeFileSync(temp, `${JSON.stringify({ locationId }, null, 2)}\n`);
  renameSync(temp, file);
  return location;
}
