import type { BreachParty, MutationContext } from '../mutation-definition';

/**
 * Who a review item names (PROTOCOL.md R9.4). A breach is one desk taking what other desks
 * had already taken while it was offline, so the item names the desks and staff of the
 * takings since the subject last held enough: walking back from the newest movement (by
 * business time), each is undone until the subject would hold what the breaching call
 * needed; the takings undone on the way are the ones that left too little. These readers
 * run only when the server records a breach (RuleBreach.parties).
 */

/** A recorded movement on a subject: signed (into the subject is positive), with its maker. */
interface Movement {
  readonly delta: number;
  readonly deviceId: string | null;
  readonly actorId: string | null;
}

/**
 * Movements read back per breach. A conflict is the work of a few desks over one offline
 * spell; this many movements back is far past it, and a subject's whole history (a
 * product's years of sales) is never read.
 */
const MOVEMENTS_READ = 200;

/** The takings, oldest first, since `level` last stood at `needed` or more. */
export function takersSinceEnough(
  level: number,
  needed: number,
  newestFirst: readonly Movement[],
): BreachParty[] {
  const takers: BreachParty[] = [];
  let before = level;
  for (const movement of newestFirst) {
    if (before >= needed) break;
    if (movement.delta < 0) takers.push({ deviceId: movement.deviceId, actorId: movement.actorId });
    before -= movement.delta;
  }
  return takers.reverse();
}

/** The card's debits since it last held `needed` (gift_card_transactions name desk and staff). */
export function giftCardTakers(
  ctx: MutationContext,
  card: { readonly id: string; readonly current_balance: number },
  needed: number,
): () => Promise<BreachParty[]> {
  return async () => {
    const entries = await ctx.db
      .selectFrom('gift_card_transactions')
      .select(['amount as delta', 'device_id as deviceId', 'staff_id as actorId'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('gift_card_id', '=', card.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(MOVEMENTS_READ)
      .execute();
    return takersSinceEnough(card.current_balance, needed, entries);
  };
}

/** The product's stock taken since it last held `needed` units. */
export function stockTakers(
  ctx: MutationContext,
  product: { readonly id: string; readonly stockQuantity: number },
  needed: number,
): () => Promise<BreachParty[]> {
  return async () => {
    const movements = await ctx.db
      .selectFrom('stock_movements')
      .select(['quantity_delta as delta', 'device_id as deviceId', 'staff_id as actorId'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('product_id', '=', product.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(MOVEMENTS_READ)
      .execute();
    return takersSinceEnough(product.stockQuantity, needed, movements);
  };
}

/** Booking statuses that keep the pack credit they took (only an in-time cancel returns it). */
const HOLDS_CREDIT = ['confirmed', 'waitlisted', 'no_show', 'late_cancelled'] as const;

/**
 * The bookings holding the pack's credits since it last had `needed` left: each took one.
 * Filtered by member too, so the member's bookings index finds them.
 */
export function packTakers(
  ctx: MutationContext,
  pack: { readonly id: string; readonly member_id: string; readonly remaining_credits: number },
  needed: number,
): () => Promise<BreachParty[]> {
  return async () => {
    const holders = await ctx.db
      .selectFrom('bookings')
      .select(['device_id as deviceId', 'staff_id as actorId'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('member_id', '=', pack.member_id)
      .where('used_pack_id', '=', pack.id)
      .where('status', 'in', HOLDS_CREDIT)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(MOVEMENTS_READ)
      .execute();
    const taken = holders.map((h) => ({ ...h, delta: -1 }));
    return takersSinceEnough(pack.remaining_credits, needed, taken);
  };
}

/** The confirmed bookings since the class last had a free place: each took one. */
export function placeTakers(
  ctx: MutationContext,
  klass: { readonly id: string; readonly capacity: number },
  taken: number,
): () => Promise<BreachParty[]> {
  return async () => {
    const holders = await ctx.db
      .selectFrom('bookings')
      .select(['device_id as deviceId', 'staff_id as actorId'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('class_id', '=', klass.id)
      .where('status', '=', 'confirmed')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(MOVEMENTS_READ)
      .execute();
    const places = holders.map((h) => ({ ...h, delta: -1 }));
    return takersSinceEnough(klass.capacity - taken, 1, places);
  };
}
