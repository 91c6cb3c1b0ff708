import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { appendAuditEntry } from '../../audit/audit-chain';
import type { MutationContext } from '../mutation-definition';
import {
  activeBookingOf,
  foldDuplicateBooking,
  insertBooking,
  requirePlace,
} from './booking-ledger';
import { applicableCoupon } from './coupon-rules';
import { deskOnly, found, takeIds } from './desk-rules';
import { issueGiftCard, postGiftCardEntry } from './gift-card-ledger';
import { promoteByDropIn } from './booking-waitlist';
import { startMembership } from './membership-sale';
import { payAppointment, payFee, payReviewBalance } from './sale-line-payments';
import { overrideReasonOf, resolveLine, saleLineSchema, type ResolvedLine } from './sale-lines';
import { priceCart, type CouponTerms, type LineAmounts } from './sale-pricing';
import { drawTenderIds, recordSaleTenders, saleTenderSchema, tenderTotal } from './sale-tenders';
import { receiptNumberFor } from './short-codes';
import { sellStock } from './stock-ledger';
import { readTenantSettings } from './tenant-settings';

/** Lines that sell to, or settle what is owed by, the sale's member. */
const MEMBER_LINES: ReadonlySet<string> = new Set([
  'class_pack',
  'drop_in',
  'membership',
  'fee',
  'appointment',
  'review_balance',
]);

export const saleArgsSchema = z
  .strictObject({
    memberId: z.uuid().optional(),
    locationId: z.uuid().optional(),
    couponCode: z.string().trim().min(1).max(64).optional(),
    lines: z.array(saleLineSchema).min(1).max(100),
    tenders: z.array(saleTenderSchema).max(10),
  })
  .refine(
    (sale) => sale.memberId !== undefined || sale.lines.every((l) => !MEMBER_LINES.has(l.kind)),
    {
      error:
        'class packs, drop-ins, memberships, fees, appointments and review balances are sold to a member',
      path: ['memberId'],
    },
  );

export type SaleArgs = z.infer<typeof saleArgsSchema>;

/** Ids each line draws besides its item's, for the rows its kind may create. */
const EFFECT_IDS_PER_LINE = 2;

export interface SaleResult {
  readonly orderId: string;
  readonly receiptNumber: string;
  readonly total: number;
  readonly changeDue: number;
  readonly giftCards: readonly { readonly giftCardId: string; readonly code: string }[];
  readonly packIds: readonly string[];
  readonly bookingIds: readonly string[];
  /** The memberships the sale started, one per membership line. */
  readonly subscriptionIds: readonly string[];
}

interface LineRecord {
  readonly orderId: string;
  readonly memberId: string | null;
  readonly locationId: string | null;
  readonly line: ResolvedLine;
  readonly amounts: LineAmounts;
  readonly itemId: string;
  readonly effectIds: readonly string[];
}

type ItemValues = Database['pos_order_items'];

function itemValues(ctx: MutationContext, record: LineRecord): ItemValues {
  const { line, amounts } = record;
  return {
    id: record.itemId,
    tenant_id: ctx.tenantId,
    order_id: record.orderId,
    kind: line.args.kind,
    product_id: line.args.kind === 'product' ? line.args.productId : null,
    pack_definition_id: line.args.kind === 'class_pack' ? line.args.packDefinitionId : null,
    gift_card_id: null,
    class_id: line.args.kind === 'drop_in' ? line.args.classId : null,
    member_fee_id: line.args.kind === 'fee' ? line.args.feeId : null,
    appointment_id: line.args.kind === 'appointment' ? line.args.appointmentId : null,
    review_item_id: line.args.kind === 'review_balance' ? line.args.reviewItemId : null,
    description: line.description,
    quantity: line.quantity,
    unit_price: line.unitPrice,
    discount_amount: amounts.discount,
    tax_amount: amounts.tax,
    line_total: amounts.total,
    refunded_quantity: 0,
  };
}

/** Writes one line and what it sells: stock out, a pack, a card's value, a place in class. */
async function recordLine(
  ctx: MutationContext,
  record: LineRecord,
  result: {
    giftCards: SaleResult['giftCards'][number][];
    packIds: string[];
    bookingIds: string[];
    subscriptionIds: string[];
  },
): Promise<void> {
  const { line, memberId, itemId } = record;
  const [firstId = '', secondId = ''] = record.effectIds;
  const item = itemValues(ctx, record);
  const args = line.args;
  switch (args.kind) {
    case 'product':
      await ctx.db.insertInto('pos_order_items').values(item).execute();
      await sellStock(ctx, {
        movementId: firstId,
        productId: args.productId,
        quantity: args.quantity,
        unitPrice: line.unitPrice,
        orderItemId: itemId,
        memberId,
      });
      return;
    case 'class_pack': {
      const definition = line.packDefinition;
      if (!definition || memberId === null)
        throw new Error('a pack line resolves with its definition');
      await ctx.db.insertInto('pos_order_items').values(item).execute();
      const expiresAt =
        definition.validity_days === null
          ? null
          : new Date(Date.parse(ctx.at) + definition.validity_days * 86_400_000).toISOString();
      await ctx.db
        .insertInto('purchased_packs')
        .values({
          id: firstId,
          tenant_id: ctx.tenantId,
          member_id: memberId,
          pack_definition_id: definition.id,
          initial_credits: definition.credits,
          remaining_credits: definition.credits,
          // What the member paid for the credits, after any coupon (liability per credit).
          member_price: record.amounts.gross - record.amounts.discount,
          order_id: record.orderId,
          expires_at: expiresAt,
          created_at: ctx.at,
        })
        .execute();
      result.packIds.push(firstId);
      return;
    }
    case 'gift_card': {
      if (args.giftCardId === undefined) {
        // The card first: the item points at it.
        const card = await issueGiftCard(ctx, {
          cardId: firstId,
          entryId: secondId,
          amount: args.amount,
          entryType: 'issue',
          orderId: record.orderId,
          buyerMemberId: memberId,
          recipientMemberId: args.recipientMemberId ?? null,
        });
        result.giftCards.push({ giftCardId: card.id, code: card.code });
        await ctx.db
          .insertInto('pos_order_items')
          .values({ ...item, gift_card_id: card.id, description: `Gift card ${card.code}` })
          .execute();
        return;
      }
      await ctx.db
        .insertInto('pos_order_items')
        .values({ ...item, gift_card_id: args.giftCardId })
        .execute();
      await postGiftCardEntry(ctx, {
        id: secondId,
        giftCardId: args.giftCardId,
        amount: args.amount,
        type: 'reload',
        orderId: record.orderId,
      });
      return;
    }
    case 'drop_in': {
      const klass = line.klass;
      if (!klass || memberId === null) throw new Error('a drop-in line resolves with its class');
      await ctx.db.insertInto('pos_order_items').values(item).execute();
      const existing = await activeBookingOf(ctx, klass.id, memberId);
      if (existing?.status === 'waitlisted') {
        // A waitlisted member buying a drop-in takes a place with it (R15.4).
        await promoteByDropIn(ctx, existing, klass);
        result.bookingIds.push(existing.id);
        return;
      }
      if (existing) {
        // Another desk booked the member first: the sale stands (the money was taken) and
        // the place is the one booking they hold; the owner sees what was paid twice (R9).
        await foldDuplicateBooking(ctx, {
          existing,
          aliasId: firstId,
          klass,
          how: `a drop-in sold on order ${record.orderId}`,
          amount: record.amounts.total,
        });
        result.bookingIds.push(existing.id);
        return;
      }
      await requirePlace(ctx, klass, memberId);
      await insertBooking(ctx, {
        id: firstId,
        klass,
        member_id: memberId,
        status: 'confirmed',
        payment_method: 'drop_in',
        used_pack_id: null,
        subscription_id: null,
        waitlistPosition: null,
        checkedIn: false,
      });
      result.bookingIds.push(firstId);
      return;
    }
    case 'membership': {
      const plan = line.plan;
      if (!plan || memberId === null) throw new Error('a membership line resolves with its plan');
      await ctx.db.insertInto('pos_order_items').values(item).execute();
      await startMembership(ctx, {
        subscriptionId: firstId,
        orderItemId: itemId,
        memberId,
        plan,
        startDate: args.startDate,
        locationId: record.locationId,
      });
      result.subscriptionIds.push(firstId);
      return;
    }
    case 'fee':
    case 'appointment': {
      await ctx.db.insertInto('pos_order_items').values(item).execute();
      const paid = { orderId: record.orderId, itemId, memberId, total: record.amounts.total };
      if (line.fee) await payFee(ctx, line.fee, paid);
      else if (line.appointment) await payAppointment(ctx, line.appointment, paid);
      else throw new Error(`a ${args.kind} line resolves with what it pays`);
      return;
    }
    case 'review_balance': {
      if (!line.reviewItem) throw new Error('a review balance line resolves with its item');
      await ctx.db.insertInto('pos_order_items').values(item).execute();
      const paid = { orderId: record.orderId, itemId, memberId, total: record.amounts.total };
      await payReviewBalance(ctx, line.reviewItem, { ...paid, entryId: firstId });
      return;
    }
  }
}

/**
 * Records a sale: the order, its lines and what they sell, the coupon's redemption, the
 * tenders and an audit entry for any price override. Every id is drawn up front in a fixed
 * order (R1.3), so desk and server write the same rows whatever the data says.
 */
export async function recordSale(ctx: MutationContext, args: SaleArgs): Promise<SaleResult> {
  const orderId = ctx.newId();
  // Sorted: ids drawn in one millisecond order by their random bits, and the receipt lists
  // items in id order, which is then the order they were rung up in.
  const itemIds = takeIds(ctx, args.lines.length).sort();
  const effectIds = args.lines.map(() => takeIds(ctx, EFFECT_IDS_PER_LINE));
  const redemptionId = ctx.newId();
  const tenderIds = drawTenderIds(ctx, args.tenders.length);
  const auditId = ctx.newId();

  const settings = await readTenantSettings(ctx.db, ctx.tenantId);
  const memberId = args.memberId ?? null;
  let userId: string | null = null;
  if (memberId !== null) {
    const member = found(
      await ctx.db
        .selectFrom('tenant_members')
        .select('user_id')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', memberId)
        .executeTakeFirst(),
      `member ${memberId}`,
    );
    userId = member.user_id;
  }
  if (args.locationId !== undefined) {
    found(
      await ctx.db
        .selectFrom('locations')
        .select('id')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', args.locationId)
        .executeTakeFirst(),
      `location ${args.locationId}`,
    );
  }
  const lines: ResolvedLine[] = [];
  for (const line of args.lines) lines.push(await resolveLine(ctx, line));
  const coupon =
    args.couponCode === undefined ? null : await applicableCoupon(ctx, args.couponCode);
  const terms: CouponTerms | null = coupon ? { type: coupon.type, value: coupon.value } : null;
  const amounts = priceCart(lines, terms, settings.taxRates);
  const paid = tenderTotal(args.tenders);
  deskOnly(
    ctx,
    paid === amounts.total,
    `the tenders add up to ${paid} but the sale comes to ${amounts.total}`,
    'invalid',
  );

  const receiptNumber = receiptNumberFor(orderId);
  await ctx.db
    .insertInto('pos_orders')
    .values({
      id: orderId,
      tenant_id: ctx.tenantId,
      member_id: memberId,
      staff_id: ctx.actor.memberId,
      location_id: args.locationId ?? null,
      device_id: ctx.deviceId,
      coupon_id: coupon?.id ?? null,
      subtotal_amount: amounts.subtotal,
      discount_amount: amounts.discount,
      tax_amount: amounts.tax,
      total_amount: amounts.total,
      status: 'completed',
      receipt_number: receiptNumber,
      created_at: ctx.at,
      completed_at: ctx.at,
    })
    .execute();
  const result: Parameters<typeof recordLine>[2] = {
    giftCards: [],
    packIds: [],
    bookingIds: [],
    subscriptionIds: [],
  };
  for (const [index, line] of lines.entries()) {
    await recordLine(
      ctx,
      {
        orderId,
        memberId,
        locationId: args.locationId ?? null,
        line,
        amounts: amounts.lines[index] ?? { gross: 0, discount: 0, tax: 0, total: 0 },
        itemId: itemIds[index] ?? '',
        effectIds: effectIds[index] ?? [],
      },
      result,
    );
  }
  if (coupon) {
    await ctx.db
      .insertInto('coupon_redemptions')
      .values({
        id: redemptionId,
        tenant_id: ctx.tenantId,
        coupon_id: coupon.id,
        user_id: userId,
        order_id: orderId,
        discount_amount: amounts.discount,
        redeemed_at: ctx.at,
      })
      .execute();
  }
  const changeDue = await recordSaleTenders(
    ctx,
    { orderId, memberId, ids: tenderIds },
    args.tenders,
  );
  const overridden = lines.filter((l) => overrideReasonOf(l.args) !== undefined);
  if (overridden.length > 0) {
    await appendAuditEntry(ctx, {
      id: auditId,
      action: 'pos.price_override',
      targetId: orderId,
      details: {
        receiptNumber,
        lines: overridden.map((l) => ({
          description: l.description,
          quantity: l.quantity,
          catalogPrice: l.catalogPrice,
          unitPrice: l.unitPrice,
          reason: overrideReasonOf(l.args) ?? '',
        })),
      },
    });
  }
  return { orderId, receiptNumber, total: amounts.total, changeDue, ...result };
}
