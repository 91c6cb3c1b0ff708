import type { QuoteLineArgs, SaleLineArgs } from '../../src-shared/mutations/front-desk/sale-lines';

/** One line of the POS cart as staff built it; prices come from the quote. */
export type CartLine =
  | {
      readonly key: string;
      readonly kind: 'product';
      readonly productId: string;
      readonly name: string;
      readonly quantity: number;
    }
  | {
      readonly key: string;
      readonly kind: 'class_pack';
      readonly packDefinitionId: string;
      readonly name: string;
    }
  | {
      readonly key: string;
      readonly kind: 'gift_card';
      readonly name: string;
      readonly amount: number;
    };

export function addProduct(
  cart: readonly CartLine[],
  product: { readonly productId: string; readonly name: string },
): CartLine[] {
  const existing = cart.find((l) => l.kind === 'product' && l.productId === product.productId);
  if (existing && existing.kind === 'product') {
    return cart.map((l) => (l === existing ? { ...existing, quantity: existing.quantity + 1 } : l));
  }
  return [...cart, { key: `p-${product.productId}`, kind: 'product', quantity: 1, ...product }];
}

export function setQuantity(cart: readonly CartLine[], key: string, quantity: number): CartLine[] {
  return cart
    .map((l) => (l.key === key && l.kind === 'product' ? { ...l, quantity } : l))
    .filter((l) => l.kind !== 'product' || l.quantity > 0);
}

/** What `pos.quote` prices: the catalog decides unit prices. */
export function quoteLines(cart: readonly CartLine[]): QuoteLineArgs[] {
  return cart.map((l): QuoteLineArgs => {
    switch (l.kind) {
      case 'product':
        return { kind: 'product', productId: l.productId, quantity: l.quantity };
      case 'class_pack':
        return { kind: 'class_pack', packDefinitionId: l.packDefinitionId };
      case 'gift_card':
        return { kind: 'gift_card', amount: l.amount };
    }
  });
}

/**
 * The sale's lines with the unit prices the quote showed the customer: `pos.sale` records
 * those (and refuses them if the catalog changed, so the desk quotes again).
 */
export function saleLines(
  cart: readonly CartLine[],
  quotedPrices: readonly (number | undefined)[],
): SaleLineArgs[] {
  return cart.map((l, i): SaleLineArgs => {
    const unitPrice = quotedPrices[i] ?? 0;
    switch (l.kind) {
      case 'product':
        return { kind: 'product', productId: l.productId, quantity: l.quantity, unitPrice };
      case 'class_pack':
        return { kind: 'class_pack', packDefinitionId: l.packDefinitionId, unitPrice };
      case 'gift_card':
        return { kind: 'gift_card', amount: l.amount };
    }
  });
}
