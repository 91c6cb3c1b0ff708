import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { MutationRefusal, type MutationContext } from '../mutation-definition';
import { deskOnly, found } from './desk-rules';
import { moneySchema, positiveMoneySchema, reasonSchema } from './front-desk-schemas';
import { hasAnyRole, PRICE_OVERRIDE_ROLES } from './front-desk-roles';
import { findGiftCard } from './gift-card-ledger';
import { studioDateSchema } from './membership-periods';
import { lookUpAppointment, lookUpFee, lookUpReviewBalance } from './sale-line-services';
import { requireSellable } from './retired-item-rules';
import type { PricingLine } from './sale-pricing';
import type { TaxCategory } from './tenant-settings';
import { tenantRow } from '../tenant-row';

const overrideReason = reasonSchema.optional();

const productLine = z.strictObject({
  kind: z.literal('product'),
  productId: z.uuid(),
  quantity: z.number().int().min(1).max(999),
  unitPrice: moneySchema,
  overrideReason,
});
const packLine = z.strictObject({
  kind: z.literal('class_pack'),
  packDefinitionId: z.uuid(),
  unitPrice: moneySchema,
  overrideReason,
});
const giftCardLine = z.strictObject({
  kind: z.literal('gift_card'),
  amount: positiveMoneySchema,
  /** Reload this card; without it a new card is issued. */
  giftCardId: z.uuid().optional(),
  recipientMemberId: z.uuid().optional(),
});
/** A membership plan sold from a day of the studio (its time zone); member required. */
const membershipLine = z.strictObject({
  kind: z.literal('membership'),
  planId: z.uuid(),
  startDate: studioDateSchema,
  unitPrice: moneySchema,
  overrideReason,
});
const dropInLine = z.strictObject({
  kind: z.literal('drop_in'),
  classId: z.uuid(),
  unitPrice: moneySchema,
  overrideReason,
});

/** A late-cancel or no-show fee the sale's member owes, at its amount (R15.5). */
const feeLine = z.strictObject({
  kind: z.literal('fee'),
  feeId: z.uuid(),
  unitPrice: moneySchema,
  overrideReason,
});
/** An appointment of the sale's member, at its agreed price (R15.5). */
const appointmentLine = z.strictObject({
  kind: z.literal('appointment'),
  appointmentId: z.uuid(),
  unitPrice: moneySchema,
  overrideReason,
});

/**
 * An open review item's amount, collected from its member now (R16.4): the overdraft of a
 * gift card, say, paid in cash. Priced at the item's amount unless the line says why not.
 */
const reviewBalanceLine = z.strictObject({
  kind: z.literal('review_balance'),
  reviewItemId: z.uuid(),
  unitPrice: moneySchema,
  overrideReason,
});

/**
 * Lines carry the unit price the desk charged (from `pos.quote`): the customer paid it, so
 * the server records it even if the catalog price changed before the sale synced. The desk
 * refuses a price that differs from its catalog unless the line says why (an override,
 * owner/manager only, audited).
 */
export const saleLineSchema = z.discriminatedUnion('kind', [
  productLine,
  packLine,
  giftCardLine,
  dropInLine,
  membershipLine,
  feeLine,
  appointmentLine,
  reviewBalanceLine,
]);

/** What `pos.quote` prices: a sale line whose unit price may be left to the catalog. */
export const quoteLineSchema = z.discriminatedUnion('kind', [
  productLine.partial({ unitPrice: true }),
  packLine.partial({ unitPrice: true }),
  giftCardLine,
  dropInLine.partial({ unitPrice: true }),
  membershipLine.partial({ unitPrice: true }),
  feeLine.partial({ unitPrice: true }),
  appointmentLine.partial({ unitPrice: true }),
  reviewBalanceLine.partial({ unitPrice: true }),
]);

export type SaleLineArgs = z.infer<typeof saleLineSchema>;
export type QuoteLineArgs = z.infer<typeof quoteLineSchema>;

/** What the catalog says about a line. */
export interface CatalogLine {
  readonly description: string;
  readonly quantity: number;
  /** Null for gift cards, whose amount is whatever the buyer asks for. */
  readonly catalogPrice: number | null;
  readonly discountable: boolean;
  readonly taxable: boolean;
  /** The studio rate that taxes it (studio.updateSettings): products by their category. */
  readonly taxCategory: TaxCategory;
  /** Why the desk may not sell it now (inactive, cancelled class, disabled card), or null. */
  readonly unavailable: string | null;
  readonly packDefinition?: Database['class_pack_definitions'];
  readonly klass?: Database['classes'];
  readonly plan?: Database['membership_plans'];
  readonly fee?: Database['member_fees'];
  readonly appointment?: Database['appointments'];
  readonly reviewItem?: Database['review_items'];
}

async function lookUpProduct(db: Kysely<Database>, tenantId: string, productId: string) {
  const product = await tenantRow(db, tenantId, 'products', productId, 'product');
  return {
    product,
    unavailable: product.active === 1 ? null : `${product.name} is no longer sold`,
  };
}

/** Reads the catalog for one line; unknown products, packs, classes or cards are refused. */
export async function lookUpLine(
  db: Kysely<Database>,
  tenantId: string,
  line: QuoteLineArgs,
): Promise<CatalogLine> {
  switch (line.kind) {
    case 'product': {
      const { product, unavailable } = await lookUpProduct(db, tenantId, line.productId);
      return {
        description: product.name,
        quantity: line.quantity,
        catalogPrice: product.price,
        discountable: true,
        taxable: product.taxable === 1,
        // NULL: retail, which is what every taxable product was before categories.
        taxCategory: product.tax_category ?? 'retail',
        unavailable,
      };
    }
    case 'class_pack': {
      const definition = await tenantRow(
        db,
        tenantId,
        'class_pack_definitions',
        line.packDefinitionId,
        'class pack',
      );
      return {
        description: definition.name,
        quantity: 1,
        catalogPrice: definition.price,
        discountable: true,
        // At the packs rate, which is 0 for a studio that never set one (as before).
        taxable: true,
        taxCategory: 'packs',
        unavailable: definition.active === 1 ? null : `${definition.name} is no longer sold`,
        packDefinition: definition,
      };
    }
    case 'gift_card': {
      // Stored money: neither discounted nor taxed when sold, only when spent.
      const base = {
        quantity: 1,
        catalogPrice: null,
        discountable: false,
        taxable: false,
        taxCategory: 'retail',
      } as const;
      if (line.giftCardId === undefined) {
        return { ...base, description: 'Gift card', unavailable: null };
      }
      const card = found(
        await findGiftCard(db, tenantId, line.giftCardId),
        `gift card ${line.giftCardId}`,
      );
      return {
        ...base,
        description: `Gift card reload ${card.code}`,
        unavailable: card.status === 'active' ? null : `gift card ${card.code} is disabled`,
      };
    }
    case 'drop_in': {
      const klass = await tenantRow(db, tenantId, 'classes', line.classId, 'class');
      return {
        description: `Drop-in: ${klass.title} ${klass.start_time.slice(0, 16).replace('T', ' ')}`,
        quantity: 1,
        catalogPrice: klass.drop_in_price,
        discountable: true,
        // Class access, like a pack: at the packs rate.
        taxable: true,
        taxCategory: 'packs',
        unavailable: klass.status === 'scheduled' ? null : `${klass.title} is ${klass.status}`,
        klass,
      };
    }
    case 'membership':
      return lookUpPlan(db, tenantId, line);
    case 'fee':
      return lookUpFee(db, tenantId, line.feeId);
    case 'appointment':
      return lookUpAppointment(db, tenantId, line.appointmentId);
    case 'review_balance':
      return lookUpReviewBalance(db, tenantId, line.reviewItemId);
  }
}

async function lookUpPlan(
  db: Kysely<Database>,
  tenantId: string,
  line: { planId: string; startDate: string },
): Promise<CatalogLine> {
  const plan = await tenantRow(db, tenantId, 'membership_plans', line.planId, 'membership plan');
  return {
    description: `${plan.name} membership from ${line.startDate}`,
    quantity: 1,
    catalogPrice: plan.price,
    discountable: true,
    // Class access, like a pack: at the packs rate.
    taxable: true,
    taxCategory: 'packs',
    unavailable: plan.active === 1 ? null : `${plan.name} is retired and no longer sold`,
    plan,
  };
}

/** The unit price a line is sold at: the one it names, else the catalog's. */
export function unitPriceOf(line: QuoteLineArgs, catalog: CatalogLine): number {
  if (line.kind === 'gift_card') return line.amount;
  return line.unitPrice ?? catalog.catalogPrice ?? 0;
}

/** A line with its catalog facts, ready to price and record. */
export interface ResolvedLine extends CatalogLine, Omit<PricingLine, 'taxCategory'> {
  readonly args: SaleLineArgs;
  readonly unitPrice: number;
}

export function overrideReasonOf(line: SaleLineArgs): string | undefined {
  return line.kind === 'gift_card' ? undefined : line.overrideReason;
}

/** Reads the catalog for a sale line and checks that the desk may sell it at its price. */
export async function resolveLine(ctx: MutationContext, line: SaleLineArgs): Promise<ResolvedLine> {
  if (
    line.kind === 'gift_card' &&
    line.giftCardId !== undefined &&
    line.recipientMemberId !== undefined
  ) {
    throw new MutationRefusal('invalid', 'a reload keeps the card’s recipient');
  }
  const catalog = await lookUpLine(ctx.db, ctx.tenantId, line);
  const unitPrice = unitPriceOf(line, catalog);
  await requireSellable(ctx, line, catalog, unitPrice);
  if (catalog.catalogPrice !== null) {
    if (overrideReasonOf(line) === undefined) {
      deskOnly(
        ctx,
        unitPrice === catalog.catalogPrice,
        `${catalog.description} costs ${catalog.catalogPrice}, not ${unitPrice}: quote the sale again`,
      );
    } else if (!hasAnyRole(ctx.actor, PRICE_OVERRIDE_ROLES)) {
      // Roles are the server's (R1.4), so this refusal is the same on both sides.
      throw new MutationRefusal(
        'forbidden',
        `changing the price of ${catalog.description} needs an owner or manager`,
      );
    }
  }
  return { ...catalog, args: line, unitPrice, gross: catalog.quantity * unitPrice };
}
