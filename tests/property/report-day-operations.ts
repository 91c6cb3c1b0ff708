import fc from 'fast-check';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import type { TestClock } from '../server/support/server-harness';
import { chosenPack, syncStep } from './desk-operations';
import type { Catalogue, PropertyDesk } from './property-world';

/**
 * Issue 19's days of activity, as plain data fast-check can shrink: sales with split
 * tenders, refunds and voids of earlier sales, gift cards, packs, drawer moves and closes,
 * hours passing (so the activity spans several studio days, across a DST change) and
 * syncs. Desks act offline between syncs, so two of them can overspend one gift card.
 */
export type ReportDayOperation =
  | {
      readonly kind: 'splitSale';
      readonly desk: number;
      readonly quantity: number;
      /** Percent of the total paid by the second tender (over 50 with a card: all it holds); the rest in cash. */
      readonly share: number;
      /** Which gift card pays the share, by index; null: an external tender (a voucher). */
      readonly card: number | null;
    }
  /** Every desk, before any syncs, spends all it believes is on one card they all know. */
  | { readonly kind: 'cardRush'; readonly card: number; readonly quantity: number }
  | { readonly kind: 'giftCardSell'; readonly desk: number; readonly amount: number }
  | { readonly kind: 'packSell'; readonly desk: number; readonly member: number }
  | {
      readonly kind: 'packBook';
      readonly desk: number;
      readonly member: number;
      readonly klass: number;
    }
  | { readonly kind: 'refund' | 'void'; readonly desk: number; readonly order: number }
  | {
      readonly kind: 'drawerMove';
      readonly desk: number;
      readonly paidIn: boolean;
      readonly amount: number;
    }
  /** Close the drawer with `counted` in it, then open the next with a float. */
  | { readonly kind: 'drawerClose'; readonly desk: number; readonly counted: number }
  | { readonly kind: 'later'; readonly minutes: number }
  | { readonly kind: 'push' | 'pull' | 'sync'; readonly desk: number };

const desk = fc.nat({ max: 2 });
const pick = fc.nat({ max: 7 });

export const reportDayOperation: fc.Arbitrary<ReportDayOperation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('splitSale'),
      desk,
      quantity: fc.integer({ min: 1, max: 12 }),
      share: fc.integer({ min: 1, max: 99 }),
      card: fc.option(pick, { nil: null }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('cardRush'),
      card: pick,
      quantity: fc.integer({ min: 1, max: 12 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('giftCardSell'),
      desk,
      amount: fc.integer({ min: 1, max: 20 }).map((n) => n * 100),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('packSell'), desk, member: pick }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('packBook'), desk, member: pick, klass: pick }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constantFrom('refund', 'void'), desk, order: pick }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('drawerMove'),
      desk,
      paidIn: fc.boolean(),
      amount: fc.integer({ min: 1, max: 5000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('drawerClose'),
      desk,
      counted: fc.integer({ min: 0, max: 60_000 }),
    }),
  },
  // Up to two days at a time: a run of 30 operations spans several studio days.
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('later'),
      minutes: fc.integer({ min: 1, max: 48 * 60 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constantFrom('push', 'pull', 'sync'), desk }),
  },
);

export interface ReportDayRun {
  readonly deskCount: number;
  readonly operations: readonly ReportDayOperation[];
}

export function reportDayRun(maxOperations: number): fc.Arbitrary<ReportDayRun> {
  return fc.record({
    deskCount: fc.integer({ min: 2, max: 3 }),
    operations: fc.array(reportDayOperation, { minLength: 15, maxLength: maxOperations }),
  });
}

/** What the run did that the checks need and the rows do not say independently. */
export class ReportDayTally {
  accepted = 0;
  refused = 0;
  /** Paid in less paid out, per drawer session, as the accepted `drawer.move`s said. */
  readonly drawerMoves = new Map<string, number>();

  moved(sessionId: string, amount: number): void {
    this.drawerMoves.set(sessionId, (this.drawerMoves.get(sessionId) ?? 0) + amount);
  }
}

function nth<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

interface Call {
  readonly name: string;
  readonly args: unknown;
  readonly afterwards?: (result: unknown) => void;
}

/** A completed sale of this desk's copy with nothing but products, which may be returned. */
async function returnableOrder(target: PropertyDesk, index: number) {
  const orders = await target.desk.db
    .selectFrom('pos_orders as o')
    .select(['o.id'])
    .where('o.status', '=', 'completed')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('pos_order_items as i')
            .select('i.id')
            .whereRef('i.order_id', '=', 'o.id')
            .where('i.kind', '<>', 'product'),
        ),
      ),
    )
    .orderBy('o.id')
    .execute();
  return nth(orders, index);
}

/** Money goes back the way it came: each positive payment of the order, tender for tender. */
async function mirroredTenders(target: PropertyDesk, orderId: string) {
  const paid = await target.desk.db
    .selectFrom('payments')
    .select(['method', 'amount', 'gift_card_id', 'reference'])
    .where('order_id', '=', orderId)
    .where('amount', '>', 0)
    .orderBy('id')
    .execute();
  return paid.map((p) => {
    switch (p.method) {
      case 'gift_card':
        return { method: 'gift_card', amount: p.amount, giftCardId: p.gift_card_id ?? undefined };
      case 'external':
        return { method: 'external', amount: p.amount, reference: p.reference ?? 'x' };
      default:
        return { method: 'cash', amount: p.amount };
    }
  });
}

interface KnownCard {
  readonly id: string;
  readonly current_balance: number;
}

/** The gift cards this desk's copy holds, in id order (the same order at every desk). */
function knownCards(target: PropertyDesk): Promise<KnownCard[]> {
  return target.desk.db
    .selectFrom('gift_cards')
    .select(['id', 'current_balance'])
    .orderBy('id')
    .execute();
}

/**
 * A product sale paid by two tenders: `share` percent by the card (an external voucher
 * without one), the rest in cash. Over half with a card: staff use up what this desk
 * believes is on it, so desks offline together overspend it (the server keeps every sale
 * and flags the card).
 */
function splitSaleCall(
  catalogue: Catalogue,
  quantity: number,
  share: number,
  card: KnownCard | undefined,
): Call {
  const total = catalogue.productPrice * quantity;
  const part = Math.max(1, Math.min(total - 1, Math.floor((total * share) / 100)));
  const fromCard =
    card && share > 50 && card.current_balance > 0
      ? Math.min(card.current_balance, total - 1)
      : part;
  const second = card
    ? { method: 'gift_card', amount: fromCard, giftCardId: card.id }
    : { method: 'external', amount: part, reference: 'voucher' };
  return {
    name: 'pos.sale',
    args: {
      lines: [
        {
          kind: 'product',
          productId: catalogue.productId,
          quantity,
          unitPrice: catalogue.productPrice,
        },
      ],
      tenders: [second, { method: 'cash', amount: total - second.amount, tendered: total }],
    },
  };
}

async function callFor(
  op: ReportDayOperation,
  target: PropertyDesk,
  catalogue: Catalogue,
  tally: ReportDayTally,
): Promise<Call | undefined> {
  switch (op.kind) {
    case 'splitSale': {
      const cards = await knownCards(target);
      const card = op.card === null ? undefined : nth(cards, op.card);
      return splitSaleCall(catalogue, op.quantity, op.share, card);
    }
    case 'giftCardSell':
      return {
        name: 'giftCard.sell',
        args: {
          amount: op.amount,
          tenders: [{ method: 'cash', amount: op.amount, tendered: op.amount }],
        },
      };
    case 'packSell':
      return {
        name: 'pack.sell',
        args: {
          memberId: nth(catalogue.memberIds, op.member),
          packDefinitionId: catalogue.packDefinitionId,
          unitPrice: catalogue.packPrice,
          tenders: [{ method: 'cash', amount: catalogue.packPrice, tendered: catalogue.packPrice }],
        },
      };
    case 'packBook': {
      const memberId = nth(catalogue.memberIds, op.member) ?? '';
      const pack = await chosenPack(target, memberId);
      if (!pack) return undefined;
      return {
        name: 'booking.book',
        args: {
          classId: nth(catalogue.classIds, op.klass),
          memberId,
          paidBy: { method: 'pack', packId: pack.id },
        },
      };
    }
    case 'refund':
    case 'void': {
      const order = await returnableOrder(target, op.order);
      if (!order) return undefined;
      const reason = 'changed their mind';
      return op.kind === 'void'
        ? { name: 'pos.void', args: { orderId: order.id, reason } }
        : {
            name: 'pos.refund',
            args: { orderId: order.id, tenders: await mirroredTenders(target, order.id), reason },
          };
    }
    case 'drawerMove': {
      const amount = op.paidIn ? op.amount : -op.amount;
      return {
        name: 'drawer.move',
        args: {
          type: op.paidIn ? 'paid_in' : 'paid_out',
          amount: op.amount,
          reason: op.paidIn ? 'change from the bank' : 'flowers for the lobby',
        },
        afterwards: (result) => {
          tally.moved((result as { sessionId: string }).sessionId, amount);
        },
      };
    }
    case 'drawerClose':
      return { name: 'drawer.close', args: { countedAmount: op.counted } };
    default:
      return undefined;
  }
}

async function attempt(
  target: PropertyDesk,
  catalogue: Catalogue,
  call: Call,
  tally: ReportDayTally,
): Promise<unknown> {
  try {
    const done = await runDeskMutation(target.desk, catalogue.ownerId, call.name, call.args);
    tally.accepted++;
    call.afterwards?.(done.result);
    return done.result;
  } catch (error) {
    if (!(error instanceof MutationRefusal)) throw error;
    tally.refused++;
    return undefined;
  }
}

async function cardRush(
  op: Extract<ReportDayOperation, { kind: 'cardRush' }>,
  desks: readonly PropertyDesk[],
  catalogue: Catalogue,
  tally: ReportDayTally,
): Promise<void> {
  const known = await Promise.all(desks.map(knownCards));
  const everywhere = (known[0] ?? []).filter((card) =>
    known.every((cards) => cards.some((c) => c.id === card.id)),
  );
  const chosen = nth(everywhere, op.card);
  if (!chosen) return;
  for (const [index, target] of desks.entries()) {
    const card = known[index]?.find((c) => c.id === chosen.id);
    await attempt(target, catalogue, splitSaleCall(catalogue, op.quantity, 100, card), tally);
  }
}

/** Runs one operation at its desk (as the owner); a refusal writes nothing and is counted. */
export async function runReportDayOperation(
  op: ReportDayOperation,
  desks: readonly PropertyDesk[],
  catalogue: Catalogue,
  clock: TestClock,
  tally: ReportDayTally,
): Promise<void> {
  // Every step takes a second, so no two of a desk's mutations share an instant.
  clock.advance(op.kind === 'later' ? op.minutes * 60_000 : 1000);
  if (op.kind === 'later') return;
  if (op.kind === 'cardRush') {
    await cardRush(op, desks, catalogue, tally);
    return;
  }
  const target = nth(desks, op.desk);
  if (!target) throw new Error('a run has at least one desk');
  const call = await callFor(op, target, catalogue, tally);
  if (!call) {
    await syncStep(op, target);
    return;
  }
  const done = await attempt(target, catalogue, call, tally);
  if (done !== undefined && op.kind === 'drawerClose') {
    clock.advance(1000);
    await runDeskMutation(target.desk, catalogue.ownerId, 'drawer.open', { openingFloat: 10_000 });
  }
}
