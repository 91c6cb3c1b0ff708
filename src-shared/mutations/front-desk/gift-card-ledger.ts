import { sql, type Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';
import { giftCardTakers } from './breach-parties';
import { deskOnly, found } from './desk-rules';
import { giftCardCode } from './short-codes';

/**
 * Gift card balances move only here, and only together with a ledger row: the balance is
 * changed relatively (`current_balance + amount`), never set, so the server re-running a
 * desk's redemption on a newer balance converges, and `current_balance` always equals the
 * sum of the card's gift_card_transactions.
 */

type GiftCardRow = Database['gift_cards'];
type EntryType = Database['gift_card_transactions']['type'];

export function findGiftCard(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<GiftCardRow | undefined> {
  return db
    .selectFrom('gift_cards')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Codes are matched case-insensitively, through the tenant's lower(code) index. */
export function findGiftCardByCode(
  db: Kysely<Database>,
  tenantId: string,
  code: string,
): Promise<GiftCardRow | undefined> {
  return db
    .selectFrom('gift_cards')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(sql<string>`lower(code)`, '=', code.trim().toLowerCase())
    .executeTakeFirst();
}

export interface GiftCardEntry {
  readonly id: string;
  readonly giftCardId: string;
  /** Signed: into the card is positive. */
  readonly amount: number;
  readonly type: EntryType;
  readonly orderId: string | null;
}

export async function postGiftCardEntry(ctx: MutationContext, entry: GiftCardEntry): Promise<void> {
  await ctx.db
    .updateTable('gift_cards')
    .set((eb) => ({ current_balance: eb('current_balance', '+', entry.amount) }))
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', entry.giftCardId)
    .execute();
  await ctx.db
    .insertInto('gift_card_transactions')
    .values({
      id: entry.id,
      tenant_id: ctx.tenantId,
      gift_card_id: entry.giftCardId,
      amount: entry.amount,
      type: entry.type,
      order_id: entry.orderId,
      staff_id: ctx.actor.memberId,
      device_id: ctx.deviceId,
      created_at: ctx.at,
    })
    .execute();
}

export interface NewGiftCard {
  readonly cardId: string;
  readonly entryId: string;
  readonly amount: number;
  /** 'issue' for a card sold, 'refund' for store credit given back on a refund. */
  readonly entryType: 'issue' | 'refund';
  readonly orderId: string | null;
  readonly buyerMemberId: string | null;
  readonly recipientMemberId: string | null;
}

/**
 * Creates a card with a fresh code and loads it through the ledger. A code already taken
 * in the tenant (1 in 2^40 per card) moves to the next attempt; both sides see the same
 * cards of their own, so they pick the same code unless another desk's card arrived in
 * between, in which case the server's code is the one that syncs back.
 */
export async function issueGiftCard(
  ctx: MutationContext,
  card: NewGiftCard,
): Promise<{ readonly id: string; readonly code: string }> {
  let attempt = 0;
  let code = giftCardCode(card.cardId, attempt);
  while (await findGiftCardByCode(ctx.db, ctx.tenantId, code)) {
    code = giftCardCode(card.cardId, ++attempt);
  }
  await ctx.db
    .insertInto('gift_cards')
    .values({
      id: card.cardId,
      tenant_id: ctx.tenantId,
      code,
      initial_balance: card.amount,
      // Zero until the ledger entry below loads it: the balance only ever moves with a row.
      current_balance: 0,
      buyer_member_id: card.buyerMemberId,
      recipient_member_id: card.recipientMemberId,
      status: 'active',
      expires_at: null,
      created_at: ctx.at,
    })
    .execute();
  await postGiftCardEntry(ctx, {
    id: card.entryId,
    giftCardId: card.cardId,
    amount: card.amount,
    type: card.entryType,
    orderId: card.orderId,
  });
  return { id: card.cardId, code };
}

/** The card a tender or line names, usable for taking money in or out at the desk. */
export async function usableGiftCard(ctx: MutationContext, id: string): Promise<GiftCardRow> {
  const card = found(await findGiftCard(ctx.db, ctx.tenantId, id), `gift card ${id}`);
  deskOnly(ctx, card.status === 'active', `gift card ${card.code} is disabled`);
  deskOnly(
    ctx,
    card.expires_at === null || card.expires_at > ctx.at,
    `gift card ${card.code} expired on ${card.expires_at ?? ''}`,
  );
  return card;
}

/**
 * Takes money off a card. Offline desks may both spend the same balance: the desk refuses
 * an overdraft on its copy, the server records it (negative balance) and raises
 * gift_card_overdrawn with the overdrawn amount.
 */
export async function spendGiftCard(
  ctx: MutationContext,
  spend: {
    readonly card: GiftCardRow;
    readonly amount: number;
    readonly entryId: string;
    readonly type: 'redeem' | 'adjustment';
    readonly orderId: string;
    readonly memberId: string | null;
  },
): Promise<void> {
  const { card, amount } = spend;
  await ctx.require(card.current_balance >= amount, {
    kind: 'gift_card_overdrawn',
    message: `gift card ${card.code} holds ${card.current_balance}, ${amount} was taken off it`,
    memberId: spend.memberId ?? card.recipient_member_id ?? card.buyer_member_id,
    amount: amount - Math.max(card.current_balance, 0),
    subjectId: card.id,
    parties: giftCardTakers(ctx, card, amount),
  });
  await postGiftCardEntry(ctx, {
    id: spend.entryId,
    giftCardId: card.id,
    amount: -amount,
    type: spend.type,
    orderId: spend.orderId,
  });
}
