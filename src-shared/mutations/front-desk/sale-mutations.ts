import { z } from 'zod';
import { defineMutation, type MutationEffects } from '../mutation-definition';
import { DESK_ROLES } from './front-desk-roles';
import { moneySchema, positiveMoneySchema, reasonSchema } from './front-desk-schemas';
import { recordSale, saleArgsSchema } from './sale-recorder';
import { saleTenderSchema, type SaleTender } from './sale-tenders';

const tenders = z.array(saleTenderSchema).max(10);

/**
 * Every sale takes money with its tenders (a card one only once captured, R8.2), and a cash
 * tender goes into the drawer, which opens.
 */
const saleEffects = {
  takesPayment: (args: { readonly tenders: readonly SaleTender[] }) => args.tenders,
  movesCash: (args: { readonly tenders: readonly SaleTender[] }) =>
    args.tenders.some((tender) => tender.method === 'cash'),
} satisfies MutationEffects<{ readonly tenders: readonly SaleTender[] }, unknown>;

export const posSale = defineMutation({
  name: 'pos.sale',
  description:
    'Rings up a sale: products, class packs, gift cards, drop-ins, memberships, fees owed and appointments, an optional coupon, tax, and split tenders.',
  args: saleArgsSchema,
  roles: DESK_ROLES,
  effects: saleEffects,
  run: (ctx, args) => recordSale(ctx, args),
});

/** The desk's "sell a gift card" button: a sale of one new card, with its receipt. */
export const sellGiftCard = defineMutation({
  name: 'giftCard.sell',
  description: 'Sells a new gift card with a fresh code and the amount as its balance.',
  args: z.strictObject({
    amount: positiveMoneySchema,
    memberId: z.uuid().optional(),
    recipientMemberId: z.uuid().optional(),
    tenders,
  }),
  roles: DESK_ROLES,
  effects: saleEffects,
  run: (ctx, args) =>
    recordSale(ctx, {
      memberId: args.memberId,
      lines: [
        { kind: 'gift_card', amount: args.amount, recipientMemberId: args.recipientMemberId },
      ],
      tenders: args.tenders,
    }),
});

export const reloadGiftCard = defineMutation({
  name: 'giftCard.reload',
  description: 'Adds value to an existing gift card, as a sale.',
  args: z.strictObject({
    giftCardId: z.uuid(),
    amount: positiveMoneySchema,
    memberId: z.uuid().optional(),
    tenders,
  }),
  roles: DESK_ROLES,
  effects: saleEffects,
  run: (ctx, args) =>
    recordSale(ctx, {
      memberId: args.memberId,
      lines: [{ kind: 'gift_card', amount: args.amount, giftCardId: args.giftCardId }],
      tenders: args.tenders,
    }),
});

export const sellClassPack = defineMutation({
  name: 'pack.sell',
  description: 'Sells a member a class pack; its credits are theirs to book with.',
  args: z.strictObject({
    memberId: z.uuid(),
    packDefinitionId: z.uuid(),
    unitPrice: moneySchema,
    overrideReason: reasonSchema.optional(),
    couponCode: z.string().trim().min(1).max(64).optional(),
    tenders,
  }),
  roles: DESK_ROLES,
  effects: saleEffects,
  run: (ctx, { memberId, couponCode, tenders: paid, ...line }) =>
    recordSale(ctx, {
      memberId,
      couponCode,
      lines: [{ kind: 'class_pack', ...line }],
      tenders: paid,
    }),
});
