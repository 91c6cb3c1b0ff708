import { z } from 'zod';
import { readTenantSettings } from '../../mutations/front-desk/tenant-settings';
import { defineQuery, type QueryDefinition } from '../query-definition';
import { studioClasses } from './class-queries';
import { staffList } from './staff-queries';

export const studioSettings = defineQuery({
  name: 'studio.settings',
  description:
    'The studio’s settings with their defaults filled in, and whether it has sales (its currency is then fixed).',
  args: z.strictObject({}),
  async run({ db, tenantId }) {
    const settings = await readTenantSettings(db, tenantId);
    const sale = await db
      .selectFrom('pos_orders')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .limit(1)
      .executeTakeFirst();
    return { ...settings, hasSales: sale !== undefined };
  },
});

export const studioLocations = defineQuery({
  name: 'studio.locations',
  description: 'The studio’s locations by name, each with its rooms (retired ones on request).',
  args: z.strictObject({ includeRetiredRooms: z.boolean().default(false) }),
  async run({ db, tenantId }, { includeRetiredRooms }) {
    const locations = await db
      .selectFrom('locations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .orderBy('id')
      .execute();
    let roomQuery = db.selectFrom('rooms').selectAll().where('tenant_id', '=', tenantId);
    if (!includeRetiredRooms) roomQuery = roomQuery.where('active', '=', 1);
    const rooms = await roomQuery.orderBy('name').orderBy('id').execute();
    return locations.map((location) => ({
      locationId: location.id,
      name: location.name,
      timeZone: location.time_zone,
      address: location.address,
      phone: location.phone,
      rooms: rooms
        .filter((room) => room.location_id === location.id)
        .map((room) => ({
          roomId: room.id,
          name: room.name,
          capacity: room.capacity,
          active: room.active === 1,
        })),
    }));
  },
});

/** The studio console's reads of the studio's settings, locations, staff and classes (issue 16). */
export const studioQueries = [
  studioSettings,
  studioLocations,
  staffList,
  studioClasses,
] as const satisfies readonly QueryDefinition[];
