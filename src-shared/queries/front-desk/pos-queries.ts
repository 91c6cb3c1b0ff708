import { z } from 'zod';
import { findCouponByCode } from '../../mutations/front-desk/coupon-rules';
import { lookUpLine, quoteLineSchema, unitPriceOf } from '../../mutations/front-desk/sale-lines';
import { priceCart } from '../../mutations/front-desk/sale-pricing';
import { readTenantSettings } from '../../mutations/front-desk/tenant-settings';
import { defineQuery } from '../query-definition';

/**
 * Prices a cart the way `pos.sale` will (the same pricing function), so the desk can show
 * the total, take tenders, and send the unit prices it quoted with the sale.
 */
export const quoteSale = defineQuery({
  name: 'pos.quote',
  description:
    'Prices a cart: catalog prices, coupon, tax and total, as pos.sale will record them.',
  args: z.strictObject({
    lines: z.array(quoteLineSchema).min(1).max(100),
    couponCode: z.string().trim().min(1).max(64).optional(),
  }),
  async run({ db, tenantId }, { lines, couponCode }) {
    const settings = await readTenantSettings(db, tenantId);
    const catalog = await Promise.all(lines.map((line) => lookUpLine(db, tenantId, line)));
    const coupon =
      couponCode === undefined ? undefined : await findCouponByCode(db, tenantId, couponCode);
    const usableCoupon = coupon?.active === 1 ? coupon : undefined;
    const priced = lines.map((line, i) => {
      const facts = catalog[i];
      const unitPrice = facts ? unitPriceOf(line, facts) : 0;
      return { line, facts, unitPrice, gross: (facts?.quantity ?? 1) * unitPrice };
    });
    const amounts = priceCart(
      priced.map((p) => ({
        gross: p.gross,
        discountable: p.facts?.discountable ?? false,
        taxable: p.facts?.taxable ?? false,
        taxCategory: p.facts?.taxCategory ?? 'retail',
      })),
      usableCoupon ? { type: usableCoupon.type, value: usableCoupon.value } : null,
      settings.taxRates,
    );
    return {
      currency: settings.currency,
      couponCode: usableCoupon?.code ?? null,
      couponProblem:
        couponCode === undefined
          ? null
          : usableCoupon
            ? null
            : `coupon ${couponCode} cannot be used`,
      lines: priced.map((p, i) => ({
        ...p.line,
        ...(p.line.kind === 'gift_card' ? {} : { unitPrice: p.unitPrice }),
        description: p.facts?.description ?? '',
        unavailable: p.facts?.unavailable ?? null,
        amounts: amounts.lines[i],
      })),
      subtotal: amounts.subtotal,
      discount: amounts.discount,
      tax: amounts.tax,
      total: amounts.total,
    };
  },
});
