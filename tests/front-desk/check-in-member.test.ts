import { beforeEach, describe, expect, it } from 'vitest';
import type { MutationArgs, MutationResult } from '../../src-shared/bridge/desk-operations';
import {
  BACKENDS,
  minutesAfterNow,
  newCallId,
  NOW,
  resultOf,
  startClassSoon,
  useSeededStudio,
} from './front-desk-harness';
import { reviewItems, tenantFootprint } from './ledger-invariants';

type CheckedIn = MutationResult<'booking.checkInMember'>;
type CheckInArgs = MutationArgs<'booking.checkInMember'>;

/**
 * `booking.checkInMember`: the front desk's check-in as one shared mutation. The desk chooses
 * how the class is paid on its copy, in the studio's order, and records the choice in the
 * arguments it sends (PROTOCOL.md R1.7); the server re-runs that choice, and folds a second
 * desk's booking of the same member into the first (R9).
 */
describe.each(BACKENDS)('check-in of a member on %s', (backend) => {
  const studio = useSeededStudio(backend);
  // Members check in at NOW: the class starts soon after, inside the check-in window.
  beforeEach(() => startClassSoon(studio));

  const checkInArgs = (memberId: string, extra: Partial<CheckInArgs> = {}): CheckInArgs => ({
    classId: studio.classId,
    memberId,
    ...extra,
  });
  const sign = (memberId: string) =>
    studio.run('waiver.sign', {
      templateId: studio.waiverTemplateId,
      memberId,
      signature: 'Typed name',
    });
  const sellPack = async (memberId: string, at = NOW) => {
    const sold = resultOf<{ packIds: string[] }>(
      await studio.run(
        'pack.sell',
        {
          memberId,
          packDefinitionId: studio.packDefinitionId,
          unitPrice: 6000,
          tenders: [{ method: 'external', amount: 6000, reference: 'voucher' }],
        },
        { at },
      ),
    );
    return sold.packIds[0] ?? '';
  };
  const bookingOf = (bookingId: string) =>
    studio.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
  const creditsOf = async (packId: string) =>
    (
      await studio.db
        .selectFrom('purchased_packs')
        .select('remaining_credits')
        .where('id', '=', packId)
        .executeTakeFirstOrThrow()
    ).remaining_credits;

  it('R1.7 takes the subscription before a pack, and records the choice in the arguments', async () => {
    await sign(studio.subscriberId);
    await sellPack(studio.subscriberId);
    const outcome = await studio.run('booking.checkInMember', checkInArgs(studio.subscriberId));
    const checkedIn = resultOf<CheckedIn>(outcome);
    expect(checkedIn).toMatchObject({ paidBy: 'subscription', merged: false });
    expect(outcome.args).toEqual({
      ...checkInArgs(studio.subscriberId),
      paidBy: { method: 'subscription', subscriptionId: studio.subscriptionId },
    });
    expect(await bookingOf(checkedIn.bookingId)).toMatchObject({
      payment_method: 'subscription',
      subscription_id: studio.subscriptionId,
      status: 'confirmed',
      checked_in_at: NOW,
    });
  });

  it('R1.7 spends the pack credit that expires first', async () => {
    await sign(studio.memberId);
    const later = await sellPack(studio.memberId, minutesAfterNow(-2));
    const sooner = await sellPack(studio.memberId, minutesAfterNow(-1));
    await studio.db
      .updateTable('purchased_packs')
      .set({ expires_at: '2026-12-20T00:00:00.000Z' })
      .where('id', '=', sooner)
      .execute();
    const outcome = await studio.run('booking.checkInMember', checkInArgs(studio.memberId));
    expect(resultOf<CheckedIn>(outcome)).toMatchObject({ paidBy: 'pack', packCreditsLeft: 4 });
    expect(outcome.args).toMatchObject({ paidBy: { method: 'pack', packId: sooner } });
    expect([await creditsOf(sooner), await creditsOf(later)]).toEqual([4, 5]);
  });

  it('checks in the booking a member already has, once', async () => {
    await sign(studio.memberId);
    const booked = resultOf<{ bookingId: string }>(
      await studio.run('booking.book', {
        classId: studio.classId,
        memberId: studio.memberId,
        paidBy: { method: 'free' },
      }),
    );
    const first = await studio.run('booking.checkInMember', checkInArgs(studio.memberId));
    expect(resultOf<CheckedIn>(first)).toEqual({
      bookingId: booked.bookingId,
      paidBy: 'booking',
      packCreditsLeft: null,
      merged: false,
    });
    expect(first.args).toMatchObject({
      paidBy: { method: 'booking', bookingId: booked.bookingId },
    });
    const before = await tenantFootprint(studio);
    const again = await studio.run('booking.checkInMember', checkInArgs(studio.memberId), {
      at: minutesAfterNow(5),
    });
    expect(resultOf<CheckedIn>(again).bookingId).toBe(booked.bookingId);
    expect((await bookingOf(booked.bookingId)).checked_in_at).toBe(NOW);
    expect(await tenantFootprint(studio)).toEqual(before);
  });

  it('refuses, writing nothing, what staff must act on: a waiver, a way to pay, a full class', async () => {
    const before = await tenantFootprint(studio);
    expect(await studio.refused('booking.checkInMember', checkInArgs(studio.otherMemberId))).toBe(
      'waiver_missing',
    );
    expect(await tenantFootprint(studio)).toEqual(before);

    await sign(studio.otherMemberId);
    const signed = await tenantFootprint(studio);
    // No membership and no pack: a drop-in is a sale, never chosen for staff.
    expect(await studio.refused('booking.checkInMember', checkInArgs(studio.otherMemberId))).toBe(
      'payment_needed',
    );
    expect(await tenantFootprint(studio)).toEqual(signed);

    // Free only when staff say so.
    const free = resultOf<CheckedIn>(
      await studio.run(
        'booking.checkInMember',
        checkInArgs(studio.otherMemberId, { paidBy: { method: 'free' } }),
      ),
    );
    expect(await bookingOf(free.bookingId)).toMatchObject({
      payment_method: 'free',
      checked_in_at: NOW,
    });

    // The class holds two: with Omar in, a second booking fills it.
    await studio.run('booking.book', {
      classId: studio.classId,
      memberId: studio.subscriberId,
      paidBy: { method: 'subscription', subscriptionId: studio.subscriptionId },
    });
    await sign(studio.memberId);
    await sellPack(studio.memberId);
    const full = await tenantFootprint(studio);
    expect(await studio.refused('booking.checkInMember', checkInArgs(studio.memberId))).toBe(
      'class_full',
    );
    expect(await tenantFootprint(studio)).toEqual(full);
  });

  it('lets an unsigned member in with a reason, audited', async () => {
    const checkedIn = resultOf<CheckedIn>(
      await studio.run(
        'booking.checkInMember',
        checkInArgs(studio.subscriberId, { waiverOverrideReason: 'signing after class' }),
      ),
    );
    const audit = await studio.db
      .selectFrom('audit_logs')
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .where('action', '=', 'waiver.override')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ target_id: checkedIn.bookingId });
  });

  it('R1.4 refuses a student; an instructor checks in a booked member but books no one', async () => {
    await sign(studio.memberId);
    await sign(studio.otherMemberId);
    await sellPack(studio.otherMemberId);
    const student = { memberId: studio.memberId, roles: ['student' as const] };
    expect(
      await studio.refused('booking.checkInMember', checkInArgs(studio.memberId), { as: student }),
    ).toBe('forbidden');

    const before = await tenantFootprint(studio);
    expect(
      await studio.refused('booking.checkInMember', checkInArgs(studio.otherMemberId), {
        as: 'instructor',
      }),
    ).toBe('forbidden');
    expect(await tenantFootprint(studio)).toEqual(before);
    // The server reads roles itself: a desk's recorded walk-in by an instructor is refused.
    const walkIn = checkInArgs(studio.otherMemberId, {
      paidBy: { method: 'free' },
    });
    expect(
      await studio.refused('booking.checkInMember', walkIn, { as: 'instructor', side: 'server' }),
    ).toBe('forbidden');

    const booked = resultOf<{ bookingId: string }>(
      await studio.run('booking.book', {
        classId: studio.classId,
        memberId: studio.memberId,
        paidBy: { method: 'free' },
      }),
    );
    const checkedIn = resultOf<CheckedIn>(
      await studio.run('booking.checkInMember', checkInArgs(studio.memberId), {
        as: 'instructor',
      }),
    );
    expect(checkedIn.bookingId).toBe(booked.bookingId);
  });

  it('R1.7 the server runs only a recorded choice', async () => {
    await sign(studio.subscriberId);
    expect(
      await studio.refused('booking.checkInMember', checkInArgs(studio.subscriberId), {
        side: 'server',
      }),
    ).toBe('invalid');
  });

  it('R9.1 R9.2 folds a second desk’s check-in of the same member into the first booking', async () => {
    await sign(studio.memberId);
    const packId = await sellPack(studio.memberId);
    const atDeskOne = await studio.run('booking.checkInMember', checkInArgs(studio.memberId), {
      deviceId: 'desk-one',
    });
    const first = resultOf<CheckedIn>(atDeskOne);
    // Desk two, offline, chose the same pack on its copy, which held no booking yet.
    const callId = newCallId(minutesAfterNow(1));
    const second = resultOf<CheckedIn>(
      await studio.run(
        'booking.checkInMember',
        checkInArgs(studio.memberId, { paidBy: { method: 'pack', packId } }),
        { side: 'server', deviceId: 'desk-two', as: 'manager', at: minutesAfterNow(1), callId },
      ),
    );
    expect(second).toMatchObject({ bookingId: first.bookingId, merged: true });
    const alias = await studio.db
      .selectFrom('id_aliases')
      .selectAll()
      .where('mutation_id', '=', callId)
      .executeTakeFirstOrThrow();
    expect(alias).toMatchObject({ table_name: 'bookings', surviving_id: first.bookingId });
    // One booking, one credit, checked in at desk one's time.
    const bookings = await studio.db
      .selectFrom('bookings')
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .where('member_id', '=', studio.memberId)
      .execute();
    expect(bookings).toEqual([
      expect.objectContaining({ id: first.bookingId, checked_in_at: NOW, device_id: 'desk-one' }),
    ]);
    expect(await creditsOf(packId)).toBe(4);
    const [item, ...others] = await reviewItems(studio);
    expect(others).toEqual([]);
    expect(item).toMatchObject({ kind: 'duplicate_booking', subject_id: first.bookingId });
    expect(JSON.parse(item?.device_ids ?? '[]')).toEqual(['desk-one', 'desk-two']);

    // Desk two, still on its own copy, checks the member in again by its own booking's id.
    const later = resultOf<CheckedIn>(
      await studio.run(
        'booking.checkInMember',
        checkInArgs(studio.memberId, { paidBy: { method: 'booking', bookingId: alias.alias_id } }),
        { side: 'server', deviceId: 'desk-two', at: minutesAfterNow(2) },
      ),
    );
    expect(later.bookingId).toBe(first.bookingId);
  });
});
