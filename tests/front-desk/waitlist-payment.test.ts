import { describe, expect, it } from 'vitest';
import {
  BACKENDS,
  minutesAfterNow,
  resultOf,
  useSeededStudio,
  type RunOptions,
} from './front-desk-harness';
import { reviewItems, tenantFootprint } from './ledger-invariants';

interface Booked {
  readonly bookingId: string;
  readonly status: string;
}
interface Cancelled {
  readonly creditReturned: boolean;
  readonly promotedBookingId: string | null;
}

describe.each(BACKENDS)('waitlist payment on %s (R15.4)', (backend) => {
  const studio = useSeededStudio(backend);

  const sellPack = async (memberId: string) =>
    resultOf<{ packIds: string[] }>(
      await studio.run('pack.sell', {
        memberId,
        packDefinitionId: studio.packDefinitionId,
        unitPrice: 6000,
        tenders: [{ method: 'external', amount: 6000, reference: `pack ${memberId}` }],
      }),
    ).packIds[0] ?? '';
  const creditsOf = async (packId: string) =>
    (
      await studio.db
        .selectFrom('purchased_packs')
        .select('remaining_credits')
        .where('id', '=', packId)
        .executeTakeFirstOrThrow()
    ).remaining_credits;
  const bookingOf = (bookingId: string) =>
    studio.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
  const book = async (
    memberId: string,
    paidBy: unknown,
    waitlist = false,
    options: RunOptions = {},
  ) =>
    resultOf<Booked>(
      await studio.run(
        'booking.book',
        { classId: studio.classId, memberId, paidBy, waitlist },
        options,
      ),
    );
  /** The class (capacity 2) is full with two free places; returns their bookings. */
  const fillClass = async () => [
    await book(studio.staff.owner, { method: 'free' }),
    await book(studio.staff.manager, { method: 'free' }, false, { at: minutesAfterNow(1) }),
  ];
  const setAutoPromote = (on: boolean) =>
    studio.db
      .updateTable('tenants')
      .set({ settings: JSON.stringify({ lateCancelHours: 12, waitlistAutoPromote: on }) })
      .where('id', '=', studio.tenantId)
      .execute();

  it('joining the waitlist records the pack and takes nothing; cancelling it gives nothing back', async () => {
    const packId = await sellPack(studio.memberId);
    await fillClass();
    const waiting = await book(studio.memberId, { method: 'pack', packId }, true);
    expect(waiting.status).toBe('waitlisted');
    expect(await creditsOf(packId)).toBe(5);
    expect(await bookingOf(waiting.bookingId)).toMatchObject({
      payment_method: 'pack',
      used_pack_id: null,
      waitlist_pack_id: packId,
    });
    const cancelled = resultOf<Cancelled>(
      await studio.run('booking.cancel', { bookingId: waiting.bookingId }),
    );
    expect(cancelled.creditReturned).toBe(false);
    expect(await creditsOf(packId)).toBe(5);
  });

  it('a freed place promotes the first waitlisted member and takes their pack credit then', async () => {
    const packId = await sellPack(studio.memberId);
    const [first] = await fillClass();
    const waiting = await book(studio.memberId, { method: 'pack', packId }, true, {
      at: minutesAfterNow(2),
    });
    const cancelled = resultOf<Cancelled>(
      await studio.run(
        'booking.cancel',
        { bookingId: first?.bookingId },
        { at: minutesAfterNow(3) },
      ),
    );
    expect(cancelled.promotedBookingId).toBe(waiting.bookingId);
    expect(await bookingOf(waiting.bookingId)).toMatchObject({
      status: 'confirmed',
      used_pack_id: packId,
      waitlist_pack_id: null,
      waitlist_position: null,
    });
    expect(await creditsOf(packId)).toBe(4);
  });

  it('passes over a member whose pack is empty (they stay waitlisted) and promotes the next', async () => {
    const packId = await sellPack(studio.memberId);
    const [first] = await fillClass();
    const skipped = await book(studio.memberId, { method: 'pack', packId }, true, {
      at: minutesAfterNow(2),
    });
    const next = await book(
      studio.subscriberId,
      { method: 'subscription', subscriptionId: studio.subscriptionId },
      true,
      { at: minutesAfterNow(3) },
    );
    // The pack's credits went to other classes meanwhile.
    await studio.db
      .updateTable('purchased_packs')
      .set({ remaining_credits: 0 })
      .where('id', '=', packId)
      .execute();
    const cancelled = resultOf<Cancelled>(
      await studio.run(
        'booking.cancel',
        { bookingId: first?.bookingId },
        { at: minutesAfterNow(4) },
      ),
    );
    expect(cancelled.promotedBookingId).toBe(next.bookingId);
    expect(await bookingOf(next.bookingId)).toMatchObject({
      status: 'confirmed',
      subscription_id: studio.subscriptionId,
    });
    expect(await bookingOf(skipped.bookingId)).toMatchObject({
      status: 'waitlisted',
      waitlist_position: 1,
    });
    expect(await creditsOf(packId)).toBe(0);
  });

  it('passes over a member whose membership lapsed while waiting; nothing is counted against it', async () => {
    const [first] = await fillClass();
    const lapsed = await book(
      studio.subscriberId,
      { method: 'subscription', subscriptionId: studio.subscriptionId },
      true,
      { at: minutesAfterNow(2) },
    );
    const next = await book(studio.memberId, { method: 'free' }, true, { at: minutesAfterNow(3) });
    await studio.db
      .updateTable('subscriptions')
      .set({ status: 'past_due' })
      .where('id', '=', studio.subscriptionId)
      .execute();
    const cancelled = resultOf<Cancelled>(
      await studio.run(
        'booking.cancel',
        { bookingId: first?.bookingId },
        { at: minutesAfterNow(4) },
      ),
    );
    expect(cancelled.promotedBookingId).toBe(next.bookingId);
    expect((await bookingOf(lapsed.bookingId)).status).toBe('waitlisted');
    expect(await reviewItems(studio)).toEqual([]);
  });

  it('booking.promote moves a waitlisted member into a free place paid the way chosen now', async () => {
    await setAutoPromote(false);
    const packId = await sellPack(studio.memberId);
    const [first] = await fillClass();
    const waiting = await book(studio.memberId, { method: 'free' }, true, {
      at: minutesAfterNow(2),
    });
    // Full: refused at the desk, nothing written.
    const before = await tenantFootprint(studio);
    expect(
      await studio.refused('booking.promote', {
        bookingId: waiting.bookingId,
        paidBy: { method: 'pack', packId },
      }),
    ).toBe('rule');
    expect(await tenantFootprint(studio)).toEqual(before);

    const cancelled = resultOf<Cancelled>(
      await studio.run(
        'booking.cancel',
        { bookingId: first?.bookingId },
        { at: minutesAfterNow(3) },
      ),
    );
    expect(cancelled.promotedBookingId).toBeNull();
    const promoted = await studio.run(
      'booking.promote',
      { bookingId: waiting.bookingId, paidBy: { method: 'pack', packId } },
      { at: minutesAfterNow(4) },
    );
    expect(promoted.result).toEqual({
      bookingId: waiting.bookingId,
      status: 'confirmed',
      promoted: true,
    });
    expect(await bookingOf(waiting.bookingId)).toMatchObject({
      status: 'confirmed',
      payment_method: 'pack',
      used_pack_id: packId,
    });
    expect(await creditsOf(packId)).toBe(4);
    // Not waitlisted any more: refused.
    expect(
      await studio.refused('booking.promote', {
        bookingId: waiting.bookingId,
        paidBy: { method: 'free' },
      }),
    ).toBe('rule');
  });

  it('two desks promoting into the last place offline: both kept, class_over_capacity', async () => {
    await setAutoPromote(false);
    const [first] = await fillClass();
    const one = await book(studio.memberId, { method: 'free' }, true, { at: minutesAfterNow(2) });
    const two = await book(studio.otherMemberId, { method: 'free' }, true, {
      at: minutesAfterNow(3),
    });
    await studio.run('booking.cancel', { bookingId: first?.bookingId }, { at: minutesAfterNow(4) });
    for (const [bookingId, deviceId] of [
      [one.bookingId, 'desk-one'],
      [two.bookingId, 'desk-two'],
    ] as const) {
      await studio.run(
        'booking.promote',
        { bookingId, paidBy: { method: 'free' } },
        { side: 'server', deviceId, at: minutesAfterNow(5) },
      );
    }
    expect((await bookingOf(one.bookingId)).status).toBe('confirmed');
    expect((await bookingOf(two.bookingId)).status).toBe('confirmed');
    expect(await reviewItems(studio)).toEqual([
      expect.objectContaining({
        kind: 'class_over_capacity',
        subject_id: studio.classId,
        member_id: studio.otherMemberId,
      }),
    ]);
  });

  it('a drop-in sold to a waitlisted member promotes their booking', async () => {
    const [first] = await fillClass();
    const waiting = await book(studio.memberId, { method: 'free' }, true, {
      at: minutesAfterNow(2),
    });
    await setAutoPromote(false);
    await studio.run('booking.cancel', { bookingId: first?.bookingId }, { at: minutesAfterNow(3) });
    const sold = resultOf<{ bookingIds: string[] }>(
      await studio.run(
        'pos.sale',
        {
          memberId: studio.memberId,
          lines: [{ kind: 'drop_in', classId: studio.classId, unitPrice: 2000 }],
          tenders: [{ method: 'external', amount: 2000, reference: 'drop-in' }],
        },
        { at: minutesAfterNow(4) },
      ),
    );
    expect(sold.bookingIds).toEqual([waiting.bookingId]);
    expect(await bookingOf(waiting.bookingId)).toMatchObject({
      status: 'confirmed',
      payment_method: 'drop_in',
    });
    expect(await reviewItems(studio)).toEqual([]);
  });
});
