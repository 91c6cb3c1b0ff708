import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src-shared/audit/canonical-json';
import {
  couponDiscount,
  priceCart,
  refundPart,
  roundHalfUp,
  taxOn,
} from '../../src-shared/mutations/front-desk/sale-pricing';
import { giftCardCode, receiptNumberFor } from '../../src-shared/mutations/front-desk/short-codes';

const line = fc.record({
  gross: fc.integer({ min: 0, max: 1_000_000 }),
  discountable: fc.boolean(),
  taxable: fc.boolean(),
});
const coupon = fc.oneof(
  fc.constant(null),
  fc.record({ type: fc.constant('percent' as const), value: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ type: fc.constant('amount' as const), value: fc.integer({ min: 1, max: 500_000 }) }),
);

describe('sale arithmetic', () => {
  it('rounds tax half up per line, in basis points', () => {
    expect(taxOn(2160, 825)).toBe(178); // 178.2
    expect(taxOn(700, 825)).toBe(58); // 57.75
    expect(taxOn(200, 2500)).toBe(50);
    expect(roundHalfUp(5, 10)).toBe(1); // 0.5 -> 1
    expect(roundHalfUp(4, 10)).toBe(0);
  });

  it('caps a coupon at what it may discount', () => {
    expect(couponDiscount(1000, { type: 'amount', value: 1500 })).toBe(1000);
    expect(couponDiscount(999, { type: 'percent', value: 10 })).toBe(100); // 99.9
    expect(couponDiscount(0, { type: 'percent', value: 100 })).toBe(0);
  });

  it('keeps every cart exact: shares add up to the discount, lines to the order', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        coupon,
        fc.integer({ min: 0, max: 2500 }),
        (lines, terms, rate) => {
          const cart = priceCart(lines, terms, rate);
          const eligible = lines.reduce((s, l) => s + (l.discountable ? l.gross : 0), 0);
          expect(cart.discount).toBe(terms ? couponDiscount(eligible, terms) : 0);
          expect(cart.total).toBe(cart.subtotal - cart.discount + cart.tax);
          cart.lines.forEach((priced, i) => {
            const source = lines[i];
            expect(priced.discount).toBeGreaterThanOrEqual(0);
            expect(priced.discount).toBeLessThanOrEqual(priced.gross);
            if (!source?.discountable) expect(priced.discount).toBe(0);
            if (!source?.taxable) expect(priced.tax).toBe(0);
          });
        },
      ),
    );
  });

  it('refunds a line in any number of parts that add up to the line exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 30 }),
        (quantity, unitPrice, discountSeed, tax, steps) => {
          const discount = Math.min(discountSeed, quantity * unitPrice);
          const sold = { quantity, unitPrice, discount, tax };
          let refunded = 0;
          let total = 0;
          for (const step of steps) {
            const take = Math.min(step, quantity - refunded);
            if (take === 0) break;
            total += refundPart(sold, refunded, take).total;
            refunded += take;
          }
          if (refunded < quantity) total += refundPart(sold, refunded, quantity - refunded).total;
          expect(total).toBe(quantity * unitPrice - discount + tax);
        },
      ),
    );
  });
});

describe('codes and canonical JSON', () => {
  it('derives gift card codes and receipt numbers from ids, in an unambiguous alphabet', () => {
    const id = '01930000-0000-7abc-8def-000000000001';
    expect(giftCardCode(id)).toBe(giftCardCode(id));
    expect(giftCardCode(id)).not.toBe(giftCardCode(id, 1));
    expect(giftCardCode(id)).toMatch(/^GC-[2-9A-HJ-NP-Z]{8}$/);
    expect(receiptNumberFor(id)).toMatch(/^R-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
  });

  it('spells JSON one way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }] })).toBe(
      '{"a":[{"c":"x","d":null}],"b":1}',
    );
    expect(canonicalJson(JSON.parse('{ "b" : 1, "a" : 2 }'))).toBe(canonicalJson({ a: 2, b: 1 }));
  });
});
