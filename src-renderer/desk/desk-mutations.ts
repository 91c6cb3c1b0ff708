import type { SaleTender } from '../../src-shared/mutations/front-desk/sale-tenders';
import type { SaleResult } from '../../src-shared/mutations/front-desk/sale-recorder';
import type { SaleLineArgs } from '../../src-shared/mutations/front-desk/sale-lines';

export type { SaleTender, SaleResult, SaleLineArgs };

type PaidBy =
  | { method: 'subscription'; subscriptionId: string }
  | { method: 'pack'; packId: string }
  | { method: 'free' };

/**
 * The mutations the screens run, with the arguments they send and the results they read.
 * The desk validates the arguments against the shared schemas before anything runs.
 */
export interface DeskMutations {
  'pos.sale': {
    args: {
      memberId?: string;
      couponCode?: string;
      lines: SaleLineArgs[];
      tenders: SaleTender[];
    };
    result: SaleResult;
  };
  'giftCard.sell': {
    args: { amount: number; memberId?: string; tenders: SaleTender[] };
    result: SaleResult;
  };
  'giftCard.reload': {
    args: { giftCardId: string; amount: number; tenders: SaleTender[] };
    result: SaleResult;
  };
  'pack.sell': {
    args: { memberId: string; packDefinitionId: string; unitPrice: number; tenders: SaleTender[] };
    result: SaleResult;
  };
  'pos.refund': {
    args: {
      orderId: string;
      reason: string;
      lines?: { orderItemId: string; quantity: number }[];
      tenders: ({ method: 'cash'; amount: number } | { method: 'gift_card'; amount: number })[];
    };
    result: { refundId: string; total: number; status: string };
  };
  'pos.void': {
    args: { orderId: string; reason: string };
    result: { refundId: string; total: number; status: string };
  };
  'drawer.open': { args: { openingFloat: number }; result: { sessionId: string } };
  'drawer.move': {
    args: { type: 'paid_in' | 'paid_out'; amount: number; reason: string };
    result: { movementId: string; sessionId: string };
  };
  'drawer.close': {
    args: { countedAmount: number };
    result: { sessionId: string; expected: number; counted: number; variance: number };
  };
  'booking.book': {
    args: {
      classId: string;
      memberId: string;
      paidBy: PaidBy;
      waitlist?: boolean;
      checkIn?: boolean;
      waiverOverrideReason?: string;
    };
    result: { bookingId: string; status: string; merged: boolean };
  };
  'booking.checkIn': {
    args: { bookingId: string; waiverOverrideReason?: string };
    result: { bookingId: string };
  };
  'booking.cancel': { args: { bookingId: string }; result: { bookingId: string; status: string } };
  'waiver.sign': {
    args: { templateId: string; memberId: string; signature: string };
    result: { signatureId: string };
  };
  'note.add': { args: { memberId: string; note: string; isAlert: boolean }; result: unknown };
  'member.create': {
    args: MemberProfileArgs;
    result: { memberId: string; userId: string };
  };
  'member.update': {
    args: MemberProfileArgs & {
      memberId: string;
      status: 'active' | 'inactive' | 'archived';
    };
    result: { memberId: string };
  };
}

interface MemberProfileArgs {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  barcode?: string;
}

export type MutationName = keyof DeskMutations;
export type MutationArgs<N extends MutationName> = DeskMutations[N]['args'];
export type MutationResult<N extends MutationName> = DeskMutations[N]['result'];
