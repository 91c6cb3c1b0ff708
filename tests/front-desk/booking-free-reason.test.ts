import { describe, expect, it } from 'vitest';
import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
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
interface RosterEntry {
  readonly bookingId: string;
  readonly paidBy: string | null;
  readonly freeReason: string | null;
}
interface Profile {
  readonly upcomingBookings: {
    readonly bookingId: string;
    readonly paidBy: string | null;
    readonly freeReason: string | null;
  }[];
}

/** Issue 18: a free place booked ahead carries the reason staff typed. */
describe.each(BACKENDS)('the reason for a free booking on %s (issue 18)', (backend) => {
  const studio = useSeededStudio(backend);

  const book = async (
    memberId: string,
    paidBy: unknown,
    extra: { waitlist?: boolean } = {},
    options: RunOptions = {},
  ) =>
    resultOf<Booked>(
      await studio.run(
        'booking.book',
        { classId: studio.classId, memberId, paidBy, ...extra },
        options,
      ),
    );
  const bookingOf = (bookingId: string) =>
    studio.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
  /** The refusal's code and message: staff read the message, so the test reads it too. */
  const refusal = async (name: string, args: unknown) => {
    try {
      await studio.run(name, args);
    } catch (error) {
      if (error instanceof MutationRefusal) return { code: error.code, message: error.message };
      throw error;
    }
    throw new Error(`${name} was expected to be refused but ran`);
  };

  it('stores the reason, trimmed, and the roster and the member’s bookings show it', async () => {
    const booked = await book(studio.memberId, { method: 'free', reason: '  instructor’s guest ' });
    expect(booked.status).toBe('confirmed');
    expect(await bookingOf(booked.bookingId)).toMatchObject({
      status: 'confirmed',
      payment_method: 'free',
      free_reason: 'instructor’s guest',
      used_pack_id: null,
      subscription_id: null,
    });

    const roster = await studio.query<{ entries: RosterEntry[] }>('class.roster', {
      classId: studio.classId,
    });
    expect(roster.entries).toEqual([
      expect.objectContaining({
        bookingId: booked.bookingId,
        paidBy: 'free',
        freeReason: 'instructor’s guest',
      }),
    ]);
    const profile = await studio.query<Profile>('member.profile', {
      memberId: studio.memberId,
      at: '2026-12-01T09:00:00.000Z',
    });
    expect(profile.upcomingBookings).toEqual([
      expect.objectContaining({
        bookingId: booked.bookingId,
        paidBy: 'free',
        freeReason: 'instructor’s guest',
      }),
    ]);
  });

  it('takes a reason of exactly 200 characters; other payments keep no reason', async () => {
    const longest = 'm'.repeat(200);
    const free = await book(studio.memberId, { method: 'free', reason: longest });
    expect((await bookingOf(free.bookingId)).free_reason).toBe(longest);
    const paid = await book(studio.subscriberId, {
      method: 'subscription',
      subscriptionId: studio.subscriptionId,
    });
    expect(await bookingOf(paid.bookingId)).toMatchObject({
      payment_method: 'subscription',
      free_reason: null,
    });
  });

  it('refuses a reason of only spaces or of 201 characters with a clear error, writing nothing', async () => {
    const before = await tenantFootprint(studio);
    const blank = await refusal('booking.book', {
      classId: studio.classId,
      memberId: studio.memberId,
      paidBy: { method: 'free', reason: '    ' },
    });
    expect(blank.code).toBe('invalid');
    expect(blank.message).toMatch(/paidBy\.reason: the reason for a free booking cannot be blank/);
    const tooLong = await refusal('booking.book', {
      classId: studio.classId,
      memberId: studio.memberId,
      paidBy: { method: 'free', reason: 'x'.repeat(201) },
    });
    expect(tooLong.code).toBe('invalid');
    expect(tooLong.message).toMatch(
      /paidBy\.reason: the reason for a free booking is at most 200 characters/,
    );
    // A reason is for a free place only: another payment with one is refused too.
    const packWithReason = await refusal('booking.book', {
      classId: studio.classId,
      memberId: studio.memberId,
      paidBy: { method: 'subscription', subscriptionId: studio.subscriptionId, reason: 'x' },
    });
    expect(packWithReason.code).toBe('invalid');
    expect(await tenantFootprint(studio)).toEqual(before);
    expect(
      await studio.db
        .selectFrom('bookings')
        .select('id')
        .where('tenant_id', '=', studio.tenantId)
        .execute(),
    ).toEqual([]);
  });

  it('accepts a free booking queued by an older desk without a reason, at the desk and the server', async () => {
    const atDesk = await book(studio.memberId, { method: 'free' });
    expect(await bookingOf(atDesk.bookingId)).toMatchObject({
      status: 'confirmed',
      payment_method: 'free',
      free_reason: null,
    });
    const atServer = await book(studio.otherMemberId, { method: 'free' }, {}, { side: 'server' });
    expect(await bookingOf(atServer.bookingId)).toMatchObject({
      payment_method: 'free',
      free_reason: null,
    });
    const roster = await studio.query<{ entries: RosterEntry[] }>('class.roster', {
      classId: studio.classId,
    });
    expect(roster.entries.map((e) => e.freeReason)).toEqual([null, null]);
  });

  it('keeps the reason of a free place chosen for the waitlist when the member is promoted', async () => {
    await studio.db
      .updateTable('tenants')
      .set({ settings: JSON.stringify({ lateCancelHours: 12, waitlistAutoPromote: true }) })
      .where('id', '=', studio.tenantId)
      .execute();
    const first = await book(studio.staff.owner, { method: 'free', reason: 'owner' });
    await book(
      studio.staff.manager,
      { method: 'free', reason: 'manager' },
      {},
      {
        at: minutesAfterNow(1),
      },
    );
    const waiting = await book(
      studio.memberId,
      { method: 'free', reason: 'make-up class' },
      { waitlist: true },
      { at: minutesAfterNow(2) },
    );
    expect(await bookingOf(waiting.bookingId)).toMatchObject({
      status: 'waitlisted',
      free_reason: 'make-up class',
    });
    await studio.run('booking.cancel', { bookingId: first.bookingId }, { at: minutesAfterNow(3) });
    expect(await bookingOf(waiting.bookingId)).toMatchObject({
      status: 'confirmed',
      payment_method: 'free',
      free_reason: 'make-up class',
    });
  });

  it('records the reason given when staff promote a waitlisted member free', async () => {
    const first = await book(studio.staff.owner, { method: 'free', reason: 'owner' });
    await book(
      studio.staff.manager,
      { method: 'free', reason: 'manager' },
      {},
      {
        at: minutesAfterNow(1),
      },
    );
    const waiting = await book(
      studio.subscriberId,
      { method: 'subscription', subscriptionId: studio.subscriptionId },
      { waitlist: true },
      { at: minutesAfterNow(2) },
    );
    await studio.db
      .updateTable('tenants')
      .set({ settings: JSON.stringify({ lateCancelHours: 12, waitlistAutoPromote: false }) })
      .where('id', '=', studio.tenantId)
      .execute();
    await studio.run('booking.cancel', { bookingId: first.bookingId }, { at: minutesAfterNow(3) });
    await studio.run(
      'booking.promote',
      { bookingId: waiting.bookingId, paidBy: { method: 'free', reason: 'birthday week' } },
      { at: minutesAfterNow(4) },
    );
    expect(await bookingOf(waiting.bookingId)).toMatchObject({
      status: 'confirmed',
      payment_method: 'free',
      subscription_id: null,
      free_reason: 'birthday week',
    });
  });

  it('names the reason when a free booking made at another desk is merged into one already there', async () => {
    await book(studio.memberId, { method: 'pack', packId: await sellPack() });
    // The server re-runs a second desk's free booking of the same member (R9).
    const merged = resultOf<{ merged: boolean }>(
      await studio.run(
        'booking.book',
        {
          classId: studio.classId,
          memberId: studio.memberId,
          paidBy: { method: 'free', reason: 'make-up class' },
        },
        { side: 'server', deviceId: 'desk-front-2' },
      ),
    );
    expect(merged.merged).toBe(true);
    const items = await reviewItems(studio);
    expect(items).toEqual([expect.objectContaining({ kind: 'duplicate_booking' })]);
    expect(items[0]?.details).toContain('free: make-up class');
  });

  async function sellPack(): Promise<string> {
    return (
      resultOf<{ packIds: string[] }>(
        await studio.run('pack.sell', {
          memberId: studio.memberId,
          packDefinitionId: studio.packDefinitionId,
          unitPrice: 6000,
          tenders: [{ method: 'external', amount: 6000, reference: 'pack' }],
        }),
      ).packIds[0] ?? ''
    );
  }
});
