import { syncOnce } from '../../src-main/sync/sync-engine';
import { deskChecksums } from '../../src-main/sync/verify-and-repair';
import type { ServerOnlyTables } from '../../sync-server/db/server-tables';
import type { Catalogue, PropertyDesk, PropertyServer } from './property-world';

/** What one mutation the desk accepted must do at the server, once. */
export interface AcceptedMutation {
  readonly mutationId: string;
  readonly name: string;
  readonly orderId?: string | undefined;
  readonly giftCardDelta?: { readonly giftCardId: string; readonly delta: number };
  readonly pack?: { readonly packId: string; readonly credits: number };
  readonly booking?: { readonly classId: string; readonly memberId: string };
}

/**
 * The model: every mutation a desk accepted, with the effects it must have. The server
 * re-runs each on newer data, but these effects do not depend on it: a sale is an order, a
 * card moves by its amount (an overdraft is recorded, not refused), a member is in a class
 * once however many desks booked them.
 */
export class DeskModel {
  readonly accepted: AcceptedMutation[] = [];
  readonly refusals = new Map<string, number>();
  /** Desk folders restored from a snapshot, and mutations the restores threw away. */
  restores = 0;
  forgotten = 0;

  accept(mutation: AcceptedMutation): void {
    this.accepted.push(mutation);
  }

  /** A mutation lost with a desk folder restored from an older copy (desk-restores.ts). */
  forget(mutationId: string): void {
    const index = this.accepted.findIndex((m) => m.mutationId === mutationId);
    if (index >= 0) this.accepted.splice(index, 1);
    this.forgotten++;
  }

  refuse(name: string, code: string): void {
    const key = `${name}:${code}`;
    this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
  }

  orderIds(): string[] {
    return this.accepted.flatMap((m) => (m.orderId === undefined ? [] : [m.orderId])).sort();
  }

  giftCardBalances(): Map<string, number> {
    const balances = new Map<string, number>();
    for (const { giftCardDelta: d } of this.accepted) {
      if (d) balances.set(d.giftCardId, (balances.get(d.giftCardId) ?? 0) + d.delta);
    }
    return balances;
  }

  packIds(): string[] {
    return this.accepted.flatMap((m) => (m.pack ? [m.pack.packId] : [])).sort();
  }

  /** A member checked in to a class by two offline desks is one booking and one credit. */
  bookedPairs(): string[] {
    const pairs = this.accepted.flatMap((m) =>
      m.booking ? [`${m.booking.classId}/${m.booking.memberId}`] : [],
    );
    return [...new Set(pairs)].sort();
  }
}

const same = (a: readonly unknown[], b: readonly unknown[]) =>
  JSON.stringify(a) === JSON.stringify(b);

/** Every desk pushes and pulls until all hold the server's state (two rounds suffice). */
export async function finalSync(desks: readonly PropertyDesk[]): Promise<void> {
  for (let round = 0; round < 2; round++) {
    for (const d of desks) await syncOnce(d.desk, d.transport);
  }
}

/**
 * Compares the world with the model after a final sync; returns what differs, in words.
 * Convergence: every desk's table checksums equal the server's. Exactly once: each accepted
 * mutation id is applied once in the server's log and nothing else is, each order exists
 * once, whatever restores from snapshots happened. Ledgers: a card's balance is the sum of its ledger and what the model expects; a
 * pack's credits are its initial credits less the bookings that used it.
 */
export async function compareWithModel(
  server: PropertyServer,
  catalogue: Catalogue,
  desks: readonly PropertyDesk[],
  model: DeskModel,
): Promise<string[]> {
  const problems: string[] = [];
  const db = server.handle.db;
  const tenantId = catalogue.tenantId;
  const first = desks[0];
  if (!first) return ['no desks'];

  const serverSums = (await first.transport.checksums()).tables;
  for (const d of desks) {
    const local = deskChecksums(d.desk);
    for (const table of serverSums) {
      const mine = local.find((t) => t.table === table.table);
      if (mine?.checksum !== table.checksum || mine.rows !== table.rows)
        problems.push(`${d.name} differs from the server in ${table.table}`);
    }
  }

  const outboxIds: string[] = [];
  for (const d of desks) {
    const entries = await d.desk.db.selectFrom('desk_outbox').select(['id', 'status']).execute();
    for (const entry of entries) {
      if (entry.status !== 'applied')
        problems.push(`${d.name} outbox entry ${entry.id} is ${entry.status}`);
      outboxIds.push(entry.id);
    }
  }
  const log = await db
    .withTables<ServerOnlyTables>()
    .selectFrom('mutation_log')
    .select(['mutation_id', 'outcome', 'code'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const applied = log.filter((r) => r.outcome === 'applied').map((r) => r.mutation_id);
  const appliedOnce = new Set(applied);
  if (appliedOnce.size !== applied.length)
    problems.push(`${applied.length - appliedOnce.size} mutations were applied twice`);
  // A re-send (a restored desk's renumbered entry) is logged as refused `duplicate` (R3.8).
  for (const refused of log.filter((r) => r.outcome === 'refused' && r.code !== 'duplicate'))
    problems.push(`the server refused ${refused.mutation_id}: ${refused.code ?? ''}`);
  const modelIds = new Set(model.accepted.map((m) => m.mutationId));
  const outboxSet = new Set(outboxIds);
  for (const id of outboxIds)
    if (!appliedOnce.has(id)) problems.push(`outbox entry ${id} was never applied`);
  for (const id of modelIds)
    if (!appliedOnce.has(id)) problems.push(`accepted mutation ${id} was never applied`);
  // A restored desk no longer lists what it sent after its snapshot; the model still does.
  for (const id of appliedOnce)
    if (!modelIds.has(id) && !outboxSet.has(id)) problems.push(`the server applied ${id} unasked`);
  const unexplained = outboxIds.filter((id) => !modelIds.has(id));
  // Each desk's outbox starts with its drawer.open; everything else is an accepted operation.
  if (unexplained.length !== desks.length)
    problems.push(`${unexplained.length - desks.length} outbox entries the model never accepted`);

  const orders = await db
    .selectFrom('pos_orders')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
  if (
    !same(
      orders.map((o) => o.id),
      model.orderIds(),
    )
  )
    problems.push(`the server holds ${orders.length} orders, the model ${model.orderIds().length}`);

  const cards = await db
    .selectFrom('gift_cards')
    .select(['id', 'current_balance'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const ledger = await db
    .selectFrom('gift_card_transactions')
    .select(['gift_card_id', (e) => e.fn.sum<number | string>('amount').as('total')])
    .where('tenant_id', '=', tenantId)
    .groupBy('gift_card_id')
    .execute();
  const expected = model.giftCardBalances();
  if (cards.length !== expected.size)
    problems.push(`the server holds ${cards.length} gift cards, the model ${expected.size}`);
  for (const card of cards) {
    // Postgres sums integers as bigint, which node-postgres hands over as text.
    const total = Number(ledger.find((l) => l.gift_card_id === card.id)?.total ?? 0);
    if (total !== card.current_balance)
      problems.push(`gift card ${card.id}: balance ${card.current_balance}, ledger ${total}`);
    if (expected.get(card.id) !== card.current_balance)
      problems.push(
        `gift card ${card.id}: balance ${card.current_balance}, model ${expected.get(card.id)}`,
      );
  }

  const packs = await db
    .selectFrom('purchased_packs')
    .select(['id', 'initial_credits', 'remaining_credits'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
  if (
    !same(
      packs.map((p) => p.id),
      model.packIds(),
    )
  )
    problems.push(`the server holds ${packs.length} packs, the model ${model.packIds().length}`);
  const bookings = await db
    .selectFrom('bookings')
    .select(['class_id', 'member_id', 'used_pack_id', 'status'])
    .where('tenant_id', '=', tenantId)
    .execute();
  for (const pack of packs) {
    const used = bookings.filter((b) => b.used_pack_id === pack.id && b.status !== 'cancelled');
    if (pack.remaining_credits !== pack.initial_credits - used.length)
      problems.push(
        `pack ${pack.id}: ${pack.remaining_credits} credits left after ${used.length} of ${pack.initial_credits}`,
      );
  }
  const pairs = bookings.map((b) => `${b.class_id}/${b.member_id}`).sort();
  if (!same(pairs, model.bookedPairs()))
    problems.push(
      `the server holds ${pairs.length} bookings, the model ${model.bookedPairs().length}`,
    );
  return problems;
}
