import type { MutationDefinition } from '../mutation-definition';
import { waiveFee } from './booking-fee-mutations';
import { bookClass, cancelBooking, checkInBooking, markNoShow } from './booking-mutations';
import { promoteBooking } from './booking-waitlist';
import { checkInMember } from './check-in-mutations';
import { closeDrawer, moveDrawerCash, openDrawer } from './drawer-mutations';
import { membershipMutations } from './membership-mutations';
import { posRefund, posVoid } from './refund-mutations';
import { posSale, reloadGiftCard, sellClassPack, sellGiftCard } from './sale-mutations';
import { signWaiver } from './waiver-mutations';

/**
 * The front desk's mutations (issue 4), registered in all-mutations.ts. Each runs first at
 * the desk and again at the server, on newer data, so every body follows the same rules:
 *
 * - Counters move relatively (gift card balances, stock, pack credits) and always with a
 *   ledger row (gift_card_transactions, stock_movements, bookings.used_pack_id,
 *   cash_movements, payments); nothing absolute is written from a read.
 * - Ids are drawn up front in a fixed order (`ctx.newId()`), never inside a branch that
 *   depends on the data, so desk and server create the same rows.
 * - What the desk decided travels in the arguments (prices charged, the way a booking is
 *   paid, waitlist or place), so the server records the desk's facts instead of deciding
 *   again. Offline-breakable rules go through `ctx.require` (desk refuses, server records
 *   and raises a review item); checks the owner need not review are `deskOnly`.
 *
 * Roles (front-desk-roles.ts): selling, booking, cancelling, drawer open and cash moves,
 * waiver overrides: owner, manager, front_desk. Refunds, voids, price overrides and drawer
 * close: owner, manager. Check-in and no-shows: those and instructors (booking a member at
 * check-in: desk staff). Waiver signing: desk staff, or a student for themselves.
 *
 * The list keeps each definition's own type (`satisfies`, not a type annotation): screens
 * and hosts derive a call's arguments and result from it.
 */
export const frontDeskMutations = [
  posSale,
  sellGiftCard,
  reloadGiftCard,
  sellClassPack,
  posRefund,
  posVoid,
  openDrawer,
  moveDrawerCash,
  closeDrawer,
  bookClass,
  checkInBooking,
  checkInMember,
  cancelBooking,
  markNoShow,
  promoteBooking,
  waiveFee,
  signWaiver,
  ...membershipMutations,
] as const satisfies readonly MutationDefinition[];
