import type { HeldSale, HeldSaleLine } from '../../src-shared/bridge/held-sale-schemas';
import type { QuoteLineArgs, SaleLineArgs } from '../../src-shared/mutations/front-desk/sale-lines';

/**
 * One line of the POS cart as staff built it. `unitPrice` is the catalogue price the tile
 * showed when it was added: kept so a held sale says what the customer was told, while the
 * sale itself is priced by the quote.
 */
export type CartLine =
  | {
      readonly key: string;
      readonly kind: 'product';
      readonly productId: string;
      readonly name: string;
      readonly quantity: number;
      readonly unitPrice: number;
    }
  | {
      readonly key: string;
      readonly kind: 'class_pack';
      readonly packDefinitionId: string;
      readonly name: string;
      readonly unitPrice: number;
    }
  | {
      readonly key: string;
      readonly kind: 'gift_card';
      readonly name: string;
      readonly amount: number;
    }
  | {
      readonly key: string;
      readonly kind: 'membership';
      readonly planId: string;
      readonly name: string;
      /** The studio's day the membership starts, YYYY-MM-DD. */
      readonly startDate: string;
      readonly unitPrice: number;
    }
  | DueLine;

/**
 * Something the member owes, handed to the cart from another screen (issue 18): a
 * late-cancel or no-show fee from the member page, an appointment from Appointments. Its
 * price is the fee's amount or the appointment's agreed price, never the catalogue's.
 */
export type DueLine =
  | {
      readonly key: string;
      readonly kind: 'fee';
      readonly feeId: string;
      readonly name: string;
      readonly unitPrice: number;
    }
  | {
      readonly key: string;
      readonly kind: 'appointment';
      readonly appointmentId: string;
      readonly name: string;
      readonly unitPrice: number;
    }
  | {
      readonly key: string;
      readonly kind: 'review_balance';
      readonly reviewItemId: string;
      readonly name: string;
      readonly unitPrice: number;
    };

/** A due line as another screen describes it; the cart gives it its key. */
export type DueItem =
  | Omit<Extract<DueLine, { kind: 'fee' }>, 'key'>
  | Omit<Extract<DueLine, { kind: 'appointment' }>, 'key'>
  | Omit<Extract<DueLine, { kind: 'review_balance' }>, 'key'>;

function dueLine(item: DueItem): DueLine {
  switch (item.kind) {
    case 'fee':
      return { ...item, key: `f-${item.feeId}` };
    case 'appointment':
      return { ...item, key: `a-${item.appointmentId}` };
    case 'review_balance':
      return { ...item, key: `r-${item.reviewItemId}` };
  }
}

/** Adds a fee or an appointment once: handed over twice, it is still paid once. */
export function addDueLine(cart: readonly CartLine[], item: DueItem): readonly CartLine[] {
  const line = dueLine(item);
  return cart.some((l) => l.key === line.key) ? cart : [...cart, line];
}

/** Whether the sale needs its member: packs, memberships, fees and appointments are theirs. */
export function needsMember(cart: readonly CartLine[]): boolean {
  return cart.some((l) => l.kind !== 'product' && l.kind !== 'gift_card');
}

/** A catalogue tile as the cart needs it; `stockQuantity` null: stock is not tracked. */
export interface SellableProduct {
  readonly productId: string;
  readonly name: string;
  readonly price: number;
  readonly stockQuantity: number | null;
}

/** Why `quantity` units of a tracked product cannot be sold now, or null when they can. */
export function stockProblem(product: SellableProduct, quantity: number): string | null {
  const stock = product.stockQuantity;
  if (stock === null || quantity <= stock) return null;
  if (stock <= 0) return `${product.name} is out of stock.`;
  return `Only ${stock} ${product.name} in stock.`;
}

/**
 * Adds one unit of a product, or refuses with the reason when the shelf has no more: staff
 * learn it at the tile, not at the last click when the sale is refused.
 */
export function addProduct(
  cart: readonly CartLine[],
  product: SellableProduct,
): { readonly cart: readonly CartLine[]; readonly problem: string | null } {
  const existing = cart.find((l) => l.kind === 'product' && l.productId === product.productId);
  const quantity = (existing?.kind === 'product' ? existing.quantity : 0) + 1;
  const problem = stockProblem(product, quantity);
  if (problem) return { cart, problem };
  if (existing?.kind === 'product') {
    return { cart: cart.map((l) => (l === existing ? { ...existing, quantity } : l)), problem };
  }
  const line: CartLine = {
    key: `p-${product.productId}`,
    kind: 'product',
    productId: product.productId,
    name: product.name,
    quantity: 1,
    unitPrice: product.price,
  };
  return { cart: [...cart, line], problem };
}

export function addPack(
  cart: readonly CartLine[],
  pack: { readonly packDefinitionId: string; readonly name: string; readonly price: number },
): CartLine[] {
  const taken = new Set(cart.map((l) => l.key));
  let n = 0;
  while (taken.has(`k-${pack.packDefinitionId}-${n}`)) n += 1;
  return [
    ...cart,
    {
      key: `k-${pack.packDefinitionId}-${n}`,
      kind: 'class_pack',
      packDefinitionId: pack.packDefinitionId,
      name: pack.name,
      unitPrice: pack.price,
    },
  ];
}

/** Adds a membership plan starting on a day of the studio; the sale needs a member. */
export function addMembership(
  cart: readonly CartLine[],
  plan: { readonly planId: string; readonly name: string; readonly price: number },
  startDate: string,
): CartLine[] {
  const taken = new Set(cart.map((l) => l.key));
  let n = 0;
  while (taken.has(`m-${plan.planId}-${n}`)) n += 1;
  return [
    ...cart,
    {
      key: `m-${plan.planId}-${n}`,
      kind: 'membership',
      planId: plan.planId,
      name: plan.name,
      startDate,
      unitPrice: plan.price,
    },
  ];
}

/**
 * Sets a product line's quantity. A quantity below 1 is not a removal: removing is its own
 * step (`removeLine`), so a backspace while typing a new quantity never drops the line.
 */
export function setQuantity(cart: readonly CartLine[], key: string, quantity: number): CartLine[] {
  if (!Number.isInteger(quantity) || quantity < 1) return [...cart];
  return cart.map((l) => (l.key === key && l.kind === 'product' ? { ...l, quantity } : l));
}

export function removeLine(cart: readonly CartLine[], key: string): CartLine[] {
  return cart.filter((l) => l.key !== key);
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
      case 'membership':
        return { kind: 'membership', planId: l.planId, startDate: l.startDate };
      case 'fee':
        return { kind: 'fee', feeId: l.feeId };
      case 'appointment':
        return { kind: 'appointment', appointmentId: l.appointmentId };
      case 'review_balance':
        return { kind: 'review_balance', reviewItemId: l.reviewItemId };
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
      case 'membership':
        return { kind: 'membership', planId: l.planId, startDate: l.startDate, unitPrice };
      case 'fee':
        return { kind: 'fee', feeId: l.feeId, unitPrice };
      case 'appointment':
        return { kind: 'appointment', appointmentId: l.appointmentId, unitPrice };
      case 'review_balance':
        return { kind: 'review_balance', reviewItemId: l.reviewItemId, unitPrice };
    }
  });
}

/** The member a sale is for, as the cart shows them. */
export interface CartMember {
  readonly memberId: string;
  readonly name: string;
}

/** Payment taken for a sale so far: the tenders, and the total they were taken for. */
export type TakenPayment = NonNullable<HeldSale['payment']>;

/** A cart line as the held sale keeps it: every kind is kept through a lock and a restart. */
function heldLineOf(line: CartLine): HeldSaleLine {
  switch (line.kind) {
    case 'product':
      return {
        kind: 'product',
        productId: line.productId,
        name: line.name,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
      };
    case 'class_pack':
      return {
        kind: 'class_pack',
        packDefinitionId: line.packDefinitionId,
        name: line.name,
        unitPrice: line.unitPrice,
      };
    case 'gift_card':
      return { kind: 'gift_card', name: line.name, amount: line.amount };
    case 'membership':
      return {
        kind: 'membership',
        planId: line.planId,
        name: line.name,
        startDate: line.startDate,
        unitPrice: line.unitPrice,
      };
    case 'fee':
      return { kind: 'fee', feeId: line.feeId, name: line.name, unitPrice: line.unitPrice };
    case 'appointment':
      return {
        kind: 'appointment',
        appointmentId: line.appointmentId,
        name: line.name,
        unitPrice: line.unitPrice,
      };
    case 'review_balance':
      return {
        kind: 'review_balance',
        reviewItemId: line.reviewItemId,
        name: line.name,
        unitPrice: line.unitPrice,
      };
  }
}

/**
 * The cart as the desk keeps it through a lock or a restart, with any payment taken so far
 * (a card may already be charged); null for an empty cart.
 */
export function toHeldSale(
  cart: readonly CartLine[],
  couponCode: string,
  member: CartMember | null,
  payment: TakenPayment | null = null,
): HeldSale | null {
  if (cart.length === 0) return null;
  const lines = cart.map(heldLineOf);
  const coupon = couponCode.trim();
  return {
    lines,
    ...(coupon === '' ? {} : { couponCode: coupon }),
    ...(member ? { member: { memberId: member.memberId, name: member.name } } : {}),
    ...(payment && payment.tenders.length > 0 ? { payment } : {}),
  };
}

/** A held sale back as a cart, with fresh keys. */
export function fromHeldSale(sale: HeldSale): {
  readonly cart: CartLine[];
  readonly couponCode: string;
  readonly member: CartMember | null;
  readonly payment: TakenPayment | null;
} {
  const cart = sale.lines.map((line, i): CartLine => {
    switch (line.kind) {
      case 'product':
        // Unlike addProduct's `p-<id>`, so a line added after the restore never shares a key.
        return { key: `p-${i}-${line.productId}`, ...line };
      case 'class_pack':
        return { key: `k-${line.packDefinitionId}-${i}`, ...line };
      case 'gift_card':
        return { key: `g-${i}`, ...line };
      case 'membership':
        return { key: `m-${line.planId}-${i}`, ...line };
      case 'fee':
      case 'appointment':
      case 'review_balance':
        // The same key `addDueLine` gives, so a due line handed over again is not added twice.
        return dueLine(line);
    }
  });
  return {
    cart,
    couponCode: sale.couponCode ?? '',
    member: sale.member ?? null,
    payment: sale.payment ?? null,
  };
}
