import type { HeldSale, HeldSaleLine } from '../../src-shared/bridge/held-sale-schemas';
import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import type { CatalogLine } from '../../src-shared/mutations/front-desk/sale-lines';
import {
  lookUpAppointment,
  lookUpFee,
  lookUpReviewBalance,
} from '../../src-shared/mutations/front-desk/sale-line-services';
import { formatMoney } from '../../src-shared/receipts/receipt-text';
import { asSharedDb } from './desk-tables';
import type { Desk } from './open-desk';

export interface RepricedSale {
  /** Null when no line of it can still be sold. */
  readonly sale: HeldSale | null;
  /** For staff, each difference from the sale as it was held. */
  readonly changes: readonly string[];
}

/**
 * Brings a held sale up to the current catalogue (issue 17 item 6): a recalled sale is sold
 * at today's prices, so each line takes the catalogue's price and name, a line no longer sold
 * is dropped, and a quantity above the stock left is said (the sale itself refuses it). Every
 * difference is listed for staff, who tell the customer before taking payment.
 */
export async function repriceHeldSale(
  desk: Desk,
  tenantId: string,
  sale: HeldSale,
): Promise<RepricedSale> {
  const tenant = await desk.db
    .selectFrom('tenants')
    .select('currency')
    .where('id', '=', tenantId)
    .executeTakeFirst();
  const money = (minor: number) => formatMoney(minor, tenant?.currency ?? 'USD');
  const changes: string[] = [];
  const lines: HeldSaleLine[] = [];
  for (const line of sale.lines) {
    switch (line.kind) {
      case 'product': {
        const product = await desk.db
          .selectFrom('products')
          .select(['name', 'price', 'active', 'stock_quantity'])
          .where('tenant_id', '=', tenantId)
          .where('id', '=', line.productId)
          .executeTakeFirst();
        if (product?.active !== 1) {
          changes.push(`${line.name} is no longer sold: taken off the sale.`);
          continue;
        }
        if (product.price !== line.unitPrice) {
          changes.push(
            `${product.name}: ${money(line.unitPrice)} when parked, ${money(product.price)} now.`,
          );
        }
        if (product.stock_quantity !== null && product.stock_quantity < line.quantity) {
          changes.push(
            `${product.name}: ${line.quantity} in the sale, only ${Math.max(product.stock_quantity, 0)} in stock.`,
          );
        }
        lines.push({ ...line, name: product.name, unitPrice: product.price });
        break;
      }
      case 'class_pack': {
        const pack = await desk.db
          .selectFrom('class_pack_definitions')
          .select(['name', 'price', 'active'])
          .where('tenant_id', '=', tenantId)
          .where('id', '=', line.packDefinitionId)
          .executeTakeFirst();
        if (pack?.active !== 1) {
          changes.push(`${line.name} is no longer sold: taken off the sale.`);
          continue;
        }
        if (pack.price !== line.unitPrice) {
          changes.push(
            `${pack.name}: ${money(line.unitPrice)} when parked, ${money(pack.price)} now.`,
          );
        }
        lines.push({ ...line, name: pack.name, unitPrice: pack.price });
        break;
      }
      case 'membership': {
        const plan = await desk.db
          .selectFrom('membership_plans')
          .select(['name', 'price', 'active'])
          .where('tenant_id', '=', tenantId)
          .where('id', '=', line.planId)
          .executeTakeFirst();
        if (plan?.active !== 1) {
          changes.push(`${line.name} is no longer sold: taken off the sale.`);
          continue;
        }
        if (plan.price !== line.unitPrice) {
          changes.push(
            `${plan.name}: ${money(line.unitPrice)} when parked, ${money(plan.price)} now.`,
          );
        }
        lines.push({ ...line, name: plan.name, unitPrice: plan.price });
        break;
      }
      case 'fee':
      case 'appointment':
      case 'review_balance': {
        // Owed to the studio rather than sold from the catalogue: kept while still due (a fee
        // owed, an appointment neither cancelled nor paid, a review item open), at what is
        // due now.
        const due = await dueNow(() =>
          line.kind === 'fee'
            ? lookUpFee(asSharedDb(desk.db), tenantId, line.feeId)
            : line.kind === 'appointment'
              ? lookUpAppointment(asSharedDb(desk.db), tenantId, line.appointmentId)
              : lookUpReviewBalance(asSharedDb(desk.db), tenantId, line.reviewItemId),
        );
        if (due === null || due.unavailable !== null || due.catalogPrice === null) {
          const why = due?.unavailable ?? 'it is no longer on this desk';
          changes.push(`${line.name}: ${why}; taken off the sale.`);
          continue;
        }
        if (due.catalogPrice !== line.unitPrice) {
          changes.push(
            `${line.name}: ${money(line.unitPrice)} when parked, ${money(due.catalogPrice)} now.`,
          );
        }
        lines.push({ ...line, unitPrice: due.catalogPrice });
        break;
      }
      case 'gift_card':
        // A gift card's amount is what the buyer asked for; the catalogue has no price for it.
        lines.push(line);
        break;
    }
  }
  return { sale: lines.length === 0 ? null : { ...sale, lines }, changes };
}

/** A due line looked up again; null when its fee or appointment is gone from this desk. */
async function dueNow(lookUp: () => Promise<CatalogLine>): Promise<CatalogLine | null> {
  try {
    return await lookUp();
  } catch (error) {
    if (error instanceof MutationRefusal) return null;
    throw error;
  }
}
