// The cash drawer's day and the stock room's: chores, the close-out count, deliveries.
import { moveStock, type CommerceState, type DrawerSession } from './commerce-state';
import { HOUR_MS, iso } from './demo-time';

/** Cash each drawer starts the day with. */
export const OPENING_FLOAT = 15_000;

/** Paid-outs, float top-ups and no-sale openings: cash that moves without a sale. */
export function drawerChores(state: CommerceState, drawer: DrawerSession): void {
  const { random, ctx } = state;
  const chores = [
    ['paid_out', 0.08, () => -random.int(10, 40) * 100, 'Cleaning supplies'],
    ['paid_out', 0.04, () => -random.int(5, 15) * 100, 'Milk and tea for the tea station'],
    ['paid_in', 0.02, () => 2000, 'Float top-up from the safe'],
    ['no_sale', 0.1, () => 0, 'Opened drawer to give change'],
  ] as const;
  for (const [type, chance, amount, reason] of chores) {
    if (!random.chance(chance)) continue;
    const atMs = Math.floor(random.float(drawer.openMs + HOUR_MS, drawer.closeMs - HOUR_MS));
    if (atMs > ctx.nowMs) continue;
    const value = amount();
    drawer.movements += value;
    state.buffer.add('cash_movements', {
      id: state.ids.cashMovements.next(atMs),
      tenant_id: ctx.tenantId,
      session_id: drawer.id,
      type,
      amount: value,
      reason,
      payment_id: null,
      staff_id: drawer.openedBy,
      created_at: iso(atMs),
    });
  }
}

export function closeDrawer(state: CommerceState, drawer: DrawerSession): void {
  const { ctx, random } = state;
  const closed = drawer.closeMs <= ctx.nowMs;
  const expected = OPENING_FLOAT + drawer.movements;
  // Most counts match; now and then the drawer is a little over or short.
  const variance = random.chance(0.15) ? random.int(-20, 20) * 25 : 0;
  const closer = random.pick([drawer.location.manager, ...drawer.location.deskStaff]);
  state.buffer.add('cash_drawer_sessions', {
    id: drawer.id,
    tenant_id: ctx.tenantId,
    location_id: drawer.location.id,
    device_id: drawer.deviceId,
    opened_by: drawer.openedBy,
    opened_at: iso(drawer.openMs),
    opening_float: OPENING_FLOAT,
    status: closed ? 'closed' : 'open',
    closed_by: closed ? closer.id : null,
    closed_at: closed ? iso(drawer.closeMs) : null,
    counted_amount: closed ? expected + variance : null,
    expected_amount: closed ? expected : null,
  });
}

/** Stock counted in at onboarding, and reorders delivered the morning after a low day. */
export function restock(state: CommerceState, atMs: number, staffId: string): void {
  for (const productIndex of [...state.restockDue].sort((a, b) => a - b)) {
    const product = state.catalog.products[productIndex];
    if (product) moveStock(state, productIndex, product.restockQuantity, 'restock', atMs, staffId);
  }
  state.restockDue.clear();
  const damaged = state.random.chance(0.02) ? state.random.pick(state.catalog.products) : undefined;
  if (damaged && (state.stock[damaged.index] ?? 0) > 0) {
    moveStock(state, damaged.index, -1, 'adjustment', atMs + HOUR_MS, staffId);
  }
}
