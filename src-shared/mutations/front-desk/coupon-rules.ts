import { sql, type Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';
import { deskOnly } from './desk-rules';

type CouponRow = Database['coupons'];

/** Codes are matched case-insensitively, through the tenant's lower(code) index. */
export function findCouponByCode(
  db: Kysely<Database>,
  tenantId: string,
  code: string,
): Promise<CouponRow | undefined> {
  return db
    .selectFrom('coupons')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(sql<string>`lower(code)`, '=', code.trim().toLowerCase())
    .executeTakeFirst();
}

/**
 * The coupon named by code, when the desk may still apply it. The server applies what the
 * desk applied even if the coupon was switched off since; a code unknown to the server
 * (deleted) gives no discount there.
 */
export async function applicableCoupon(
  ctx: MutationContext,
  code: string,
): Promise<CouponRow | null> {
  const coupon = await findCouponByCode(ctx.db, ctx.tenantId, code);
  if (!coupon) {
    deskOnly(ctx, false, `no coupon has the code ${code}`, 'not_found');
    return null;
  }
  deskOnly(ctx, coupon.active === 1, `coupon ${coupon.code} is switched off`);
  deskOnly(
    ctx,
    coupon.expires_at === null || coupon.expires_at > ctx.at,
    `coupon ${coupon.code} expired`,
  );
  if (coupon.max_redemptions !== null) {
    const used = await ctx.db
      .selectFrom('coupon_redemptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', ctx.tenantId)
      .where('coupon_id', '=', coupon.id)
      .executeTakeFirstOrThrow();
    deskOnly(ctx, used.n < coupon.max_redemptions, `coupon ${coupon.code} is used up`);
  }
  return coupon;
}
