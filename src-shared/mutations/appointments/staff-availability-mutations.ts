import { z } from 'zod';
import { findLocation } from '../console/location-mutations';
import { deskOnly, takeIds } from '../front-desk/desk-rules';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { reasonSchema } from '../front-desk/front-desk-schemas';
import { defineMutation } from '../mutation-definition';
import { requireMember } from './appointment-rules';

const DAY_MINUTES = 1440;
const startMinute = z
  .number()
  .int()
  .min(0)
  .max(DAY_MINUTES - 1);
const endMinute = z.number().int().min(1).max(DAY_MINUTES);

const weeklyBlock = z
  .strictObject({
    /** ISO weekday: 1 is Monday, 7 is Sunday. */
    weekday: z.number().int().min(1).max(7),
    /** Minutes after the location's midnight: 9:00 is 540. */
    startMinute,
    /** Exclusive; 1440 is midnight. */
    endMinute,
  })
  .refine((b) => b.startMinute < b.endMinute, 'a block starts before it ends');

type WeeklyBlock = z.infer<typeof weeklyBlock>;

const noOverlaps = (blocks: readonly WeeklyBlock[]) =>
  blocks.every((a, i) =>
    blocks.every(
      (b, j) =>
        i === j ||
        a.weekday !== b.weekday ||
        a.endMinute <= b.startMinute ||
        b.endMinute <= a.startMinute,
    ),
  );

/**
 * Replaces a staff member's whole week at a location. Offline, the last week to reach the
 * server stands: each call removes every block of the pair and writes its own.
 */
export const setStaffAvailability = defineMutation({
  name: 'staffAvailability.set',
  description:
    'Sets a staff member’s weekly hours at a location (the whole week; an empty list clears it), in the location’s time zone.',
  args: z.strictObject({
    staffId: z.uuid(),
    locationId: z.uuid(),
    hours: z.array(weeklyBlock).max(70).refine(noOverlaps, 'blocks of one weekday do not overlap'),
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const ids = takeIds(ctx, args.hours.length);
    await requireMember(ctx, args.staffId, 'staff');
    await findLocation(ctx.db, ctx.tenantId, args.locationId);
    await ctx.db
      .deleteFrom('staff_availability')
      .where('tenant_id', '=', ctx.tenantId)
      .where('staff_id', '=', args.staffId)
      .where('location_id', '=', args.locationId)
      .execute();
    if (args.hours.length > 0) {
      await ctx.db
        .insertInto('staff_availability')
        .values(
          args.hours.map((block, i) => ({
            id: ids[i] ?? '',
            tenant_id: ctx.tenantId,
            staff_id: args.staffId,
            location_id: args.locationId,
            weekday: block.weekday,
            start_minute: block.startMinute,
            end_minute: block.endMinute,
            created_at: ctx.at,
          })),
        )
        .execute();
    }
    return { staffId: args.staffId, locationId: args.locationId, blocks: args.hours.length };
  },
  audit: (_args, result) => ({ targetId: result.staffId }),
});

export const addAvailabilityException = defineMutation({
  name: 'staffAvailability.addException',
  description:
    'Gives a staff member time off (a whole day or some hours) or extra hours at a location on one date.',
  args: z
    .strictObject({
      staffId: z.uuid(),
      locationId: z.uuid(),
      date: z.iso.date(),
      kind: z.enum(['off', 'extra']),
      /** Both null (or left out): the whole day, for time off only. */
      startMinute: startMinute.nullable().default(null),
      endMinute: endMinute.nullable().default(null),
      reason: reasonSchema.nullable().default(null),
    })
    .refine(
      (e) =>
        e.startMinute === null && e.endMinute === null
          ? e.kind === 'off'
          : e.startMinute !== null && e.endMinute !== null && e.startMinute < e.endMinute,
      'extra hours name a start before their end; time off names both or neither',
    ),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const exceptionId = ctx.newId();
    await requireMember(ctx, args.staffId, 'staff');
    await findLocation(ctx.db, ctx.tenantId, args.locationId);
    await ctx.db
      .insertInto('staff_availability_exceptions')
      .values({
        id: exceptionId,
        tenant_id: ctx.tenantId,
        staff_id: args.staffId,
        location_id: args.locationId,
        date: args.date,
        kind: args.kind,
        start_minute: args.startMinute,
        end_minute: args.endMinute,
        reason: args.reason,
        created_at: ctx.at,
      })
      .execute();
    return { exceptionId };
  },
  audit: (_args, result) => ({ targetId: result.exceptionId }),
});

/** Removes an exception; removed at two desks offline, the second removal changes nothing. */
export const removeAvailabilityException = defineMutation({
  name: 'staffAvailability.removeException',
  description: 'Removes a staff member’s time off or extra hours on a date.',
  args: z.strictObject({ exceptionId: z.uuid() }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const removed = await ctx.db
      .deleteFrom('staff_availability_exceptions')
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', args.exceptionId)
      .executeTakeFirst();
    deskOnly(
      ctx,
      removed.numDeletedRows > 0n,
      `availability exception ${args.exceptionId} does not exist`,
      'not_found',
    );
    return { exceptionId: args.exceptionId, removed: removed.numDeletedRows > 0n };
  },
  audit: (args) => ({ targetId: args.exceptionId }),
});

export const availabilityMutations = [
  setStaffAvailability,
  addAvailabilityException,
  removeAvailabilityException,
] as const;
