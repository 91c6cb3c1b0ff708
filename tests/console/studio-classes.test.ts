import { describe, expect, it } from 'vitest';
import {
  BACKENDS,
  CLASS_START,
  DESK,
  minutesAfterNow,
  newCallId,
  resultOf,
  useSeededStudio,
} from '../front-desk/front-desk-harness';
import { reviewItems } from '../front-desk/ledger-invariants';
import { consoleFootprint, forgetAuditEntries } from './studio-console-harness';

interface ClassView {
  readonly classId: string;
  readonly title: string;
  readonly roomId: string | null;
  readonly roomName: string | null;
  readonly instructorName: string | null;
  readonly startTime: string;
  readonly capacity: number;
  readonly status: string;
  readonly planIds: readonly string[];
  readonly packDefinitionIds: readonly string[];
  readonly confirmed: number;
  readonly waitlisted: number;
  readonly checkedIn: number;
}

const DAY = { from: '2026-12-01T00:00:00Z', to: '2026-12-08T00:00:00Z' };

describe.each(BACKENDS)('classes one at a time on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const planId = async () =>
    (
      await studio.db
        .selectFrom('membership_plans')
        .select('id')
        .where('tenant_id', '=', studio.tenantId)
        .executeTakeFirstOrThrow()
    ).id;
  const room = async (capacity: number | null = 20, locationId = studio.locationId) =>
    resultOf<{ roomId: string }>(
      await studio.run('room.create', { locationId, name: 'Studio A', capacity }, { as: 'owner' }),
    ).roomId;
  const classes = () => studio.query<ClassView[]>('studio.classes', DAY);
  const classOf = async (classId: string) =>
    (await classes()).find((c) => c.classId === classId) ?? null;
  const sellPack = async (memberId: string) =>
    resultOf<{ packIds: string[] }>(
      await studio.run('pack.sell', {
        memberId,
        packDefinitionId: studio.packDefinitionId,
        unitPrice: 6000,
        tenders: [{ method: 'card', amount: 6000, paymentIntentId: `pi_${memberId}` }],
      }),
    ).packIds[0] ?? '';
  const bookWithPack = async (memberId: string, waitlist = false) => {
    const packId = await sellPack(memberId);
    await studio.run('booking.book', {
      classId: studio.classId,
      memberId,
      paidBy: { method: 'pack', packId },
      waitlist,
    });
    return packId;
  };
  const creditsOf = async (packId: string) =>
    (
      await studio.db
        .selectFrom('purchased_packs')
        .select('remaining_credits')
        .where('id', '=', packId)
        .executeTakeFirstOrThrow()
    ).remaining_credits;

  it('creates a class with room, instructor and payment options, the same at the server', async () => {
    const roomId = await room();
    const args = {
      title: 'Yin Yoga',
      locationId: studio.locationId,
      roomId,
      instructorId: studio.staff.instructor,
      startTime: '2026-12-03T08:30:00-06:00',
      durationMinutes: 75,
      capacity: 12,
      dropInPrice: 2500,
      planIds: [await planId()],
      packDefinitionIds: [studio.packDefinitionId],
    };
    const callId = newCallId();
    const { classId } = resultOf<{ classId: string }>(
      await studio.run('class.create', args, { as: 'manager', callId }),
    );
    expect(await classOf(classId)).toMatchObject({
      title: 'Yin Yoga',
      roomId,
      roomName: 'Studio A',
      instructorName: 'Ines Tester',
      startTime: '2026-12-03T14:30:00.000Z',
      capacity: 12,
      status: 'scheduled',
      planIds: [args.planIds[0]],
      packDefinitionIds: [studio.packDefinitionId],
      confirmed: 0,
    });
    await studio.db.deleteFrom('class_payment_options').where('class_id', '=', classId).execute();
    await studio.db.deleteFrom('classes').where('id', '=', classId).execute();
    await forgetAuditEntries(studio);
    const again = resultOf<{ classId: string }>(
      await studio.run('class.create', args, { as: 'manager', callId, side: 'server' }),
    );
    expect(again.classId).toBe(classId);
    expect((await classOf(classId))?.packDefinitionIds).toEqual([studio.packDefinitionId]);
    // Defaults: no room, no instructor, any plan or pack pays.
    const bare = resultOf<{ classId: string }>(
      await studio.run(
        'class.create',
        {
          ...args,
          roomId: undefined,
          instructorId: undefined,
          planIds: undefined,
          packDefinitionIds: undefined,
        },
        { as: 'owner' },
      ),
    );
    expect(await classOf(bare.classId)).toMatchObject({
      roomId: null,
      instructorName: null,
      planIds: [],
    });
  });

  it('refuses a bad class, a room elsewhere, a non-instructor and the front desk, changing nothing', async () => {
    const { locationId: elsewhere } = resultOf<{ locationId: string }>(
      await studio.run('location.create', { name: 'Annex', timeZone: 'UTC' }, { as: 'owner' }),
    );
    const farRoom = await room(null, elsewhere);
    const smallRoom = await room(4);
    const base = {
      title: 'Power Hour',
      locationId: studio.locationId,
      startTime: '2026-12-04T18:00:00Z',
      durationMinutes: 60,
      capacity: 10,
      dropInPrice: 2000,
    };
    const before = await consoleFootprint(studio);
    const invalid: unknown[] = [
      { ...base, capacity: 0 },
      { ...base, capacity: 1.5 },
      { ...base, durationMinutes: 0 },
      { ...base, dropInPrice: -1 },
      { ...base, startTime: 'tomorrow at six' },
      { ...base, title: ' ' },
      { ...base, planIds: ['not-a-uuid'] },
      { ...base, packDefinitionIds: [studio.packDefinitionId, studio.packDefinitionId] },
      { ...base, roomId: farRoom },
      { ...base, instructorId: studio.staff.frontDesk },
      { ...base, series: 'weekly' },
    ];
    for (const args of invalid) {
      expect(await studio.refused('class.create', args, { as: 'owner' })).toBe('invalid');
    }
    expect(
      await studio.refused('class.create', { ...base, roomId: smallRoom }, { as: 'owner' }),
    ).toBe('rule');
    expect(
      await studio.refused(
        'class.create',
        { ...base, planIds: ['01930000-0000-7000-8000-00000000dead'] },
        { as: 'owner' },
      ),
    ).toBe('not_found');
    for (const as of ['frontDesk', 'instructor'] as const) {
      expect(await studio.refused('class.create', base, { as })).toBe('forbidden');
      expect(
        await studio.refused('class.update', { classId: studio.classId, capacity: 3 }, { as }),
      ).toBe('forbidden');
      expect(await studio.refused('class.cancel', { classId: studio.classId }, { as })).toBe(
        'forbidden',
      );
    }
    expect(await studio.refused('class.update', { classId: studio.classId }, { as: 'owner' })).toBe(
      'invalid',
    );
    expect(
      await studio.refused(
        'class.update',
        { classId: studio.classId, roomId: farRoom },
        { as: 'owner' },
      ),
    ).toBe('invalid');
    expect(await studio.refused('class.cancel', { classId: 'nope' }, { as: 'owner' })).toBe(
      'invalid',
    );
    expect(await consoleFootprint(studio)).toEqual(before);
  });

  it('changes a class: time moves its bookings, options replace their kind', async () => {
    await bookWithPack(studio.memberId);
    const later = '2026-12-02T19:30:00.000Z';
    const plan = await planId();
    await studio.run(
      'class.update',
      {
        classId: studio.classId,
        startTime: later,
        capacity: 3,
        title: 'Vinyasa Flow II',
        planIds: [plan],
      },
      { as: 'manager' },
    );
    expect(await classOf(studio.classId)).toMatchObject({
      title: 'Vinyasa Flow II',
      startTime: later,
      capacity: 3,
      planIds: [plan],
      packDefinitionIds: [],
      confirmed: 1,
    });
    const booking = await studio.db
      .selectFrom('bookings')
      .select('start_time')
      .where('class_id', '=', studio.classId)
      .executeTakeFirstOrThrow();
    expect(booking.start_time).toBe(later);
    await studio.run(
      'class.update',
      { classId: studio.classId, packDefinitionIds: [studio.packDefinitionId], instructorId: null },
      { as: 'owner', side: 'server' },
    );
    expect(await classOf(studio.classId)).toMatchObject({
      planIds: [plan],
      packDefinitionIds: [studio.packDefinitionId],
      instructorName: null,
    });
  });

  it('refuses a capacity below the confirmed bookings at the desk; the server keeps it and raises class_over_capacity', async () => {
    await bookWithPack(studio.memberId);
    await bookWithPack(studio.otherMemberId);
    const before = await consoleFootprint(studio);
    expect(
      await studio.refused(
        'class.update',
        { classId: studio.classId, capacity: 1 },
        { as: 'owner' },
      ),
    ).toBe('rule');
    expect(await consoleFootprint(studio)).toEqual(before);
    await studio.run(
      'class.update',
      { classId: studio.classId, capacity: 1 },
      { as: 'owner', side: 'server', deviceId: 'desk-back-2' },
    );
    expect((await classOf(studio.classId))?.capacity).toBe(1);
    expect(await reviewItems(studio)).toEqual([
      expect.objectContaining({ kind: 'class_over_capacity', subject_id: studio.classId }),
    ]);
  });

  it('cancels a class: bookings cancelled, pack credits back once', async () => {
    const confirmedPack = await bookWithPack(studio.memberId);
    await bookWithPack(studio.otherMemberId);
    const waitlistedPack = await bookWithPack(studio.subscriberId, true);
    expect(await creditsOf(confirmedPack)).toBe(4);
    const callId = newCallId(minutesAfterNow(5));
    const cancelled = resultOf<{ cancelledBookings: number; creditsReturned: number }>(
      await studio.run(
        'class.cancel',
        { classId: studio.classId },
        { as: 'manager', callId, at: minutesAfterNow(5) },
      ),
    );
    // The waitlisted booking took no credit when it joined (R15.4): nothing to give back.
    expect(cancelled).toEqual({
      classId: studio.classId,
      cancelledBookings: 3,
      creditsReturned: 2,
    });
    expect(await creditsOf(confirmedPack)).toBe(5);
    expect(await creditsOf(waitlistedPack)).toBe(5);
    expect(await classOf(studio.classId)).toMatchObject({
      status: 'cancelled',
      confirmed: 0,
      waitlisted: 0,
    });
    // Cancelled again (the same call at the server, or a second desk): nothing moves. The
    // server's database never held the desk's provisional audit entry.
    await forgetAuditEntries(studio);
    const before = await consoleFootprint(studio);
    await studio.run(
      'class.cancel',
      { classId: studio.classId },
      { as: 'manager', callId, side: 'server', at: minutesAfterNow(5) },
    );
    expect(await consoleFootprint(studio)).toEqual(before);
    expect(await studio.refused('class.cancel', { classId: studio.classId }, { as: 'owner' })).toBe(
      'rule',
    );
    expect(
      await studio.refused('booking.book', {
        classId: studio.classId,
        memberId: studio.memberId,
        paidBy: { method: 'free' },
      }),
    ).toBe('rule');
  });

  it('offline conflict: one desk cancels, the other raised the capacity; the cancel stands and the owner sees the lost change', async () => {
    const packId = await bookWithPack(studio.memberId);
    // Desk 1 cancels and syncs first.
    await studio.run(
      'class.cancel',
      { classId: studio.classId },
      { as: 'owner', at: minutesAfterNow(10) },
    );
    // Desk 2 raised the capacity offline, on its copy where the class was still scheduled; its
    // call reaches the server after the cancel.
    const outcome = await studio.run(
      'class.update',
      { classId: studio.classId, capacity: 10 },
      { as: 'manager', side: 'server', deviceId: 'desk-back-2', at: minutesAfterNow(8) },
    );
    expect(outcome.result).toEqual({ classId: studio.classId, applied: false });
    expect(await classOf(studio.classId)).toMatchObject({ status: 'cancelled', capacity: 2 });
    expect(await creditsOf(packId)).toBe(5);
    const items = await reviewItems(studio);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'edit_conflict',
        subject_id: studio.classId,
        status: 'open',
      }),
    ]);
    expect(JSON.parse(items[0]?.device_ids ?? '[]')).toEqual(['desk-back-2']);
    // At a desk that already knows of the cancel, the change is refused outright.
    expect(
      await studio.refused(
        'class.update',
        { classId: studio.classId, capacity: 10 },
        { as: 'manager', deviceId: DESK },
      ),
    ).toBe('rule');
    expect(CLASS_START).toBe((await classOf(studio.classId))?.startTime);
  });
});
