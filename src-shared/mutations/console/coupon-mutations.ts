import { sql } from 'kysely';
import { z } from 'zod';
import { defineMutation, MutationRefusal, type MutationContext } from '../mutation-definition';
import { deskOnly } from '../front-desk/desk-rules';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { positiveMoneySchema } from '../front-desk/front-desk-schemas';
import {
  basedOnEachChange,
  basedOnEachChangeError,
  definedOnly,
  editArgs,
  editRecord,
  flagOf,
} from './catalogue-edits';
import { timestampSchema } from './catalogue-schemas';

/** What staff type at the till: letters, digits, dash and underscore, any case. */
const couponCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{3,32}$/, { error: '3 to 32 letters, digits, - or _' });

/** A percent off (whole percent, 1..100) or an amount off in minor units. */
const discountSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('percent'), value: z.number().int().min(1).max(100) }),
  z.strictObject({ type: z.literal('amount'), value: positiveMoneySchema }),
]);

const couponFields = {
  code: couponCodeSchema,
  discount: discountSchema,
  /** From when the coupon may be used; null: from now. */
  startsAt: timestampSchema.nullable(),
  /** Until when; null: no end. */
  expiresAt: timestampSchema.nullable(),
  /** Redemptions allowed in all; null: no limit. */
  maxRedemptions: z.number().int().min(1).max(1_000_000).nullable(),
  active: z.boolean(),
};

const startsBeforeItExpires = (dates: {
  readonly startsAt?: string | null;
  readonly expiresAt?: string | null;
}) => !dates.startsAt || !dates.expiresAt || dates.startsAt < dates.expiresAt;

/**
 * Codes are unique per studio case-insensitively (the lower(code) index). Checked on both
 * sides: two desks that created one code offline cannot both hold it, so the later to reach
 * the server is refused there, with the reason, rather than failing on the index.
 */
async function requireCodeFree(ctx: MutationContext, code: string, couponId: string) {
  const holder = await ctx.db
    .selectFrom('coupons')
    .select('id')
    .where('tenant_id', '=', ctx.tenantId)
    .where(sql<string>`lower(code)`, '=', code.toLowerCase())
    .where('id', '!=', couponId)
    .executeTakeFirst();
  if (holder) throw new MutationRefusal('invalid', `another coupon has the code ${code}`);
}

export const createCoupon = defineMutation({
  name: 'coupon.create',
  description:
    'Adds a coupon: its code, percent or amount off, when it is valid and how many times it may be used.',
  args: z
    .strictObject({
      code: couponFields.code,
      discount: couponFields.discount,
      startsAt: couponFields.startsAt.default(null),
      expiresAt: couponFields.expiresAt.default(null),
      maxRedemptions: couponFields.maxRedemptions.default(null),
    })
    .refine(startsBeforeItExpires, {
      error: 'a coupon starts before it expires',
      path: ['expiresAt'],
    }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const couponId = ctx.newId();
    await requireCodeFree(ctx, args.code, couponId);
    await ctx.db
      .insertInto('coupons')
      .values({
        id: couponId,
        tenant_id: ctx.tenantId,
        code: args.code,
        type: args.discount.type,
        value: args.discount.value,
        active: 1,
        max_redemptions: args.maxRedemptions,
        starts_at: args.startsAt,
        expires_at: args.expiresAt,
        created_at: ctx.at,
      })
      .execute();
    return { couponId };
  },
  audit: (_args, result) => ({ targetId: result.couponId }),
});

export const updateCoupon = defineMutation({
  name: 'coupon.update',
  description:
    'Changes a coupon’s code, discount, dates or limit, or switches it off; redemptions made stay.',
  args: z
    .strictObject({ couponId: z.uuid(), ...editArgs(couponFields) })
    .refine(basedOnEachChange, basedOnEachChangeError),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const coupon = await editRecord(ctx, {
      id: args.couponId,
      kind: 'coupon',
      name: (row) => row.code,
      select: ctx.db.selectFrom('coupons').selectAll(),
      update: (columns) => ctx.db.updateTable('coupons').set(columns),
      columns: (values: typeof args.set) =>
        definedOnly({
          code: values.code,
          type: values.discount?.type,
          value: values.discount?.value,
          starts_at: values.startsAt,
          expires_at: values.expiresAt,
          max_redemptions: values.maxRedemptions,
          active: flagOf(values.active),
        }),
      set: args.set,
      basedOn: args.basedOn,
      async check(row, set) {
        if (set.code !== undefined) await requireCodeFree(ctx, set.code, row.id);
        // With the dates it keeps: the desk refuses a coupon that would end before it starts.
        // The server keeps what the desk judged, even if another desk moved the other date.
        deskOnly(
          ctx,
          startsBeforeItExpires({
            startsAt: set.starts_at === undefined ? row.starts_at : set.starts_at,
            expiresAt: set.expires_at === undefined ? row.expires_at : set.expires_at,
          }),
          'a coupon starts before it expires',
          'invalid',
        );
      },
    });
    return { couponId: coupon.id };
  },
  audit: (_args, result) => ({ targetId: result.couponId }),
});
