import type { BatchBuffer } from './demo-batches';
import { iso } from './demo-time';
import type { DemoContext, IdSource } from './demo-context';
import type { AttendanceLedger } from './attendance-ledger';
import type { CatalogPlan } from './generate-catalog';
import type { SchedulePlan } from './generate-schedule';
import type { LocationPlan, PeoplePlan } from './plan-people';
import type { SeededRandom } from './seeded-random';

/** A gift card while sales are simulated; its row is written when it is sold. */
export interface GiftCardState {
  readonly index: number;
  readonly id: string;
  readonly createdMs: number;
  balance: number;
}

/** A card from the redeemable pool that existed before `atMs`, or undefined. */
export function spendableCard(state: CommerceState, atMs: number): GiftCardState | undefined {
  if (state.redeemable.length === 0) return undefined;
  const card = state.giftCards[state.random.pick(state.redeemable)];
  return card && card.createdMs < atMs && card.balance > 0 ? card : undefined;
}

/** A cash drawer from float to close, at the first desk of a location. */
export interface DrawerSession {
  readonly id: string;
  readonly location: LocationPlan;
  readonly deviceId: string;
  readonly openMs: number;
  readonly closeMs: number;
  readonly openedBy: string;
  /** Sum of the session's cash movements so far. */
  movements: number;
}

/** What the commerce simulation learns that rows written before it need. */
export interface CommerceOutcome {
  /** Final stock by product index; null for untracked products. */
  readonly finalStock: (number | null)[];
  /** Final balance and id by gift card index. */
  readonly giftCardBalances: number[];
  readonly giftCardIds: string[];
}

export interface CommerceIds {
  readonly orders: IdSource;
  readonly items: IdSource;
  readonly payments: IdSource;
  readonly giftCards: IdSource;
  readonly giftCardTransactions: IdSource;
  readonly stockMovements: IdSource;
  readonly cashMovements: IdSource;
  readonly sessions: IdSource;
  readonly couponRedemptions: IdSource;
}

/** The running state of the sales simulation, shared by the day loop and the order builder. */
export interface CommerceState {
  readonly ctx: DemoContext;
  readonly people: PeoplePlan;
  readonly schedule: SchedulePlan;
  readonly catalog: CatalogPlan;
  readonly ledger: AttendanceLedger;
  readonly random: SeededRandom;
  readonly buffer: BatchBuffer;
  readonly ids: CommerceIds;
  /** Balances from a previous run of the same simulation, for the gift card rows; null in it. */
  readonly knownBalances: readonly number[] | null;
  readonly stock: (number | null)[];
  readonly restockDue: Set<number>;
  readonly giftCards: GiftCardState[];
  /** Indices of gift cards that can still be redeemed (positive balance, not disabled). */
  readonly redeemable: number[];
  readonly giftCardCodes: Set<string>;
  readonly couponUses: number[];
  readonly receiptNumbers: Map<string, number>;
}

export function createCommerceState(
  base: Pick<
    CommerceState,
    'ctx' | 'people' | 'schedule' | 'catalog' | 'ledger' | 'buffer' | 'knownBalances'
  >,
): CommerceState {
  const { ctx } = base;
  return {
    ...base,
    random: ctx.random.fork('commerce'),
    ids: {
      orders: ctx.ids('pos_orders'),
      items: ctx.ids('pos_order_items'),
      payments: ctx.ids('payments'),
      giftCards: ctx.ids('gift_cards'),
      giftCardTransactions: ctx.ids('gift_card_transactions'),
      stockMovements: ctx.ids('stock_movements'),
      cashMovements: ctx.ids('cash_movements'),
      sessions: ctx.ids('cash_drawer_sessions'),
      couponRedemptions: ctx.ids('coupon_redemptions'),
    },
    stock: base.catalog.products.map((p) => (p.spec.tracked ? 0 : null)),
    restockDue: new Set(),
    giftCards: [],
    redeemable: [],
    giftCardCodes: new Set(),
    couponUses: base.catalog.coupons.map(() => 0),
    receiptNumbers: new Map(),
  };
}

/** Adds a stock movement and keeps the running stock equal to the ledger's sum. */
export function moveStock(
  state: CommerceState,
  productIndex: number,
  delta: number,
  reason: 'sale' | 'refund' | 'restock' | 'adjustment' | 'count',
  atMs: number,
  staffId: string,
  orderItemId: string | null = null,
): void {
  const product = state.catalog.products[productIndex];
  const current = state.stock[productIndex];
  if (!product || current === null || current === undefined) return;
  const next = current + delta;
  state.stock[productIndex] = next;
  if (product.reorderPoint !== null && next <= product.reorderPoint) {
    state.restockDue.add(productIndex);
  }
  state.buffer.add('stock_movements', {
    id: state.ids.stockMovements.next(atMs),
    tenant_id: state.ctx.tenantId,
    product_id: product.id,
    quantity_delta: delta,
    reason,
    order_item_id: orderItemId,
    staff_id: staffId,
    device_id: null,
    created_at: iso(atMs),
  });
}
