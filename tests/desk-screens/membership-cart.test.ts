import { describe, expect, it } from 'vitest';
import { heldSaleSchema } from '../../src-shared/bridge/held-sale-schemas';
import {
  addMembership,
  fromHeldSale,
  quoteLines,
  saleLines,
  toHeldSale,
} from '../../src-renderer/desk/cart';

const PLAN = { planId: '01930000-0000-7000-8000-0000000000a1', name: 'Unlimited', price: 12000 };
const MEMBER = { memberId: '01930000-0000-7000-8000-0000000000b1', name: 'Maya Tester' };

describe('a membership in the Sell screen’s cart (R13.1)', () => {
  it('R13.1 is quoted and sold with its plan and start day', () => {
    const cart = addMembership([], PLAN, '2026-12-07');
    expect(quoteLines(cart)).toEqual([
      { kind: 'membership', planId: PLAN.planId, startDate: '2026-12-07' },
    ]);
    expect(saleLines(cart, [12000])).toEqual([
      { kind: 'membership', planId: PLAN.planId, startDate: '2026-12-07', unitPrice: 12000 },
    ]);
    // Two of one plan are two lines, each with its own key.
    const twice = addMembership(cart, PLAN, '2026-12-07');
    expect(new Set(twice.map((l) => l.key)).size).toBe(2);
  });

  it('R13.1 survives a lock or restart as a held sale, and a bad start day is refused', () => {
    const cart = addMembership([], PLAN, '2026-12-07');
    const held = toHeldSale(cart, '', MEMBER);
    expect(heldSaleSchema.parse(held)).toEqual(held);
    const back = fromHeldSale(heldSaleSchema.parse(held));
    expect(back.cart).toEqual([
      expect.objectContaining({ kind: 'membership', startDate: '2026-12-07' }),
    ]);
    expect(back.member).toEqual(MEMBER);
    const bad = toHeldSale(addMembership([], PLAN, '2026-02-30'), '', MEMBER);
    expect(heldSaleSchema.safeParse(bad).success).toBe(false);
  });
});
