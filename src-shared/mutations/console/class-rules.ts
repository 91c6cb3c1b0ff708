import { z } from 'zod';
import { deskOnly, found, takeIds } from '../front-desk/desk-rules';
import { moneySchema } from '../front-desk/front-desk-schemas';
import { MutationRefusal, type MutationContext } from '../mutation-definition';
import { findLocation, findRoom } from './location-mutations';

const idList = z
  .array(z.uuid())
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, 'each id once');

/** The fields of a class as class.create takes them and class.update may change them. */
export const classFields = {
  title: z.string().trim().min(1).max(120),
  locationId: z.uuid(),
  /** Null: not in a named room. */
  roomId: z.uuid().nullable(),
  /** Null: no instructor yet. */
  instructorId: z.uuid().nullable(),
  startTime: z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString()),
  durationMinutes: z.number().int().min(5).max(720),
  capacity: z.number().int().min(1).max(500),
  dropInPrice: moneySchema,
  /** Membership plans that pay for the class; with no plans and no packs, any pays. */
  planIds: idList,
  packDefinitionIds: idList,
};

/** A class as it will stand after create or update, before it is written. */
export interface ClassShape {
  readonly locationId: string;
  readonly roomId: string | null;
  readonly instructorId: string | null;
  readonly capacity: number;
}

/**
 * Checks what a class refers to. The room must be in the class's location (both sides:
 * the pair is in the arguments). The desk also refuses an inactive room, a class larger
 * than its room, and an instructor who is not an active member with the instructor role (an
 * owner who teaches holds that role too); the server keeps the desk's judgement, since a
 * room retired or an instructor deactivated meanwhile does not undo the schedule.
 */
export async function checkClassShape(
  ctx: MutationContext,
  shape: ClassShape,
  changed: { readonly room: boolean; readonly instructor: boolean; readonly capacity: boolean },
): Promise<void> {
  await findLocation(ctx.db, ctx.tenantId, shape.locationId);
  if (shape.roomId !== null) {
    const room = await findRoom(ctx.db, ctx.tenantId, shape.roomId);
    if (room.location_id !== shape.locationId) {
      throw new MutationRefusal('invalid', `room ${room.name} is not at the class's location`);
    }
    if (changed.room) deskOnly(ctx, room.active === 1, `room ${room.name} is retired`);
    if (changed.room || changed.capacity) {
      deskOnly(
        ctx,
        room.capacity === null || shape.capacity <= room.capacity,
        `room ${room.name} holds ${room.capacity}, fewer than ${shape.capacity}`,
      );
    }
  }
  if (shape.instructorId !== null && changed.instructor) {
    const instructorId = shape.instructorId;
    const member = found(
      await ctx.db
        .selectFrom('tenant_members')
        .select('status')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', instructorId)
        .executeTakeFirst(),
      `member ${instructorId}`,
    );
    const role = await ctx.db
      .selectFrom('tenant_roles')
      .select('role')
      .where('tenant_id', '=', ctx.tenantId)
      .where('member_id', '=', instructorId)
      .where('role', '=', 'instructor')
      .executeTakeFirst();
    deskOnly(
      ctx,
      member.status === 'active' && role !== undefined,
      `member ${instructorId} is not an active instructor`,
      'invalid',
    );
  }
}

/** Refuses a plan or pack definition the studio does not have. */
export async function checkPaymentOptions(
  ctx: MutationContext,
  planIds: readonly string[] | undefined,
  packDefinitionIds: readonly string[] | undefined,
): Promise<void> {
  const missing = async (
    table: 'membership_plans' | 'class_pack_definitions',
    ids: readonly string[] | undefined,
  ) => {
    if (ids === undefined || ids.length === 0) return;
    const rows = await ctx.db
      .selectFrom(table)
      .select('id')
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', 'in', ids)
      .execute();
    const known = new Set(rows.map((r) => r.id));
    const unknown = ids.find((id) => !known.has(id));
    if (unknown !== undefined) found(undefined, `${table.replaceAll('_', ' ')} ${unknown}`);
  };
  await missing('membership_plans', planIds);
  await missing('class_pack_definitions', packDefinitionIds);
}

/** Ids for a call's payment options, drawn before anything that reads data (R1.3). */
export function optionIds(
  ctx: MutationContext,
  args: { readonly planIds?: readonly string[]; readonly packDefinitionIds?: readonly string[] },
): string[] {
  return takeIds(ctx, (args.planIds?.length ?? 0) + (args.packDefinitionIds?.length ?? 0));
}

/**
 * Replaces a class's options of one kind (plans or packs) with `ids`; a kind not given is
 * left as it is. Exactly one of plan and pack is set on every row.
 */
export async function writePaymentOptions(
  ctx: MutationContext,
  classId: string,
  options: { readonly planIds?: readonly string[]; readonly packDefinitionIds?: readonly string[] },
  ids: readonly string[],
): Promise<void> {
  let next = 0;
  const id = () => {
    const value = ids[next++];
    if (value === undefined) throw new Error('too few ids were drawn for the payment options');
    return value;
  };
  if (options.planIds !== undefined) {
    await ctx.db
      .deleteFrom('class_payment_options')
      .where('tenant_id', '=', ctx.tenantId)
      .where('class_id', '=', classId)
      .where('plan_id', 'is not', null)
      .execute();
  }
  if (options.packDefinitionIds !== undefined) {
    await ctx.db
      .deleteFrom('class_payment_options')
      .where('tenant_id', '=', ctx.tenantId)
      .where('class_id', '=', classId)
      .where('pack_definition_id', 'is not', null)
      .execute();
  }
  const rows = [
    ...(options.planIds ?? []).map((planId) => ({ plan_id: planId, pack_definition_id: null })),
    ...(options.packDefinitionIds ?? []).map((packId) => ({
      plan_id: null,
      pack_definition_id: packId,
    })),
  ];
  if (rows.length === 0) return;
  await ctx.db
    .insertInto('class_payment_options')
    .values(
      rows.map((row) => ({
        id: id(),
        tenant_id: ctx.tenantId,
        class_id: classId,
        ...row,
        created_at: ctx.at,
      })),
    )
    .execute();
}
