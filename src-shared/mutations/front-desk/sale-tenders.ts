import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';
import { deskOnly, takeIds } from './desk-rules';
import { addCashMovement, openDrawerSession } from './drawer-ledger';
import {
  issueGiftCard,
  postGiftCardEntry,
  spendGiftCard,
  usableGiftCard,
} from './gift-card-ledger';
import { cardDetailsSchema } from './card-details';
import { positiveMoneySchema } from './front-desk-schemas';

const paymentIntentId = z.string().trim().min(3).max(255);
const reference = z.string().trim().min(1).max(200);

/**
 * How a sale is paid; tenders must add up to the total. Cash names what was handed over
 * (change is the difference); a card tender names the Stripe payment intent the terminal
 * captured, with the card's brand and last 4 digits when Stripe reported them (kept so a
 * refund can name the card); external tenders carry a reference.
 */
export const saleTenderSchema = z.discriminatedUnion('method', [
  z
    .strictObject({
      method: z.literal('cash'),
      amount: positiveMoneySchema,
      tendered: positiveMoneySchema,
    })
    .refine((t) => t.tendered >= t.amount, 'the cash handed over must cover the amount'),
  z.strictObject({
    method: z.literal('gift_card'),
    amount: positiveMoneySchema,
    giftCardId: z.uuid(),
  }),
  z.strictObject({
    method: z.literal('card'),
    amount: positiveMoneySchema,
    paymentIntentId,
    // Which card paid, as Stripe's capture reported it; absent when it did not say.
    card: cardDetailsSchema.optional(),
  }),
  z.strictObject({ method: z.literal('external'), amount: positiveMoneySchema, reference }),
]);

/**
 * How money goes back on a refund or void. A gift card tender without a card issues a new
 * one (store credit). A card refund is recorded as pending: the card network is asked by
 * the Stripe integration (a later issue).
 */
export const refundTenderSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('cash'), amount: positiveMoneySchema }),
  z.strictObject({
    method: z.literal('gift_card'),
    amount: positiveMoneySchema,
    giftCardId: z.uuid().optional(),
  }),
  z.strictObject({ method: z.literal('card'), amount: positiveMoneySchema, paymentIntentId }),
  z.strictObject({ method: z.literal('external'), amount: positiveMoneySchema, reference }),
]);

export type SaleTender = z.infer<typeof saleTenderSchema>;
export type RefundTender = z.infer<typeof refundTenderSchema>;

/** The ids one tender may need: its payment, a ledger row, and a store-credit card. */
export interface TenderIds {
  readonly paymentId: string;
  readonly entryId: string;
  readonly cardId: string;
}

/**
 * Draws the ids of `count` tenders, used or not, so the count never depends on the data.
 * All ids of a mutation share its millisecond, so they sort by their random bits: the
 * payment ids are sorted to make id order the order the tenders were given in.
 */
export function drawTenderIds(ctx: MutationContext, count: number): TenderIds[] {
  const paymentIds = takeIds(ctx, count).sort();
  return paymentIds.map((paymentId) => ({ paymentId, entryId: ctx.newId(), cardId: ctx.newId() }));
}

type PaymentRow = Database['payments'];

interface TenderSetting {
  readonly orderId: string;
  readonly memberId: string | null;
  readonly ids: readonly TenderIds[];
}

function idsFor(setting: TenderSetting, index: number): TenderIds {
  const ids = setting.ids[index];
  if (ids === undefined) throw new Error(`tender ${index} has no ids drawn for it`);
  return ids;
}

function paymentRow(
  ctx: MutationContext,
  setting: TenderSetting,
  id: string,
  drawerSessionId: string | null,
): Omit<PaymentRow, 'method' | 'amount'> {
  return {
    id,
    tenant_id: ctx.tenantId,
    order_id: setting.orderId,
    tendered_amount: null,
    change_amount: 0,
    gift_card_id: null,
    reference: null,
    stripe_payment_intent_id: null,
    card_brand: null,
    card_last4: null,
    status: 'succeeded',
    // Every tender taken while this desk's drawer is open counts in its X/Z report.
    drawer_session_id: drawerSessionId,
    staff_id: ctx.actor.memberId,
    device_id: ctx.deviceId,
    created_at: ctx.at,
  };
}

export function tenderTotal(tenders: readonly { readonly amount: number }[]): number {
  return tenders.reduce((sum, t) => sum + t.amount, 0);
}

async function drawerFor(ctx: MutationContext, needsCash: boolean) {
  const session = await openDrawerSession(ctx.db, ctx.tenantId, ctx.deviceId);
  deskOnly(
    ctx,
    !needsCash || session !== undefined,
    'open the cash drawer first: cash goes through it',
  );
  return session ?? null;
}

/** Records the tenders of a sale; returns the change due in cash. */
export async function recordSaleTenders(
  ctx: MutationContext,
  setting: TenderSetting,
  tenders: readonly SaleTender[],
): Promise<number> {
  const session = await drawerFor(
    ctx,
    tenders.some((t) => t.method === 'cash'),
  );
  let change = 0;
  for (const [index, tender] of tenders.entries()) {
    const { paymentId, entryId: movementId } = idsFor(setting, index);
    const base = paymentRow(ctx, setting, paymentId, session?.id ?? null);
    switch (tender.method) {
      case 'cash': {
        const due = tender.tendered - tender.amount;
        change += due;
        await ctx.db
          .insertInto('payments')
          .values({
            ...base,
            method: 'cash',
            amount: tender.amount,
            tendered_amount: tender.tendered,
            change_amount: due,
          })
          .execute();
        if (session) {
          await addCashMovement(ctx, {
            id: movementId,
            sessionId: session.id,
            type: 'sale',
            amount: tender.amount,
            reason: null,
            paymentId,
          });
        }
        break;
      }
      case 'gift_card': {
        const card = await usableGiftCard(ctx, tender.giftCardId);
        // The payment first: the ledger row names the order the redemption paid.
        await ctx.db
          .insertInto('payments')
          .values({ ...base, method: 'gift_card', amount: tender.amount, gift_card_id: card.id })
          .execute();
        await spendGiftCard(ctx, {
          card,
          amount: tender.amount,
          entryId: movementId,
          type: 'redeem',
          orderId: setting.orderId,
          memberId: setting.memberId,
        });
        break;
      }
      case 'card':
        await ctx.db
          .insertInto('payments')
          .values({
            ...base,
            method: 'card',
            amount: tender.amount,
            stripe_payment_intent_id: tender.paymentIntentId,
            card_brand: tender.card?.brand ?? null,
            card_last4: tender.card?.last4 ?? null,
          })
          .execute();
        break;
      case 'external':
        await ctx.db
          .insertInto('payments')
          .values({
            ...base,
            method: 'external',
            amount: tender.amount,
            reference: tender.reference,
          })
          .execute();
        break;
    }
  }
  return change;
}

/**
 * Records money given back: negative payments on the order, cash out of this desk's
 * drawer, gift card credit through the card's ledger. Returns the codes of store-credit
 * cards issued.
 */
export async function recordRefundTenders(
  ctx: MutationContext,
  setting: TenderSetting,
  tenders: readonly RefundTender[],
): Promise<{ readonly giftCardId: string; readonly code: string }[]> {
  const session = await drawerFor(
    ctx,
    tenders.some((t) => t.method === 'cash'),
  );
  const issued: { giftCardId: string; code: string }[] = [];
  for (const [index, tender] of tenders.entries()) {
    const { paymentId, entryId, cardId } = idsFor(setting, index);
    const base = paymentRow(ctx, setting, paymentId, session?.id ?? null);
    const amount = -tender.amount;
    switch (tender.method) {
      case 'cash':
        await ctx.db
          .insertInto('payments')
          .values({ ...base, method: 'cash', amount })
          .execute();
        if (session) {
          await addCashMovement(ctx, {
            id: entryId,
            sessionId: session.id,
            type: 'refund',
            amount,
            reason: null,
            paymentId,
          });
        }
        break;
      case 'gift_card': {
        let giftCardId = tender.giftCardId;
        if (giftCardId === undefined) {
          const card = await issueGiftCard(ctx, {
            cardId,
            entryId,
            amount: tender.amount,
            entryType: 'refund',
            orderId: setting.orderId,
            buyerMemberId: null,
            recipientMemberId: setting.memberId,
          });
          issued.push({ giftCardId: card.id, code: card.code });
          giftCardId = card.id;
        } else {
          const card = await usableGiftCard(ctx, giftCardId);
          await postGiftCardEntry(ctx, {
            id: entryId,
            giftCardId: card.id,
            amount: tender.amount,
            type: 'refund',
            orderId: setting.orderId,
          });
        }
        await ctx.db
          .insertInto('payments')
          .values({ ...base, method: 'gift_card', amount, gift_card_id: giftCardId })
          .execute();
        break;
      }
      case 'card':
        await ctx.db
          .insertInto('payments')
          .values({
            ...base,
            method: 'card',
            amount,
            status: 'pending',
            stripe_payment_intent_id: tender.paymentIntentId,
          })
          .execute();
        break;
      case 'external':
        await ctx.db
          .insertInto('payments')
          .values({ ...base, method: 'external', amount, reference: tender.reference })
          .execute();
        break;
    }
  }
  return issued;
}
