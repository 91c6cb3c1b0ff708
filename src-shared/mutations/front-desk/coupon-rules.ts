import { sql, type Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import type { BreachParty, MutationContext } from '../mutation-definition';
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
 * An overuse is the work of a few offline desks on the coupon's last uses: its latest
 * redemptions are named, never a popular coupon's whole history.
 */
const REDEEMERS_NAMED = 50;

/** The desks and staff of the coupon's latest redemptions so far, oldest first (R9.4). */
function earlierRedeemers(ctx: MutationContext, couponId: string): () => Promise<BreachParty[]> {
  return async () => {
    const rows = await ctx.db
      .selectFrom('coupon_redemptions as r')
      .innerJoin('pos_orders as o', (join) =>
        join.onRef('o.tenant_id', '=', 'r.tenant_id').onRef('o.id', '=', 'r.order_id'),
      )
      .select(['o.device_id', 'o.staff_id'])
      .where('r.tenant_id', '=', ctx.tenantId)
      .where('r.coupon_id', '=', couponId)
      .orderBy('r.redeemed_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(REDEEMERS_NAMED)
      .execute();
    return rows.reverse().map((row) => ({ deviceId: row.device_id, actorId: row.staff_id }));
  };
}

/**
 * The coupon named by code, when the desk may still apply it. The desk refuses a code it
 * does not know, a coupon switched off, not yet valid (starts_at) or expired, and one used
 * up. The server applies what the desk applied even if the coupon was switched off or its
 * dates changed since; a code unknown to the server (deleted) gives no discount there.
 *
 * OFFLINE CONFLICT: a coupon's last use redeemed at two desks that were offline. Each desk
 * saw a use left; the server keeps the later redemption too (the sale stands, its discount
 * given) and raises 'coupon_overused' for the owner, naming the coupon and the desks that
 * redeemed it.
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
    coupon.starts_at === null || coupon.starts_at <= ctx.at,
    `coupon ${coupon.code} is valid from ${coupon.starts_at ?? ''}`,
  );
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
    await ctx.require(used.n < coupon.max_redemptions, {
      kind: 'coupon_overused',
      message: `coupon ${coupon.code} is used up: ${used.n} of its ${coupon.max_redemptions} uses were taken before this sale`,
      subjectId: coupon.id,
      parties: earlierRedeemers(ctx, coupon.id),
    });
  }
  return coupon;
}
