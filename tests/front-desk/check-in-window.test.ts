import { describe, expect, it } from 'vitest';
import type { MutationResult } from '../../src-shared/bridge/desk-operations';
import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import {
  BACKENDS,
  CLASS_START,
  resultOf,
  useSeededStudio,
  type RunOptions,
} from './front-desk-harness';
import { reviewItems, tenantFootprint } from './ledger-invariants';

type CheckedIn = MutationResult<'booking.checkInMember'>;

/** CLASS_START moved by some minutes: Wed, Dec 2, 12:00 PM in the studio's Chicago. */
const around = (minutes: number) =>
  new Date(Date.parse(CLASS_START) + minutes * 60_000).toISOString();

/**
 * Issue 17 item 4: check-in keeps to the studio's window (checkInOpensMinutes before the
 * start to checkInClosesMinutes after it; 60 and 15 unless the studio says otherwise). The
 * desk refuses outside it, saying when it opens or closed, and writes nothing; the server
 * records a desk's check-in that it re-runs outside it (an offline check-in is a fact).
 */
describe.each(BACKENDS)('issue 17 item 4: the check-in window on %s', (backend) => {
  const studio = useSeededStudio(backend);
  const sign = (memberId: string, at: string) =>
    studio.run(
      'waiver.sign',
      { templateId: studio.waiverTemplateId, memberId, signature: 'Typed name' },
      { at },
    );
  const checkIn = (at: string, extra: RunOptions = {}) =>
    studio.run(
      'booking.checkInMember',
      { classId: studio.classId, memberId: studio.subscriberId },
      { at, ...extra },
    );
  const refusal = async (at: string): Promise<MutationRefusal> => {
    try {
      await checkIn(at);
    } catch (error) {
      if (error instanceof MutationRefusal) return error;
      throw error;
    }
    throw new Error('the check-in was expected to be refused');
  };
  const setWindow = (opens: number, closes: number) =>
    studio.run(
      'studio.updateSettings',
      { checkInOpensMinutes: opens, checkInClosesMinutes: closes },
      { as: 'owner', at: around(-24 * 60) },
    );

  it('refuses before the window opens, names when it opens, and writes nothing', async () => {
    await sign(studio.subscriberId, around(-120));
    const before = await tenantFootprint(studio);
    const early = await refusal(around(-61));
    expect(early.code).toBe('rule');
    expect(early.message).toBe(
      'Check-in for Vinyasa Flow (Wed, Dec 2, 12:00 PM) opens at Wed, Dec 2, 11:00 AM, 60 minutes before it starts.',
    );
    expect(await tenantFootprint(studio)).toEqual(before);
  });

  it('checks in from the opening to the close, and refuses after it closes', async () => {
    await sign(studio.subscriberId, around(-120));
    const opening = resultOf<CheckedIn>(await checkIn(around(-60)));
    expect(opening.paidBy).toBe('subscription');
    const late = await refusal(around(16));
    expect(late.message).toBe(
      'Check-in for Vinyasa Flow (Wed, Dec 2, 12:00 PM) closed at Wed, Dec 2, 12:15 PM, 15 minutes after it started.',
    );
  });

  it('keeps to the window the studio set', async () => {
    await sign(studio.subscriberId, around(-120));
    await setWindow(30, 5);
    expect((await refusal(around(-31))).message).toContain('30 minutes before it starts');
    expect((await refusal(around(6))).message).toContain('closed at Wed, Dec 2, 12:05 PM');
    expect(resultOf<CheckedIn>(await checkIn(around(5))).paidBy).toBe('subscription');
  });

  it('refuses checking in a booked member by their booking outside the window', async () => {
    await sign(studio.subscriberId, around(-120));
    const booked = resultOf<{ bookingId: string }>(
      await studio.run(
        'booking.book',
        {
          classId: studio.classId,
          memberId: studio.subscriberId,
          paidBy: { method: 'subscription', subscriptionId: studio.subscriptionId },
        },
        { at: around(-24 * 60) },
      ),
    );
    expect(
      await studio.refused('booking.checkIn', { bookingId: booked.bookingId }, { at: around(-90) }),
    ).toBe('rule');
    await studio.run('booking.checkIn', { bookingId: booked.bookingId }, { at: around(-10) });
    const row = await studio.db
      .selectFrom('bookings')
      .select('checked_in_at')
      .where('id', '=', booked.bookingId)
      .executeTakeFirstOrThrow();
    expect(row.checked_in_at).toBe(around(-10));
  });

  it('records at the server a desk check-in re-run outside the window, with no review item', async () => {
    await sign(studio.subscriberId, around(-120));
    // The class moved after an offline desk checked the member in: the check-in stands.
    const outcome = await studio.run(
      'booking.checkInMember',
      {
        classId: studio.classId,
        memberId: studio.subscriberId,
        paidBy: { method: 'subscription', subscriptionId: studio.subscriptionId },
      },
      { at: around(-300), side: 'server' },
    );
    const row = await studio.db
      .selectFrom('bookings')
      .select(['checked_in_at', 'status'])
      .where('id', '=', resultOf<CheckedIn>(outcome).bookingId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ checked_in_at: around(-300), status: 'confirmed' });
    expect(await reviewItems(studio)).toEqual([]);
  });
});
