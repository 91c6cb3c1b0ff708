import { describe, expect, it } from 'vitest';
import { heldSaleSchema } from '../../src-shared/bridge/held-sale-schemas';
import {
  addPack,
  addProduct,
  fromHeldSale,
  removeLine,
  setQuantity,
  toHeldSale,
  type CartLine,
} from '../../src-renderer/desk/cart';
import { quickCashAmounts } from '../../src-renderer/shell/quick-cash';

const WATER = {
  productId: '01900000-0000-7000-8000-000000000101',
  name: 'Water',
  price: 250,
  stockQuantity: 2,
};
const MAT = {
  productId: '01900000-0000-7000-8000-000000000102',
  name: 'Mat',
  price: 4500,
  stockQuantity: null,
};
const PACK = {
  packDefinitionId: '01900000-0000-7000-8000-000000000201',
  name: '10 classes',
  price: 15000,
};

const quantities = (cart: readonly CartLine[]) =>
  cart.map((l) => [l.name, l.kind === 'product' ? l.quantity : 1]);

describe('the Sell screen’s cart (issue 17 item 5)', () => {
  it('refuses a tracked product past its stock when it is added, not at the end', () => {
    const one = addProduct([], WATER);
    const two = addProduct(one.cart, WATER);
    expect(two.problem).toBeNull();
    const three = addProduct(two.cart, WATER);
    expect(three.problem).toBe('Only 2 Water in stock.');
    expect(quantities(three.cart)).toEqual([['Water', 2]]);
    expect(addProduct([], { ...WATER, stockQuantity: 0 }).problem).toBe('Water is out of stock.');
    // Untracked stock is never refused.
    let cart = addProduct([], MAT).cart;
    for (let i = 0; i < 50; i += 1) cart = addProduct(cart, MAT).cart;
    expect(quantities(cart)).toEqual([['Mat', 51]]);
  });

  it('keeps a line whose quantity is cleared or zeroed while typing; only removing drops it', () => {
    const cart = addProduct([], MAT).cart;
    const key = cart[0]?.key ?? '';
    expect(quantities(setQuantity(cart, key, Number('')))).toEqual([['Mat', 1]]);
    expect(quantities(setQuantity(cart, key, 0))).toEqual([['Mat', 1]]);
    expect(quantities(setQuantity(cart, key, 3))).toEqual([['Mat', 3]]);
    expect(removeLine(cart, key)).toEqual([]);
  });

  it('holds the cart in the shape the desk validates, and back', () => {
    const cart = addPack(addPack(addProduct([], WATER).cart, PACK), PACK);
    expect(new Set(cart.map((l) => l.key)).size).toBe(3);
    const held = toHeldSale(cart, ' spring10 ', {
      memberId: PACK.packDefinitionId,
      name: 'Dana Ruiz',
    });
    expect(heldSaleSchema.parse(held)).toEqual(held);
    expect(held?.couponCode).toBe('spring10');
    const back = fromHeldSale(heldSaleSchema.parse(held));
    expect(toHeldSale(back.cart, back.couponCode, back.member)).toEqual(held);
    expect(toHeldSale([], 'X', null)).toBeNull();

    // Payment taken so far travels with it (a card may already be charged); none, none kept.
    const payment = {
      total: 1234,
      tenders: [{ method: 'card' as const, amount: 1234, paymentIntentId: 'pi_3Paid' }],
    };
    const paying = toHeldSale(cart, '', null, payment);
    expect(heldSaleSchema.parse(paying).payment).toEqual(payment);
    expect(fromHeldSale(heldSaleSchema.parse(paying)).payment).toEqual(payment);
    expect(toHeldSale(cart, '', null, { total: 1234, tenders: [] })).not.toHaveProperty('payment');
  });

  it('offers the exact amount and the next round amounts as one-tap cash', () => {
    expect(quickCashAmounts(1234)).toEqual([1234, 1500, 2000, 5000]);
    expect(quickCashAmounts(2000)).toEqual([2000, 2500, 3000, 4000]);
    expect(quickCashAmounts(0)).toEqual([]);
  });
});
