import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BACKENDS,
  CLASS_START,
  DESK,
  minutesAfterNow,
  resultOf,
  useSeededStudio,
} from './front-desk-harness';
import { expectLedgersBalanced, reviewItems, tenantFootprint } from './ledger-invariants';

interface Booked {
  readonly bookingId: string;
  readonly status: string;
  readonly merged: boolean;
}

describe.each(BACKENDS)('class packs on %s', (backend) => {
  const studio = useSeededStudio(backend);

  /** A second class, so the same pack can pay for two bookings. */
  const addClass = async (startTime: string) => {
    const klass = await studio.db
      .selectFrom('classes')
      .selectAll()
      .where('id', '=', studio.classId)
      .executeTakeFirstOrThrow();
    const id = randomUUID();
    await studio.db
      .insertInto('classes')
      .values({ ...klass, id, start_time: startTime })
      .execute();
    return id;
  };

  const sellPack = async (credits?: number) => {
    if (credits !== undefined) {
      await studio.db
        .updateTable('class_pack_definitions')
        .set({ credits })
        .where('id', '=', studio.packDefinitionId)
        .execute();
    }
    const sold = resultOf<{ orderId: string; packIds: string[] }>(
      await studio.run('pack.sell', {
        memberId: studio.memberId,
        packDefinitionId: studio.packDefinitionId,
        unitPrice: 6000,
        couponCode: 'SAVE10',
        tenders: [{ method: 'card', amount: 5400, paymentIntentId: 'pi_pack' }],
      }),
    );
    return { orderId: sold.orderId, packId: sold.packIds[0] ?? '' };
  };

  const packOf = (packId: string) =>
    studio.db
      .selectFrom('purchased_packs')
      .selectAll()
      .where('id', '=', packId)
      .executeTakeFirstOrThrow();

  /** remaining = initial - bookings holding a credit: the pack's ledger is its bookings. */
  const expectCreditsMatchBookings = async (packId: string) => {
    const pack = await packOf(packId);
    const holding = await studio.db
      .selectFrom('bookings')
      .select('id')
      .where('used_pack_id', '=', packId)
      .where('status', 'in', ['confirmed', 'waitlisted', 'late_cancelled', 'no_show'])
      .execute();
    expect(pack.remaining_credits).toBe(pack.initial_credits - holding.length);
  };

  const book = (packId: string, classId = studio.classId, options = {}) =>
    studio.run(
      'booking.book',
      { classId, memberId: studio.memberId, paidBy: { method: 'pack', packId } },
      options,
    );

  it('sells a pack at the member price with its credits and expiry', async () => {
    const { orderId, packId } = await sellPack();
    expect(await packOf(packId)).toMatchObject({
      member_id: studio.memberId,
      initial_credits: 5,
      remaining_credits: 5,
      member_price: 5400,
      order_id: orderId,
      expires_at: '2027-03-01T10:00:00.000Z',
    });
    await expectLedgersBalanced(studio);
  });

  it('takes a credit per booking, gives it back on a timely cancel and keeps it on a late one', async () => {
    const { packId } = await sellPack();
    const first = resultOf<Booked>(await book(packId));
    expect((await packOf(packId)).remaining_credits).toBe(4);
    const cancelled = resultOf<{ status: string; creditReturned: boolean }>(
      await studio.run(
        'booking.cancel',
        { bookingId: first.bookingId },
        { at: minutesAfterNow(1) },
      ),
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', creditReturned: true });
    expect((await packOf(packId)).remaining_credits).toBe(5);

    const second = resultOf<Booked>(await book(packId, studio.classId, { at: minutesAfterNow(2) }));
    // Two hours before the class, inside the 12-hour late-cancel window.
    const lateAt = new Date(Date.parse(CLASS_START) - 2 * 3_600_000).toISOString();
    const late = resultOf<{ status: string; creditReturned: boolean }>(
      await studio.run('booking.cancel', { bookingId: second.bookingId }, { at: lateAt }),
    );
    expect(late).toMatchObject({ status: 'late_cancelled', creditReturned: false });
    expect((await packOf(packId)).remaining_credits).toBe(4);
    await expectCreditsMatchBookings(packId);
  });

  it('never uses a credit twice for one booking: a second desk booking the same member merges', async () => {
    const { packId } = await sellPack();
    const first = resultOf<Booked>(await book(packId));
    const before = await tenantFootprint(studio);
    expect(
      await studio.refused('booking.book', {
        classId: studio.classId,
        memberId: studio.memberId,
        paidBy: { method: 'pack', packId },
      }),
    ).toBe('rule');
    expect(await tenantFootprint(studio)).toEqual(before);
    const again = resultOf<Booked>(
      await book(packId, studio.classId, { side: 'server', deviceId: 'desk-two' }),
    );
    expect(again).toEqual({ bookingId: first.bookingId, status: 'confirmed', merged: true });
    expect((await packOf(packId)).remaining_credits).toBe(4);
    // Cancelling twice (two desks) gives the credit back once.
    await studio.run('booking.cancel', { bookingId: first.bookingId }, { at: minutesAfterNow(1) });
    await studio.run(
      'booking.cancel',
      { bookingId: first.bookingId },
      { at: minutesAfterNow(2), side: 'server', deviceId: 'desk-two' },
    );
    expect((await packOf(packId)).remaining_credits).toBe(5);
    await expectCreditsMatchBookings(packId);
  });

  it('refuses the last credit twice at the desk; the server records it at -1 with a review item', async () => {
    const { packId } = await sellPack(1);
    const evening = await addClass('2026-12-03T18:00:00.000Z');
    await book(packId);
    const before = await tenantFootprint(studio);
    expect(
      await studio.refused('booking.book', {
        classId: evening,
        memberId: studio.memberId,
        paidBy: { method: 'pack', packId },
      }),
    ).toBe('rule');
    expect(await tenantFootprint(studio)).toEqual(before);

    const outcome = await book(packId, evening, { side: 'server', deviceId: 'desk-two' });
    expect(outcome.breaches.map((b) => b.kind)).toEqual(['pack_exhausted']);
    expect((await packOf(packId)).remaining_credits).toBe(-1);
    const [item] = await reviewItems(studio);
    expect(item).toMatchObject({
      kind: 'pack_exhausted',
      member_id: studio.memberId,
      amount: 2000,
      subject_id: packId,
    });
    // R9.4: the booking that took the last credit was made at the first desk.
    expect(JSON.parse(item?.device_ids ?? '[]')).toEqual([DESK, 'desk-two']);
    await expectCreditsMatchBookings(packId);
  });

  it('takes an unused pack back on a refund', async () => {
    const { orderId, packId } = await sellPack();
    await studio.run(
      'pos.refund',
      {
        orderId,
        tenders: [{ method: 'card', amount: 5400, paymentIntentId: 'pi_pack' }],
        reason: 'bought by mistake',
      },
      { as: 'manager' },
    );
    expect((await packOf(packId)).remaining_credits).toBe(0);
    await expectLedgersBalanced(studio);
  });

  it('refuses a pack of another member, and instructors selling packs', async () => {
    const { packId } = await sellPack();
    const before = await tenantFootprint(studio);
    expect(
      await studio.refused('booking.book', {
        classId: studio.classId,
        memberId: studio.otherMemberId,
        paidBy: { method: 'pack', packId },
      }),
    ).toBe('invalid');
    expect(
      await studio.refused(
        'pack.sell',
        {
          memberId: studio.memberId,
          packDefinitionId: studio.packDefinitionId,
          unitPrice: 6000,
          tenders: [{ method: 'card', amount: 6000, paymentIntentId: 'pi_x' }],
        },
        { as: 'instructor' },
      ),
    ).toBe('forbidden');
    expect(await tenantFootprint(studio)).toEqual(before);
  });
});
