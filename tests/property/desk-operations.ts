import fc from 'fast-check';
import { z } from 'zod';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { pullChanges, pushOutbox, syncOnce } from '../../src-main/sync/sync-engine';
import { deskChecksums } from '../../src-main/sync/verify-and-repair';
import { SyncOfflineError } from '../../src-main/sync/sync-transport';
import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import { restoreDesk, snapshotDesk } from './desk-restores';
import type { Catalogue, PropertyDesk, PropertyServer } from './property-world';
import type { AcceptedMutation, DeskModel } from './property-model';

/**
 * The operations of a run, as plain data so fast-check can shrink them. Entities a desk
 * must already know (a gift card, a member's pack) are picked by index among the rows of
 * that desk's own copy, so an operation means something whatever ran before it.
 */
export type DeskOperation =
  | { readonly kind: 'cashSale'; readonly desk: number; readonly quantity: number }
  | { readonly kind: 'giftCardSell'; readonly desk: number; readonly amount: number }
  | {
      readonly kind: 'giftCardReload';
      readonly desk: number;
      readonly card: number;
      readonly amount: number;
    }
  | {
      readonly kind: 'giftCardRedeem';
      readonly desk: number;
      readonly card: number;
      readonly quantity: number;
    }
  | { readonly kind: 'packSell'; readonly desk: number; readonly member: number }
  | {
      readonly kind: 'packCheckIn';
      readonly desk: number;
      readonly member: number;
      readonly klass: number;
    }
  | { readonly kind: 'push' | 'pull' | 'sync' | 'lostPush'; readonly desk: number }
  /** Back up the desk's folder (R3.8). */
  | { readonly kind: 'snapshot'; readonly desk: number }
  /**
   * Restore the folder from its backup; `syncFirst`: after the desk sent what it did since,
   * so the server holds seqs the restored copy will number again.
   */
  | { readonly kind: 'restore'; readonly desk: number; readonly syncFirst: boolean }
  /** A change too large to ever push: refused at the desk, nothing recorded (R3.6). */
  | { readonly kind: 'oversized'; readonly desk: number; readonly kib: number };

const desk = fc.nat({ max: 2 });
const pick = fc.nat({ max: 7 });
const amount = fc.integer({ min: 1, max: 40 }).map((hundreds) => hundreds * 100);
const quantity = fc.integer({ min: 1, max: 12 });

export const deskOperation: fc.Arbitrary<DeskOperation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cashSale'), desk, quantity }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('giftCardSell'), desk, amount }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('giftCardReload'), desk, card: pick, amount }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('giftCardRedeem'), desk, card: pick, quantity }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('packSell'), desk, member: pick }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('packCheckIn'), desk, member: pick, klass: pick }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constantFrom('push', 'pull', 'sync', 'lostPush'),
      desk,
    }),
  },
  // On the first desk only, so a restore often follows a snapshot of the same desk.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('snapshot'), desk: fc.constant(0) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('restore'),
      desk: fc.constant(0),
      syncFirst: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('oversized'),
      desk,
      kib: fc.integer({ min: 257, max: 1024 }),
    }),
  },
);

export interface PropertyRun {
  readonly deskCount: number;
  readonly operations: readonly DeskOperation[];
}

export function propertyRun(maxOperations: number): fc.Arbitrary<PropertyRun> {
  return fc.record({
    deskCount: fc.integer({ min: 2, max: 3 }),
    operations: fc.array(deskOperation, { minLength: 8, maxLength: maxOperations }),
  });
}

interface Call {
  readonly name: string;
  readonly args: unknown;
  /** Builds the model's record of the call from the desk's result once it committed. */
  readonly effects: (result: SaleOutcome) => Omit<AcceptedMutation, 'mutationId' | 'name'>;
}

/** The parts of a mutation's result the model keeps (SaleResult, or a booking's). */
const saleOutcomeSchema = z.object({
  orderId: z.string().optional(),
  giftCards: z.array(z.object({ giftCardId: z.string() })).optional(),
  packIds: z.array(z.string()).optional(),
});
type SaleOutcome = z.infer<typeof saleOutcomeSchema>;

function at<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

/** The pack a member books with, as staff would choose: one with credits left, else any. */
export async function chosenPack(target: PropertyDesk, memberId: string) {
  const packs = await target.desk.db
    .selectFrom('purchased_packs')
    .select(['id', 'remaining_credits'])
    .where('member_id', '=', memberId)
    .orderBy('id')
    .execute();
  return packs.find((p) => p.remaining_credits > 0) ?? packs[0];
}

/** The call an operation makes at its desk, or undefined when the desk has nothing to act on. */
async function callFor(
  op: DeskOperation,
  target: PropertyDesk,
  catalogue: Catalogue,
): Promise<Call | undefined> {
  const db = target.desk.db;
  const productLine = (n: number) => ({
    kind: 'product',
    productId: catalogue.productId,
    quantity: n,
    unitPrice: catalogue.productPrice,
  });
  const cards = () => db.selectFrom('gift_cards').select('id').orderBy('id').execute();
  switch (op.kind) {
    case 'cashSale': {
      const total = catalogue.productPrice * op.quantity;
      return {
        name: 'pos.sale',
        args: {
          lines: [productLine(op.quantity)],
          tenders: [{ method: 'cash', amount: total, tendered: total + 500 }],
        },
        effects: (r) => ({ orderId: r.orderId }),
      };
    }
    case 'giftCardSell':
      return {
        name: 'giftCard.sell',
        args: {
          amount: op.amount,
          tenders: [{ method: 'cash', amount: op.amount, tendered: op.amount }],
        },
        effects: (r) => ({
          orderId: r.orderId,
          giftCardDelta: { giftCardId: r.giftCards?.[0]?.giftCardId ?? '', delta: op.amount },
        }),
      };
    case 'giftCardReload': {
      const card = at(await cards(), op.card);
      if (!card) return undefined;
      return {
        name: 'giftCard.reload',
        args: {
          giftCardId: card.id,
          amount: op.amount,
          tenders: [{ method: 'cash', amount: op.amount, tendered: op.amount }],
        },
        effects: (r) => ({
          orderId: r.orderId,
          giftCardDelta: { giftCardId: card.id, delta: op.amount },
        }),
      };
    }
    case 'giftCardRedeem': {
      const card = at(await cards(), op.card);
      if (!card) return undefined;
      const total = catalogue.productPrice * op.quantity;
      return {
        name: 'pos.sale',
        args: {
          lines: [productLine(op.quantity)],
          tenders: [{ method: 'gift_card', amount: total, giftCardId: card.id }],
        },
        effects: (r) => ({
          orderId: r.orderId,
          giftCardDelta: { giftCardId: card.id, delta: -total },
        }),
      };
    }
    case 'packSell': {
      const memberId = at(catalogue.memberIds, op.member) ?? '';
      return {
        name: 'pack.sell',
        args: {
          memberId,
          packDefinitionId: catalogue.packDefinitionId,
          unitPrice: catalogue.packPrice,
          tenders: [{ method: 'cash', amount: catalogue.packPrice, tendered: catalogue.packPrice }],
        },
        effects: (r) => ({
          orderId: r.orderId,
          pack: { packId: r.packIds?.[0] ?? '', credits: catalogue.packCredits },
        }),
      };
    }
    case 'packCheckIn': {
      const memberId = at(catalogue.memberIds, op.member) ?? '';
      const classId = at(catalogue.classIds, op.klass) ?? '';
      const pack = await chosenPack(target, memberId);
      if (!pack) return undefined;
      return {
        name: 'booking.book',
        args: { classId, memberId, paidBy: { method: 'pack', packId: pack.id }, checkIn: true },
        effects: () => ({ booking: { classId, memberId } }),
      };
    }
    case 'oversized':
      return {
        name: 'member.update',
        args: { memberId: at(catalogue.memberIds, 0), notes: 'x'.repeat(op.kib * 1024) },
        effects: () => {
          throw new Error('a change over 256 KiB must be refused at the desk');
        },
      };
    default:
      return undefined;
  }
}

async function outboxSize(target: PropertyDesk): Promise<number> {
  const row = await target.desk.db
    .selectFrom('desk_outbox')
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** A sync step; being offline (a lost answer) is expected and leaves the desk as it was. */
export async function syncStep(op: { readonly kind: string }, target: PropertyDesk): Promise<void> {
  try {
    if (op.kind === 'push') await pushOutbox(target.desk, target.transport);
    else if (op.kind === 'pull') await pullChanges(target.desk, target.transport);
    else if (op.kind === 'sync') await syncOnce(target.desk, target.transport);
    else if (op.kind === 'lostPush') await pushOutbox(target.desk, target.lossyTransport);
  } catch (error) {
    if (!(error instanceof SyncOfflineError)) throw error;
  }
}

/**
 * Runs one operation at its desk and tells the model. A mutation the desk refuses (a card
 * short of money, a member already in class, a pack out of credits) must write nothing:
 * neither an outbox entry nor a row.
 */
export async function runOperation(
  op: DeskOperation,
  desks: readonly PropertyDesk[],
  catalogue: Catalogue,
  model: DeskModel,
  server: PropertyServer,
): Promise<void> {
  const target = desks[op.desk % desks.length];
  if (!target) throw new Error('a run has at least one desk');
  if (op.kind === 'snapshot') {
    snapshotDesk(target);
    return;
  }
  if (op.kind === 'restore') {
    if (op.syncFirst) await syncStep({ kind: 'sync' }, target);
    await restoreDesk(target, server, catalogue.tenantId, model);
    return;
  }
  const call = await callFor(op, target, catalogue);
  if (!call) {
    await syncStep(op, target);
    return;
  }
  const before = { outbox: await outboxSize(target), rows: deskChecksums(target.desk) };
  try {
    const done = await runDeskMutation(target.desk, catalogue.ownerId, call.name, call.args);
    model.accept({
      mutationId: done.mutationId,
      name: call.name,
      ...call.effects(saleOutcomeSchema.parse(done.result)),
    });
  } catch (error) {
    if (!(error instanceof MutationRefusal)) throw error;
    model.refuse(call.name, error.code);
    const after = { outbox: await outboxSize(target), rows: deskChecksums(target.desk) };
    if (
      after.outbox !== before.outbox ||
      JSON.stringify(after.rows) !== JSON.stringify(before.rows)
    )
      throw new Error(`${call.name} was refused (${error.message}) yet changed the desk`);
  }
}
