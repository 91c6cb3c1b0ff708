import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { defineMutation } from '../mutation-definition';
import { timeZoneSchema } from './settings-mutations';
import { tenantRow } from '../tenant-row';

const nameSchema = z.string().trim().min(1).max(120);
/** Null clears it. */
const addressSchema = z.string().trim().min(1).max(500).nullable();
const phoneSchema = z.string().trim().min(3).max(40).nullable();
/** NULL: the room sets no limit of its own. */
const roomCapacitySchema = z.number().int().min(1).max(1000).nullable();

const atLeastOne = (args: object) => Object.keys(args).length > 1;

export async function findLocation(db: Kysely<Database>, tenantId: string, locationId: string) {
  return tenantRow(db, tenantId, 'locations', locationId, 'location');
}

export async function findRoom(db: Kysely<Database>, tenantId: string, roomId: string) {
  return tenantRow(db, tenantId, 'rooms', roomId, 'room');
}

export const createLocation = defineMutation({
  name: 'location.create',
  description: 'Adds a location with its time zone, address and phone.',
  args: z.strictObject({
    name: nameSchema,
    timeZone: timeZoneSchema,
    address: addressSchema.optional(),
    phone: phoneSchema.optional(),
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const locationId = ctx.newId();
    await ctx.db
      .insertInto('locations')
      .values({
        id: locationId,
        tenant_id: ctx.tenantId,
        name: args.name,
        time_zone: args.timeZone,
        address: args.address ?? null,
        phone: args.phone ?? null,
        created_at: ctx.at,
      })
      .execute();
    return { locationId };
  },
  audit: (_args, result) => ({ targetId: result.locationId }),
});

/**
 * Changes only what it names: two desks that change different fields offline both stand;
 * for one field, the later to reach the server.
 */
export const updateLocation = defineMutation({
  name: 'location.update',
  description: 'Changes a location’s name, time zone, address or phone.',
  args: z
    .strictObject({
      locationId: z.uuid(),
      name: nameSchema.optional(),
      timeZone: timeZoneSchema.optional(),
      address: addressSchema.optional(),
      phone: phoneSchema.optional(),
    })
    .refine(atLeastOne, 'name at least one field to change'),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    await findLocation(ctx.db, ctx.tenantId, args.locationId);
    await ctx.db
      .updateTable('locations')
      .set({
        ...(args.name === undefined ? {} : { name: args.name }),
        ...(args.timeZone === undefined ? {} : { time_zone: args.timeZone }),
        ...(args.address === undefined ? {} : { address: args.address }),
        ...(args.phone === undefined ? {} : { phone: args.phone }),
      })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', args.locationId)
      .execute();
    return { locationId: args.locationId };
  },
  audit: (_args, result) => ({ targetId: result.locationId }),
});

export const createRoom = defineMutation({
  name: 'room.create',
  description: 'Adds a room to a location, with an optional capacity.',
  args: z.strictObject({
    locationId: z.uuid(),
    name: nameSchema,
    capacity: roomCapacitySchema.optional(),
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const roomId = ctx.newId();
    await findLocation(ctx.db, ctx.tenantId, args.locationId);
    await ctx.db
      .insertInto('rooms')
      .values({
        id: roomId,
        tenant_id: ctx.tenantId,
        location_id: args.locationId,
        name: args.name,
        capacity: args.capacity ?? null,
        active: 1,
        created_at: ctx.at,
      })
      .execute();
    return { roomId };
  },
  audit: (_args, result) => ({ targetId: result.roomId }),
});

/**
 * A room's capacity limits the classes created or changed after it, not those already in it;
 * an inactive room takes no new classes and keeps those it has.
 */
export const updateRoom = defineMutation({
  name: 'room.update',
  description: 'Renames a room, changes its capacity, or retires it (active false).',
  args: z
    .strictObject({
      roomId: z.uuid(),
      name: nameSchema.optional(),
      capacity: roomCapacitySchema.optional(),
      active: z.boolean().optional(),
    })
    .refine(atLeastOne, 'name at least one field to change'),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    await findRoom(ctx.db, ctx.tenantId, args.roomId);
    await ctx.db
      .updateTable('rooms')
      .set({
        ...(args.name === undefined ? {} : { name: args.name }),
        ...(args.capacity === undefined ? {} : { capacity: args.capacity }),
        ...(args.active === undefined ? {} : { active: args.active ? 1 : 0 }),
      })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', args.roomId)
      .execute();
    return { roomId: args.roomId };
  },
  audit: (_args, result) => ({ targetId: result.roomId }),
});

export const locationMutations = [createLocation, updateLocation, createRoom, updateRoom] as const;
