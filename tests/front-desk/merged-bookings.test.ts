import { describe, expect, it } from 'vitest';
import { BACKENDS, CLASS_START, newCallId, resultOf, useSeededStudio } from './front-desk-harness';
import { reviewItems } from './ledger-invariants';

interface Booked {
  readonly bookingId: string;
  readonly merged: boolean;
}

/**
 * PROTOCOL.md R9 at the level of the shared mutations, on the desk's database and the
 * server's: a booking folded into another answers to its own id ever after.
 */
describe.each(BACKENDS)('merged bookings on %s', (backend) => {
  const studio = useSeededStudio(backend);

  /** Desk one's booking, then desk two's of the same member, as the server meets them. */
  async function foldSecondDesk(memberId = studio.memberId) {
    const args = { classId: studio.classId, memberId, paidBy: { method: 'free' } };
    const first = resultOf<Booked>(await studio.run('booking.book', args));
    const callId = newCallId();
    const second = resultOf<Booked>(
      await studio.run('booking.book', args, {
        side: 'server',
        deviceId: 'desk-two',
        as: 'manager',
        callId,
      }),
    );
    expect(second).toMatchObject({ bookingId: first.bookingId, merged: true });
    const alias = await studio.db
      .selectFrom('id_aliases')
      .selectAll()
      .where('mutation_id', '=', callId)
      .executeTakeFirstOrThrow();
    expect(alias).toMatchObject({ table_name: 'bookings', surviving_id: first.bookingId });
    return { survivor: first.bookingId, alias: alias.alias_id };
  }

  const bookingOf = (id: string) =>
    studio.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();

  it('R9.1 R9.4 records the fold as an alias and a review item naming both desks and staff', async () => {
    const { survivor, alias } = await foldSecondDesk();
    expect(await bookingOf(alias)).toBeUndefined();
    expect(await bookingOf(survivor)).toMatchObject({
      staff_id: studio.staff.frontDesk,
      device_id: 'desk-front-1',
    });
    const [item, ...others] = await reviewItems(studio);
    expect(others).toEqual([]);
    expect(item).toMatchObject({ kind: 'duplicate_booking', subject_id: survivor });
    expect(JSON.parse(item?.device_ids ?? '[]')).toEqual(['desk-front-1', 'desk-two']);
    expect(JSON.parse(item?.details ?? '{}')).toMatchObject({
      actorIds: [studio.staff.frontDesk, studio.staff.manager],
    });
  });

  it('R9.2 lands a no-show and a check-in naming the folded id on the surviving booking', async () => {
    const { survivor, alias } = await foldSecondDesk();
    const afterStart = new Date(Date.parse(CLASS_START) + 60_000).toISOString();
    // At either side: the desk holds the alias once it has pulled it.
    for (const side of ['desk', 'server'] as const) {
      const noShow = resultOf<{ bookingId: string }>(
        await studio.run('booking.noShow', { bookingId: alias }, { at: afterStart, side }),
      );
      expect(noShow.bookingId).toBe(survivor);
    }
    expect(await bookingOf(survivor)).toMatchObject({ status: 'no_show' });

    // Another member, whose signed waiver lets the check-in through.
    await studio.run('waiver.sign', {
      templateId: studio.waiverTemplateId,
      memberId: studio.otherMemberId,
      signature: 'Typed name',
    });
    const other = await foldSecondDesk(studio.otherMemberId);
    // Inside the check-in window, which opens an hour before the start.
    const beforeStart = new Date(Date.parse(CLASS_START) - 10 * 60_000).toISOString();
    await studio.run(
      'booking.checkIn',
      { bookingId: other.alias },
      { at: beforeStart, as: 'instructor' },
    );
    expect((await bookingOf(other.survivor))?.checked_in_at).toBe(beforeStart);
  });
});
