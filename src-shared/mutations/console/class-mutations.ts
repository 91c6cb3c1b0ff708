import { z } from 'zod';
import { ACTIVE_BOOKING, confirmedCount, findClass } from '../front-desk/booking-ledger';
import { deskOnly } from '../front-desk/desk-rules';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { movePackCredits } from '../front-desk/pack-ledger';
import { defineMutation } from '../mutation-definition';
import {
  checkClassShape,
  checkPaymentOptions,
  classFields,
  optionIds,
  writePaymentOptions,
} from './class-rules';

export const createClass = defineMutation({
  name: 'class.create',
  description:
    'Schedules one class: title, location and room, instructor, start, length, capacity, drop-in price and which plans and packs pay for it.',
  args: z.strictObject({
    ...classFields,
    roomId: classFields.roomId.default(null),
    instructorId: classFields.instructorId.default(null),
    planIds: classFields.planIds.default([]),
    packDefinitionIds: classFields.packDefinitionIds.default([]),
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const classId = ctx.newId();
    const ids = optionIds(ctx, args);
    await checkClassShape(ctx, args, { room: true, instructor: true, capacity: true });
    await checkPaymentOptions(ctx, args.planIds, args.packDefinitionIds);
    await ctx.db
      .insertInto('classes')
      .values({
        id: classId,
        tenant_id: ctx.tenantId,
        series_id: null,
        location_id: args.locationId,
        room_id: args.roomId,
        instructor_id: args.instructorId,
        title: args.title,
        start_time: args.startTime,
        duration_minutes: args.durationMinutes,
        capacity: args.capacity,
        drop_in_price: args.dropInPrice,
        status: 'scheduled',
        created_at: ctx.at,
      })
      .execute();
    await writePaymentOptions(ctx, classId, args, ids);
    return { classId };
  },
  audit: (_args, result) => ({ targetId: result.classId }),
});

const updateArgs = z
  .strictObject({ classId: z.uuid(), ...classFields })
  .partial()
  .required({ classId: true })
  .refine((a) => Object.keys(a).length > 1, 'name at least one field to change');

/**
 * Changes what it names of a scheduled class. Offline conflicts, as the server settles them:
 * - the class was cancelled at another desk first: the cancel stands, the change is not
 *   applied, and an edit_conflict review item shows the owner the change that was lost;
 * - the capacity falls below the confirmed bookings (another desk booked meanwhile): the
 *   new capacity stands and class_over_capacity is raised, as for an over-sold class. The
 *   desk refuses both on its copy.
 */
export const updateClass = defineMutation({
  name: 'class.update',
  description:
    'Changes a scheduled class: title, place, instructor, time, length, capacity, drop-in price or payment options.',
  args: updateArgs,
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const ids = optionIds(ctx, args);
    const klass = await findClass(ctx, args.classId);
    if (klass.status !== 'scheduled') {
      const lost = `${klass.title} at ${klass.start_time} is ${klass.status}: the change was not applied`;
      deskOnly(ctx, false, lost);
      await ctx.require(false, {
        kind: 'edit_conflict',
        message: `${lost} (${JSON.stringify(args)})`,
        subjectId: klass.id,
        amount: null,
      });
      return { classId: klass.id, applied: false };
    }
    const shape = {
      locationId: args.locationId ?? klass.location_id,
      roomId: args.roomId === undefined ? klass.room_id : args.roomId,
      instructorId: args.instructorId === undefined ? klass.instructor_id : args.instructorId,
      capacity: args.capacity ?? klass.capacity,
    };
    await checkClassShape(ctx, shape, {
      room: args.roomId !== undefined || args.locationId !== undefined,
      instructor: args.instructorId !== undefined,
      capacity: args.capacity !== undefined,
    });
    await checkPaymentOptions(ctx, args.planIds, args.packDefinitionIds);
    if (args.capacity !== undefined && args.capacity < klass.capacity) {
      const taken = await confirmedCount(ctx, klass.id);
      await ctx.require(args.capacity >= taken, {
        kind: 'class_over_capacity',
        message: `${klass.title} at ${klass.start_time} was cut to ${args.capacity} places with ${taken} confirmed`,
        subjectId: klass.id,
        amount: null,
      });
    }
    await ctx.db
      .updateTable('classes')
      .set({
        ...(args.title === undefined ? {} : { title: args.title }),
        location_id: shape.locationId,
        room_id: shape.roomId,
        instructor_id: shape.instructorId,
        ...(args.startTime === undefined ? {} : { start_time: args.startTime }),
        ...(args.durationMinutes === undefined ? {} : { duration_minutes: args.durationMinutes }),
        capacity: shape.capacity,
        ...(args.dropInPrice === undefined ? {} : { drop_in_price: args.dropInPrice }),
      })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', klass.id)
      .execute();
    if (args.startTime !== undefined && args.startTime !== klass.start_time) {
      // Bookings carry the class's start (schedule and history read it without a join).
      await ctx.db
        .updateTable('bookings')
        .set({ start_time: args.startTime })
        .where('tenant_id', '=', ctx.tenantId)
        .where('class_id', '=', klass.id)
        .execute();
    }
    await writePaymentOptions(ctx, klass.id, args, ids);
    return { classId: klass.id, applied: true };
  },
  audit: (_args, result) => ({ targetId: result.classId }),
});

/**
 * Cancels a class and its confirmed and waitlisted bookings; each pack credit they held
 * comes back through the pack ledger. Only a booking's transition out of an active status
 * returns its credit, so a class cancelled at two desks returns each credit once. Drop-ins
 * paid at the POS are refunded there (pos.refund), not here.
 */
export const cancelClass = defineMutation({
  name: 'class.cancel',
  description: 'Cancels a scheduled class; its bookings are cancelled and pack credits returned.',
  args: z.strictObject({ classId: z.uuid() }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const klass = await findClass(ctx, args.classId);
    deskOnly(ctx, klass.status === 'scheduled', `${klass.title} is ${klass.status} already`);
    const changed = await ctx.db
      .updateTable('classes')
      .set({ status: 'cancelled' })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', klass.id)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) {
      return { classId: klass.id, cancelledBookings: 0, creditsReturned: 0 };
    }
    const bookings = await ctx.db
      .selectFrom('bookings')
      .select(['id', 'used_pack_id'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('class_id', '=', klass.id)
      .where('status', 'in', ACTIVE_BOOKING)
      .orderBy('id')
      .execute();
    let creditsReturned = 0;
    for (const booking of bookings) {
      const cancelled = await ctx.db
        .updateTable('bookings')
        .set({ status: 'cancelled', cancelled_at: ctx.at, waitlist_position: null })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', booking.id)
        .where('status', 'in', ACTIVE_BOOKING)
        .executeTakeFirst();
      if (cancelled.numUpdatedRows > 0n && booking.used_pack_id !== null) {
        await movePackCredits(ctx, booking.used_pack_id, 1);
        creditsReturned++;
      }
    }
    return { classId: klass.id, cancelledBookings: bookings.length, creditsReturned };
  },
  audit: (_args, result) => ({ targetId: result.classId }),
});

export const classMutations = [createClass, updateClass, cancelClass] as const;
