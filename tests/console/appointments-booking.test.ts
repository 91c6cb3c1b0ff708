import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../src-shared/bridge/desk-operations';
import { BACKENDS, resultOf, useSeededStudio } from '../front-desk/front-desk-harness';
import { reviewItems } from '../front-desk/ledger-invariants';
import {
  appointmentFootprint,
  h,
  MONDAY,
  NINE,
  privateSessions,
  TEN,
} from './appointments-test-support';

type Slots = QueryResult<'appointment.freeSlots'>;
type Day = QueryResult<'appointment.day'>;
interface Booked {
  readonly appointmentId: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly price: number;
}

describe.each(BACKENDS)('booking appointments on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const freeTimes = async (serviceId: string, date = MONDAY) => {
    const found = await studio.query<Slots>('appointment.freeSlots', {
      serviceId,
      locationId: studio.locationId,
      date,
      stepMinutes: 60,
    });
    return found.staff.flatMap((s) => s.slots.map((slot) => `${s.name} ${slot.localTime}`));
  };
  const day = () => studio.query<Day>('appointment.day', { date: MONDAY });
  const book = async (serviceId: string, startTime: string, memberId = studio.memberId) =>
    resultOf<Booked>(
      await studio.run('appointment.book', {
        memberId,
        serviceId,
        staffId: studio.staff.instructor,
        locationId: studio.locationId,
        startTime,
      }),
    );

  it('offers the free slots and books one; the day lists it and the slot is taken', async () => {
    const { serviceId } = await privateSessions(studio);
    const offered = await studio.query<Slots>('appointment.freeSlots', {
      serviceId,
      locationId: studio.locationId,
      date: MONDAY,
    });
    expect(offered.timeZone).toBe('America/Chicago');
    expect(offered.service).toMatchObject({
      title: 'Private session',
      durationMinutes: 60,
      price: 9000,
    });
    expect(offered.staff.map((s) => s.name)).toEqual(['Ines Tester']);
    // Every 15 minutes from 09:00, the last one ending at 17:00.
    expect(offered.staff[0]?.slots).toHaveLength(29);
    const booked = await book(serviceId, '2026-12-07T09:00:00-06:00');
    expect(booked).toMatchObject({ startTime: NINE, endTime: TEN, price: 9000 });
    expect(await freeTimes(serviceId)).toEqual(
      ['10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'].map(
        (t) => `Ines Tester ${t}`,
      ),
    );
    expect(await day()).toEqual([
      expect.objectContaining({
        appointmentId: booked.appointmentId,
        serviceTitle: 'Private session',
        staffName: 'Ines Tester',
        memberName: 'Maya Tester',
        locationName: 'Main',
        startTime: NINE,
        endTime: TEN,
        localTime: '09:00',
        status: 'scheduled',
        price: 9000,
        paidOrderId: null,
      }),
    ]);
    const row = await studio.db
      .selectFrom('appointments')
      .select(['staff_id', 'device_id'])
      .where('id', '=', booked.appointmentId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ staff_id: studio.staff.frontDesk, device_id: 'desk-front-1' });
  });

  it('leaves out the classes the staff member teaches and their time off', async () => {
    const { serviceId } = await privateSessions(studio);
    await studio.db
      .updateTable('classes')
      .set({ start_time: '2026-12-07T18:30:00.000Z' })
      .where('id', '=', studio.classId)
      .execute();
    await studio.run(
      'staffAvailability.addException',
      {
        staffId: studio.staff.instructor,
        locationId: studio.locationId,
        date: MONDAY,
        kind: 'off',
        startMinute: h(15),
        endMinute: h(17),
      },
      { as: 'manager' },
    );
    // The class runs 12:30 to 13:30 (Chicago): 12:00 and 13:00 overlap it.
    expect(await freeTimes(serviceId)).toEqual(
      ['09:00', '10:00', '11:00', '14:00'].map((t) => `Ines Tester ${t}`),
    );
    const before = await appointmentFootprint(studio);
    expect(
      await studio.refused('appointment.book', {
        memberId: studio.memberId,
        serviceId,
        staffId: studio.staff.instructor,
        locationId: studio.locationId,
        startTime: '2026-12-07T18:00:00.000Z',
      }),
    ).toBe('rule');
    expect(
      await studio.refused('appointment.book', {
        memberId: studio.memberId,
        serviceId,
        staffId: studio.staff.instructor,
        locationId: studio.locationId,
        startTime: '2026-12-07T21:30:00.000Z',
      }),
    ).toBe('rule');
    expect(await appointmentFootprint(studio)).toEqual(before);
  });

  it('refuses a slot outside the hours, one overlapping another appointment, bad input and the wrong role, changing nothing', async () => {
    const { serviceId } = await privateSessions(studio);
    await book(serviceId, NINE);
    const before = await appointmentFootprint(studio);
    const args = (overrides: object) => ({
      memberId: studio.otherMemberId,
      serviceId,
      staffId: studio.staff.instructor,
      locationId: studio.locationId,
      startTime: TEN,
      ...overrides,
    });
    const cases: [object, string, RegExp | null][] = [
      [{ startTime: '2026-12-07T09:30:00-06:00' }, 'rule', /already has an appointment/],
      [{ startTime: '2026-12-07T16:30:00-06:00' }, 'rule', /not available/],
      [{ startTime: '2026-12-06T16:00:00.000Z' }, 'rule', /not available/],
      [{ staffId: studio.staff.owner }, 'rule', /does not give Private session/],
      [{ staffId: studio.memberId }, 'invalid', /not on the staff/],
      [{ startTime: '2026-12-07 10:00' }, 'invalid', null],
      [{ memberId: 'someone' }, 'invalid', null],
      [{ notes: '' }, 'invalid', null],
      [{ extra: true }, 'invalid', null],
      [{ serviceId: studio.classId }, 'not_found', null],
      [{ locationId: studio.classId }, 'not_found', null],
    ];
    for (const [overrides, code, message] of cases) {
      expect(
        await studio.refused('appointment.book', args(overrides)),
        JSON.stringify(overrides),
      ).toBe(code);
      if (message) {
        await expect(studio.run('appointment.book', args(overrides))).rejects.toThrow(message);
      }
    }
    expect(await studio.refused('appointment.book', args({}), { as: 'instructor' })).toBe(
      'forbidden',
    );
    await studio.run(
      'appointmentService.update',
      { serviceId, set: { active: false }, basedOn: { active: true } },
      { as: 'manager' },
    );
    const retired = await appointmentFootprint(studio);
    expect(await studio.refused('appointment.book', args({}))).toBe('rule');
    expect(await appointmentFootprint(studio)).toEqual(retired);
    expect(retired.appointments).toEqual(before.appointments);
  });

  it('reschedules into a free slot, refuses an overlapping one, and the server skips a move of a cancelled one', async () => {
    const { serviceId } = await privateSessions(studio);
    const first = await book(serviceId, NINE);
    const second = await book(serviceId, TEN, studio.otherMemberId);
    const moved = resultOf<{ applied: boolean; startTime: string }>(
      await studio.run('appointment.reschedule', {
        appointmentId: first.appointmentId,
        startTime: '2026-12-07T14:00:00-06:00',
      }),
    );
    expect(moved).toMatchObject({ applied: true, startTime: '2026-12-07T20:00:00.000Z' });
    // The slot finder offers the appointment its own time when it is the one being moved.
    const offers = async (reschedulingId?: string) => {
      const found = await studio.query<Slots>('appointment.freeSlots', {
        serviceId,
        locationId: studio.locationId,
        date: MONDAY,
        staffId: studio.staff.instructor,
        stepMinutes: 30,
        ...(reschedulingId === undefined ? {} : { reschedulingId }),
      });
      return found.staff.flatMap((s) => s.slots.map((slot) => slot.localTime));
    };
    expect(await offers()).not.toContain('14:30');
    expect(await offers(first.appointmentId)).toContain('14:30');
    // Moving it a little within its own time is no clash with itself.
    await studio.run('appointment.reschedule', {
      appointmentId: first.appointmentId,
      startTime: '2026-12-07T14:30:00-06:00',
    });
    const before = await appointmentFootprint(studio);
    expect(
      await studio.refused('appointment.reschedule', {
        appointmentId: first.appointmentId,
        startTime: '2026-12-07T10:30:00-06:00',
      }),
    ).toBe('rule');
    expect(
      await studio.refused('appointment.reschedule', { appointmentId: first.appointmentId }),
    ).toBe('invalid');
    expect(
      await studio.refused(
        'appointment.reschedule',
        { appointmentId: first.appointmentId, startTime: NINE },
        { as: 'instructor' },
      ),
    ).toBe('forbidden');
    expect(await appointmentFootprint(studio)).toEqual(before);

    await studio.run('appointment.cancel', {
      appointmentId: second.appointmentId,
      reason: 'member is ill',
    });
    const move = { appointmentId: second.appointmentId, startTime: '2026-12-07T12:00:00-06:00' };
    expect(await studio.refused('appointment.reschedule', move)).toBe('rule');
    const atServer = resultOf<{ applied: boolean }>(
      await studio.run('appointment.reschedule', move, { side: 'server' }),
    );
    expect(atServer.applied).toBe(false);
    expect((await day()).map((a) => [a.memberName, a.localTime, a.status])).toEqual([
      ['Omar Tester', '10:00', 'cancelled'],
      ['Maya Tester', '14:30', 'scheduled'],
    ]);
  });

  it('cancels with a reason, freeing the slot; completes and marks no-shows; refuses settled ones at the desk', async () => {
    const { serviceId } = await privateSessions(studio);
    const first = await book(serviceId, NINE);
    const second = await book(serviceId, TEN);
    const third = await book(serviceId, '2026-12-07T17:00:00.000Z');
    const before = await appointmentFootprint(studio);
    expect(await studio.refused('appointment.cancel', { appointmentId: first.appointmentId })).toBe(
      'invalid',
    );
    expect(
      await studio.refused('appointment.cancel', {
        appointmentId: first.appointmentId,
        reason: 'no',
      }),
    ).toBe('invalid');
    expect(
      await studio.refused(
        'appointment.cancel',
        { appointmentId: first.appointmentId, reason: 'member is ill' },
        { as: 'instructor' },
      ),
    ).toBe('forbidden');
    expect(await appointmentFootprint(studio)).toEqual(before);

    await studio.run('appointment.cancel', {
      appointmentId: first.appointmentId,
      reason: 'member is ill',
    });
    expect(await freeTimes(serviceId)).toContain('Ines Tester 09:00');
    await studio.run('appointment.complete', { appointmentId: second.appointmentId });
    await studio.run('appointment.noShow', { appointmentId: third.appointmentId });
    expect((await day()).map((a) => [a.localTime, a.status, a.cancellationReason])).toEqual([
      ['09:00', 'cancelled', 'member is ill'],
      ['10:00', 'completed', null],
      ['11:00', 'no_show', null],
    ]);
    const settled = await appointmentFootprint(studio);
    for (const [name, appointmentId] of [
      ['appointment.cancel', first.appointmentId],
      ['appointment.complete', third.appointmentId],
      ['appointment.noShow', second.appointmentId],
    ] as const) {
      const args = { appointmentId, ...(name === 'appointment.cancel' ? { reason: 'again' } : {}) };
      expect(await studio.refused(name, args), name).toBe('rule');
    }
    expect(await appointmentFootprint(studio)).toEqual(settled);
    // The same calls from desks that had not heard: the server keeps what came first.
    const cancelAgain = resultOf<{ applied: boolean }>(
      await studio.run(
        'appointment.cancel',
        { appointmentId: second.appointmentId, reason: 'late call' },
        { side: 'server' },
      ),
    );
    expect(cancelAgain.applied).toBe(false);
    expect((await day())[1]?.status).toBe('completed');
    const actions = await studio.db
      .selectFrom('audit_logs')
      .select('action')
      .where('tenant_id', '=', studio.tenantId)
      .where('action', 'like', 'appointment.%')
      .orderBy('chain_seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'appointment.book',
      'appointment.book',
      'appointment.book',
      'appointment.cancel',
      'appointment.complete',
      'appointment.noShow',
      'appointment.cancel',
    ]);
  });

  it('R12 at the server keeps an overlapping booking and raises appointment_double_booked naming both', async () => {
    const { serviceId } = await privateSessions(studio);
    const first = await book(serviceId, NINE);
    const second = resultOf<Booked>(
      await studio.run(
        'appointment.book',
        {
          memberId: studio.otherMemberId,
          serviceId,
          staffId: studio.staff.instructor,
          locationId: studio.locationId,
          startTime: '2026-12-07T15:30:00.000Z',
        },
        { side: 'server', deviceId: 'desk-front-2', as: 'manager' },
      ),
    );
    expect((await day()).map((a) => a.appointmentId)).toEqual([
      first.appointmentId,
      second.appointmentId,
    ]);
    const items = await reviewItems(studio);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'appointment_double_booked',
      subject_id: first.appointmentId,
      member_id: studio.otherMemberId,
    });
    expect(JSON.parse(items[0]?.device_ids ?? '[]')).toEqual(['desk-front-1', 'desk-front-2']);
    const details = JSON.parse(items[0]?.details ?? '{}') as {
      message: string;
      actorIds: string[];
    };
    expect(details.message).toContain(first.appointmentId);
    expect(details.message).toContain(second.appointmentId);
    expect(details.actorIds).toEqual([studio.staff.frontDesk, studio.staff.manager]);

    // A move into a booked time that reaches the server late is kept and flagged the same way.
    const third = await book(serviceId, '2026-12-07T19:00:00.000Z');
    const move = { appointmentId: third.appointmentId, startTime: '2026-12-07T15:45:00.000Z' };
    expect(await studio.refused('appointment.reschedule', move)).toBe('rule');
    await studio.run('appointment.reschedule', move, { side: 'server' });
    const flagged = (await reviewItems(studio)).filter(
      (item) => item.kind === 'appointment_double_booked',
    );
    expect(flagged).toHaveLength(2);
    // Both were raised at the same business time: found by what they name, not by order.
    expect(flagged.filter((item) => item.details.includes(third.appointmentId))).toHaveLength(1);
    expect((await day()).find((a) => a.appointmentId === third.appointmentId)?.localTime).toBe(
      '09:45',
    );
  });
});
