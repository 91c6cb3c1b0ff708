import { describe, expect, it } from 'vitest';
import { heldSaleSchema } from '../../src-shared/bridge/held-sale-schemas';
import {
  addDueLine,
  addProduct,
  needsMember,
  quoteLines,
  saleLines,
  fromHeldSale,
  toHeldSale,
  type DueItem,
} from '../../src-renderer/desk/cart';
import { cancelConsequence } from '../../src-renderer/screens/member-bookings';
import {
  acceptSellRequests,
  onSellRequest,
  sendToSell,
  takeSellRequests,
} from '../../src-renderer/screens/fee-sell-handoff';

const DANA = { memberId: '01900000-0000-7000-8000-000000000301', name: 'Dana Lee' };
const OMAR = { memberId: '01900000-0000-7000-8000-000000000302', name: 'Omar Diaz' };
const FEE = {
  kind: 'fee',
  feeId: '01900000-0000-7000-8000-000000000401',
  name: 'Late cancel fee: Vinyasa, Dec 4, 6:00 PM',
  unitPrice: 1500,
} as const satisfies DueItem;
const APPOINTMENT = {
  kind: 'appointment',
  appointmentId: '01900000-0000-7000-8000-000000000501',
  name: 'Private lesson, Dec 4, 10:00 AM, with Ana',
  unitPrice: 6500,
} as const satisfies DueItem;
const WATER = {
  productId: '01900000-0000-7000-8000-000000000101',
  name: 'Water',
  price: 250,
  stockQuantity: null,
};

describe('fees and appointments on the Sell screen’s cart (issue 18)', () => {
  it('adds a fee once however often it is sent, priced by the quote when sold', () => {
    const once = addDueLine([], FEE);
    const twice = addDueLine(once, FEE);
    expect(twice).toBe(once);
    const cart = addDueLine(twice, APPOINTMENT);
    expect(quoteLines(cart)).toEqual([
      { kind: 'fee', feeId: FEE.feeId },
      { kind: 'appointment', appointmentId: APPOINTMENT.appointmentId },
    ]);
    expect(saleLines(cart, [1605, 6500])).toEqual([
      { kind: 'fee', feeId: FEE.feeId, unitPrice: 1605 },
      { kind: 'appointment', appointmentId: APPOINTMENT.appointmentId, unitPrice: 6500 },
    ]);
    expect(needsMember(cart)).toBe(true);
    expect(needsMember(addProduct([], WATER).cart)).toBe(false);
  });

  it('keeps fees and appointments through a held sale, and a restored fee is not added twice', () => {
    const cart = addDueLine(addDueLine(addProduct([], WATER).cart, FEE), APPOINTMENT);
    const held = heldSaleSchema.parse(toHeldSale(cart, '', DANA));
    expect(held.lines.map((l) => l.kind)).toEqual(['product', 'fee', 'appointment']);
    expect(held.lines[1]).toEqual(FEE);
    const back = fromHeldSale(held);
    expect(back.member).toEqual(DANA);
    expect(addDueLine(back.cart, FEE)).toBe(back.cart);
    expect(saleLines(back.cart, [250, 1500, 6500]).map((l) => l.kind)).toEqual([
      'product',
      'fee',
      'appointment',
    ]);
  });

  it('puts a sent fee on the cart for its member, and refuses another member’s sale or a started payment', () => {
    sendToSell({ member: DANA, item: FEE });
    sendToSell({ member: DANA, item: APPOINTMENT });
    const requests = takeSellRequests();
    expect(takeSellRequests()).toEqual([]);
    const taken = acceptSellRequests({ cart: [], member: null, tendering: false }, requests);
    expect(taken.cart.map((l) => l.kind)).toEqual(['fee', 'appointment']);
    expect(taken.member).toEqual(DANA);
    expect(taken.refusals).toEqual([]);

    const omars = acceptSellRequests(
      { cart: addProduct([], WATER).cart, member: OMAR, tendering: false },
      [{ member: DANA, item: FEE }],
    );
    expect(omars.cart.map((l) => l.kind)).toEqual(['product']);
    expect(omars.member).toEqual(OMAR);
    expect(omars.refusals.map((r) => r.reason)).toEqual([
      `${FEE.name} was not added: the sale on screen is for Omar Diaz, not Dana Lee. Finish it, then send it again.`,
    ]);

    const paying = acceptSellRequests({ cart: [], member: null, tendering: true }, [
      { member: DANA, item: FEE },
    ]);
    expect(paying.cart).toEqual([]);
    expect(paying.refusals[0]?.reason).toContain('payment has started');
  });

  it('tells the sender at once when an open Sell screen refuses, and later when it opens', () => {
    // An open Sell screen: takes each request as it is sent, refusing the appointment.
    const stop = onSellRequest(() => {
      for (const request of takeSellRequests()) {
        if (request.item.kind === 'appointment') request.refuse('another member’s sale');
      }
    });
    expect(sendToSell({ member: DANA, item: FEE })).toBeNull();
    expect(sendToSell({ member: DANA, item: APPOINTMENT })).toBe('another member’s sale');
    stop();
    // No Sell screen yet: the request waits, and a refusal when it opens reaches the sender.
    const later: string[] = [];
    expect(
      sendToSell({ member: DANA, item: APPOINTMENT }, (reason) => later.push(reason)),
    ).toBeNull();
    for (const request of takeSellRequests()) request.refuse('payment under way');
    expect(later).toEqual(['payment under way']);
  });
});

describe('cancelling a booking says what it costs first (issue 18)', () => {
  const rule = { lateCancelHours: 12, lateCancelFee: 1500, currency: 'USD' };
  const start = Date.parse('2026-12-04T18:00:00Z');
  const booking = (paidBy: string, status: 'confirmed' | 'waitlisted' = 'confirmed') => ({
    bookingId: '01900000-0000-7000-8000-000000000601',
    classId: '01900000-0000-7000-8000-000000000701',
    title: 'Vinyasa',
    startTime: new Date(start).toISOString(),
    status,
    paidBy: paidBy as 'pack' | 'free' | 'subscription',
    checkedInAt: null,
  });

  it('inside the window: the fee is owed and a pack credit is not given back', () => {
    expect(cancelConsequence(booking('pack'), rule, start - 3 * 3_600_000)).toBe(
      'This is a late cancel (less than 12 hours before the class): a late-cancel fee of $15.00 will be owed, and the pack credit is not given back.',
    );
    expect(
      cancelConsequence(booking('subscription'), { ...rule, lateCancelFee: 0 }, start - 60_000),
    ).toContain('the studio charges no fee for it.');
    // A free place owes no fee.
    expect(cancelConsequence(booking('free'), rule, start - 60_000)).toContain(
      'the place was free, so no fee is owed.',
    );
  });

  it('in time a pack credit comes back; leaving a waitlist costs nothing', () => {
    expect(cancelConsequence(booking('pack'), rule, start - 13 * 3_600_000)).toBe(
      'The pack credit comes back.',
    );
    expect(cancelConsequence(booking('pack', 'waitlisted'), rule, start - 60_000)).toBe(
      'They leave the waitlist; nothing is charged.',
    );
  });
});
