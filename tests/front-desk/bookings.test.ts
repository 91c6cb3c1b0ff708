import { describe, expect, it } from 'vitest';
import {
  BACKENDS,
  CLASS_START,
  minutesAfterNow,
  NOW,
  resultOf,
  useSeededStudio,
  startClassSoon,
} from './front-desk-harness';
import { reviewItems, tenantFootprint } from './ledger-invariants';

interface Booked {
  readonly bookingId: string;
  readonly status: string;
  readonly waitlistPosition: number | null;
}

describe.each(BACKENDS)('bookings and check-in on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const bookFree = (memberId: string, options: { waitlist?: boolean; at?: string } = {}) =>
    studio.run(
      'booking.book',
      {
        classId: studio.classId,
        memberId,
        paidBy: { method: 'free' },
        ...(options.waitlist ? { waitlist: true } : {}),
      },
      { at: options.at ?? NOW },
    );
  const bookingOf = (bookingId: string) =>
    studio.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
  const sign = (memberId: string) =>
    studio.run('waiver.sign', {
      templateId: studio.waiverTemplateId,
      memberId,
      signature: 'Typed name',
    });

  it('fills the class, then waitlists; a freed place goes to the head of the waitlist', async () => {
    const subscribed = resultOf<Booked>(
      await studio.run('booking.book', {
        classId: studio.classId,
        memberId: studio.subscriberId,
        paidBy: { method: 'subscription', subscriptionId: studio.subscriptionId },
      }),
    );
    expect(subscribed.status).toBe('confirmed');
    expect(await bookingOf(subscribed.bookingId)).toMatchObject({
      payment_method: 'subscription',
      subscription_id: studio.subscriptionId,
      start_time: CLASS_START,
    });
    await bookFree(studio.memberId, { at: minutesAfterNow(1) });
    const before = await tenantFootprint(studio);
    expect(
      await studio.refused('booking.book', {
        classId: studio.classId,
        memberId: studio.otherMemberId,
        paidBy: { method: 'free' },
      }),
    ).toBe('rule');
    expect(await tenantFootprint(studio)).toEqual(before);
    const waiting = resultOf<Booked>(
      await bookFree(studio.otherMemberId, { waitlist: true, at: minutesAfterNow(2) }),
    );
    expect(waiting).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    const cancelled = resultOf<{ promotedBookingId: string | null }>(
      await studio.run(
        'booking.cancel',
        { bookingId: subscribed.bookingId },
        { at: minutesAfterNow(3) },
      ),
    );
    expect(cancelled.promotedBookingId).toBe(waiting.bookingId);
    expect(await bookingOf(waiting.bookingId)).toMatchObject({
      status: 'confirmed',
      waitlist_position: null,
    });
    const roster = await studio.query<{
      confirmed: number;
      entries: { name: string; status: string }[];
    }>('class.roster', { classId: studio.classId });
    expect(roster.confirmed).toBe(2);
    expect(roster.entries.map((e) => [e.name, e.status]).sort()).toEqual([
      ['Maya Tester', 'confirmed'],
      ['Omar Tester', 'confirmed'],
      ['Sami Tester', 'cancelled'],
    ]);
  });

  it('records at the server a booking the desk made into a class another desk filled', async () => {
    await bookFree(studio.subscriberId);
    await bookFree(studio.otherMemberId, { at: minutesAfterNow(1) });
    const outcome = await studio.run(
      'booking.book',
      { classId: studio.classId, memberId: studio.memberId, paidBy: { method: 'free' } },
      { side: 'server', deviceId: 'desk-two', at: minutesAfterNow(2) },
    );
    expect(outcome.breaches.map((b) => b.kind)).toEqual(['class_over_capacity']);
    expect(await reviewItems(studio)).toEqual([
      expect.objectContaining({
        kind: 'class_over_capacity',
        member_id: studio.memberId,
        subject_id: studio.classId,
      }),
    ]);
  });

  it('blocks check-in on an unsigned required waiver; an override is audited; a signature opens it', async () => {
    await startClassSoon(studio); // they check in at NOW, inside the window
    const booked = resultOf<Booked>(await bookFree(studio.memberId));
    const before = await tenantFootprint(studio);
    expect(await studio.refused('booking.checkIn', { bookingId: booked.bookingId })).toBe('rule');
    expect(
      await studio.refused(
        'booking.checkIn',
        { bookingId: booked.bookingId, waiverOverrideReason: 'signing after class' },
        { as: 'instructor' },
      ),
    ).toBe('forbidden');
    expect(await tenantFootprint(studio)).toEqual(before);
    await studio.run('booking.checkIn', {
      bookingId: booked.bookingId,
      waiverOverrideReason: 'signing after class',
    });
    expect((await bookingOf(booked.bookingId)).checked_in_at).toBe(NOW);
    const audit = await studio.db
      .selectFrom('audit_logs')
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'waiver.override',
      target_id: booked.bookingId,
      actor_id: studio.staff.frontDesk,
    });
    expect(JSON.parse(audit.details)).toEqual({
      memberId: studio.memberId,
      waiverTemplateIds: [studio.waiverTemplateId],
      reason: 'signing after class',
    });

    await sign(studio.otherMemberId);
    const signed = resultOf<Booked>(
      await bookFree(studio.otherMemberId, { at: minutesAfterNow(1) }),
    );
    await studio.run('booking.checkIn', { bookingId: signed.bookingId }, { as: 'instructor' });
    expect((await bookingOf(signed.bookingId)).checked_in_at).toBe(NOW);
  });

  it('checks walk-ins in: a subscriber at once, a drop-in after the sale', async () => {
    await startClassSoon(studio); // they check in at NOW, inside the window
    await sign(studio.subscriberId);
    await sign(studio.memberId);
    const walkIn = resultOf<Booked>(
      await studio.run('booking.book', {
        classId: studio.classId,
        memberId: studio.subscriberId,
        paidBy: { method: 'subscription', subscriptionId: studio.subscriptionId },
        checkIn: true,
      }),
    );
    expect((await bookingOf(walkIn.bookingId)).checked_in_at).toBe(NOW);
    const sale = resultOf<{ bookingIds: string[] }>(
      await studio.run('pos.sale', {
        memberId: studio.memberId,
        lines: [{ kind: 'drop_in', classId: studio.classId, unitPrice: 2000 }],
        tenders: [{ method: 'card', amount: 2000, paymentIntentId: 'pi_drop_in' }],
      }),
    );
    const [bookingId = ''] = sale.bookingIds;
    await studio.run('booking.checkIn', { bookingId });
    expect(await bookingOf(bookingId)).toMatchObject({
      payment_method: 'drop_in',
      checked_in_at: NOW,
    });
  });

  it('offers subscription, then pack, then drop-in, then free', async () => {
    await studio.run('pack.sell', {
      memberId: studio.subscriberId,
      packDefinitionId: studio.packDefinitionId,
      unitPrice: 6000,
      tenders: [{ method: 'card', amount: 6000, paymentIntentId: 'pi_pack' }],
    });
    const options = await studio.query<{
      options: { method: string }[];
      missingWaivers: unknown[];
    }>('booking.options', { memberId: studio.subscriberId, classId: studio.classId, at: NOW });
    expect(options.options.map((o) => o.method)).toEqual([
      'subscription',
      'pack',
      'drop_in',
      'free',
    ]);
    expect(options.missingWaivers).toHaveLength(1);
  });

  it('flags at the server a check-in on a membership that had lapsed', async () => {
    await studio.db
      .updateTable('subscriptions')
      .set({ status: 'canceled' })
      .where('id', '=', studio.subscriptionId)
      .execute();
    const args = {
      classId: studio.classId,
      memberId: studio.subscriberId,
      paidBy: { method: 'subscription', subscriptionId: studio.subscriptionId },
    };
    expect(await studio.refused('booking.book', args)).toBe('rule');
    const outcome = await studio.run('booking.book', args, { side: 'server' });
    expect(outcome.breaches.map((b) => b.kind)).toEqual(['membership_lapsed']);
    expect(await reviewItems(studio)).toEqual([
      expect.objectContaining({
        kind: 'membership_lapsed',
        member_id: studio.subscriberId,
        amount: 2000,
      }),
    ]);
  });

  it('marks a no-show once the class started; instructors may, but may not book', async () => {
    const booked = resultOf<Booked>(await bookFree(studio.memberId));
    expect(
      await studio.refused('booking.noShow', { bookingId: booked.bookingId }, { as: 'instructor' }),
    ).toBe('rule');
    const afterStart = new Date(Date.parse(CLASS_START) + 30 * 60_000).toISOString();
    await studio.run(
      'booking.noShow',
      { bookingId: booked.bookingId },
      { as: 'instructor', at: afterStart },
    );
    expect((await bookingOf(booked.bookingId)).status).toBe('no_show');
    expect(
      await studio.refused(
        'booking.book',
        { classId: studio.classId, memberId: studio.otherMemberId, paidBy: { method: 'free' } },
        { as: 'instructor' },
      ),
    ).toBe('forbidden');
  });

  it('lets a member sign their own waiver only, and refuses malformed bookings', async () => {
    const self = { memberId: studio.memberId, roles: ['student' as const] };
    await studio.run(
      'waiver.sign',
      { templateId: studio.waiverTemplateId, memberId: studio.memberId, signature: 'Maya' },
      { as: self },
    );
    expect(
      await studio.refused(
        'waiver.sign',
        { templateId: studio.waiverTemplateId, memberId: studio.otherMemberId, signature: 'Omar' },
        { as: self },
      ),
    ).toBe('forbidden');
    expect(
      await studio.refused('booking.book', {
        classId: studio.classId,
        memberId: studio.memberId,
        paidBy: { method: 'free' },
        waitlist: true,
        checkIn: true,
      }),
    ).toBe('invalid');
    expect(
      await studio.refused('booking.book', {
        classId: 'not-a-uuid',
        memberId: studio.memberId,
        paidBy: { method: 'free' },
      }),
    ).toBe('invalid');
  });
});
