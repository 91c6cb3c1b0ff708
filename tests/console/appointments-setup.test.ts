import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../src-shared/bridge/desk-operations';
import { BACKENDS, newCallId, resultOf, useSeededStudio } from '../front-desk/front-desk-harness';
import { reviewItems } from '../front-desk/ledger-invariants';
import { forgetAuditEntries } from './studio-console-harness';
import { appointmentFootprint, h, MONDAY, privateSessions } from './appointments-test-support';

type Services = QueryResult<'appointment.services'>;
type Availability = QueryResult<'appointment.staffAvailability'>;

describe.each(BACKENDS)('appointment services and staff hours on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const services = (includeRetired = false) =>
    studio.query<Services>('appointment.services', { includeRetired });
  const availability = () =>
    studio.query<Availability>('appointment.staffAvailability', {
      staffId: studio.staff.instructor,
      locationId: studio.locationId,
      from: '2026-12-01',
      to: '2026-12-31',
    });
  const auditActions = async () =>
    (
      await studio.db
        .selectFrom('audit_logs')
        .select('action')
        .where('tenant_id', '=', studio.tenantId)
        .orderBy('chain_seq')
        .execute()
    ).map((r) => r.action);

  it('a manager adds a service with the staff who give it; the server writes the same rows', async () => {
    const args = {
      title: 'Private session',
      durationMinutes: 60,
      price: 9000,
      staffIds: [studio.staff.instructor, studio.staff.owner],
    };
    const callId = newCallId();
    const { serviceId } = resultOf<{ serviceId: string }>(
      await studio.run('appointmentService.create', args, { as: 'manager', callId }),
    );
    const listed = await services();
    expect(listed).toEqual([
      {
        serviceId,
        title: 'Private session',
        durationMinutes: 60,
        price: 9000,
        active: true,
        staff: [
          { staffId: studio.staff.instructor, name: 'Ines Tester' },
          { staffId: studio.staff.owner, name: 'Olive Tester' },
        ],
      },
    ]);
    expect(await auditActions()).toEqual(['appointmentService.create']);
    await studio.db.deleteFrom('appointment_service_staff').execute();
    await studio.db.deleteFrom('appointment_services').execute();
    await forgetAuditEntries(studio);
    await studio.run('appointmentService.create', args, { as: 'manager', callId, side: 'server' });
    expect(await services()).toEqual(listed);
  });

  it('edits a service and its staff; a stale edit arriving at the server stands with an edit_conflict', async () => {
    const { serviceId } = await privateSessions(studio);
    await studio.run(
      'appointmentService.update',
      { serviceId, set: { price: 9500, active: false }, basedOn: { price: 9000, active: true } },
      { as: 'owner' },
    );
    expect(await services()).toEqual([]);
    expect((await services(true))[0]).toMatchObject({ price: 9500, active: false });
    await studio.run(
      'appointmentService.setStaff',
      { serviceId, staffIds: [studio.staff.manager] },
      { as: 'manager' },
    );
    expect((await services(true))[0]?.staff).toEqual([
      { staffId: studio.staff.manager, name: 'Manny Tester' },
    ]);
    // Another desk saw 9000 and set 8000: the desk refuses, the server keeps it and tells the owner.
    const stale = { serviceId, set: { price: 8000 }, basedOn: { price: 9000 } };
    expect(await studio.refused('appointmentService.update', stale, { as: 'manager' })).toBe(
      'rule',
    );
    await studio.run('appointmentService.update', stale, { as: 'manager', side: 'server' });
    expect((await services(true))[0]?.price).toBe(8000);
    expect(await reviewItems(studio)).toEqual([
      expect.objectContaining({ kind: 'edit_conflict', subject_id: serviceId, amount: 9500 }),
    ]);
  });

  it('refuses a bad service, an unknown one, a student as its staff and the front desk, changing nothing', async () => {
    const { serviceId } = await privateSessions(studio);
    const before = await appointmentFootprint(studio);
    const base = { title: 'Massage', durationMinutes: 60, price: 12000 };
    const refusals = await Promise.all([
      studio.refused('appointmentService.create', { ...base, title: ' ' }, { as: 'manager' }),
      studio.refused(
        'appointmentService.create',
        { ...base, durationMinutes: 2 },
        { as: 'manager' },
      ),
      studio.refused('appointmentService.create', { ...base, price: 12.5 }, { as: 'manager' }),
      studio.refused('appointmentService.create', { ...base, extra: 1 }, { as: 'manager' }),
      studio.refused(
        'appointmentService.create',
        { ...base, staffIds: [studio.staff.instructor, studio.staff.instructor] },
        { as: 'manager' },
      ),
    ]);
    expect(refusals).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
    expect(
      await studio.refused(
        'appointmentService.create',
        { ...base, staffIds: [studio.memberId] },
        { as: 'manager' },
      ),
    ).toBe('invalid');
    expect(await studio.refused('appointmentService.create', base, { as: 'frontDesk' })).toBe(
      'forbidden',
    );
    expect(
      await studio.refused(
        'appointmentService.update',
        { serviceId, set: { price: 1 }, basedOn: {} },
        { as: 'manager' },
      ),
    ).toBe('invalid');
    expect(
      await studio.refused(
        'appointmentService.update',
        { serviceId: studio.classId, set: { price: 1 }, basedOn: { price: 2 } },
        { as: 'manager' },
      ),
    ).toBe('not_found');
    expect(
      await studio.refused(
        'appointmentService.setStaff',
        { serviceId, staffIds: [studio.staff.owner] },
        { as: 'instructor' },
      ),
    ).toBe('forbidden');
    expect(await appointmentFootprint(studio)).toEqual(before);
  });

  it('sets a staff member’s week at a location, replacing the last one, and lists it with exceptions', async () => {
    await privateSessions(studio);
    const week = {
      staffId: studio.staff.instructor,
      locationId: studio.locationId,
      hours: [
        { weekday: 1, startMinute: h(8), endMinute: h(12) },
        { weekday: 1, startMinute: h(13), endMinute: h(18) },
        { weekday: 6, startMinute: h(10), endMinute: h(14) },
      ],
    };
    expect(
      resultOf<{ blocks: number }>(await studio.run('staffAvailability.set', week, { as: 'owner' }))
        .blocks,
    ).toBe(3);
    const { exceptionId } = resultOf<{ exceptionId: string }>(
      await studio.run(
        'staffAvailability.addException',
        {
          staffId: studio.staff.instructor,
          locationId: studio.locationId,
          date: MONDAY,
          kind: 'off',
          reason: 'dentist',
        },
        { as: 'manager' },
      ),
    );
    await studio.run(
      'staffAvailability.addException',
      {
        staffId: studio.staff.instructor,
        locationId: studio.locationId,
        date: '2026-12-13',
        kind: 'extra',
        startMinute: h(9),
        endMinute: h(11),
      },
      { as: 'manager' },
    );
    const shown = await availability();
    expect(shown).toMatchObject({
      timeZone: 'America/Chicago',
      locationName: 'Main',
      hours: [
        { weekday: 1, startMinute: h(8), endMinute: h(12) },
        { weekday: 1, startMinute: h(13), endMinute: h(18) },
        { weekday: 6, startMinute: h(10), endMinute: h(14) },
      ],
      exceptions: [
        {
          exceptionId,
          date: MONDAY,
          kind: 'off',
          startMinute: null,
          endMinute: null,
          reason: 'dentist',
        },
        { date: '2026-12-13', kind: 'extra', startMinute: h(9), endMinute: h(11), reason: null },
      ],
    });
    await studio.run('staffAvailability.removeException', { exceptionId }, { as: 'manager' });
    expect((await availability()).exceptions).toHaveLength(1);
    // Removed at another desk too: the desk refuses, the server changes nothing.
    expect(
      await studio.refused('staffAvailability.removeException', { exceptionId }, { as: 'manager' }),
    ).toBe('not_found');
    const again = resultOf<{ removed: boolean }>(
      await studio.run(
        'staffAvailability.removeException',
        { exceptionId },
        { as: 'manager', side: 'server' },
      ),
    );
    expect(again.removed).toBe(false);
    await studio.run('staffAvailability.set', { ...week, hours: [] }, { as: 'manager' });
    expect((await availability()).hours).toEqual([]);
    expect(await auditActions()).toEqual([
      'appointmentService.create',
      'staffAvailability.set',
      'staffAvailability.set',
      'staffAvailability.addException',
      'staffAvailability.addException',
      'staffAvailability.removeException',
      'staffAvailability.removeException',
      'staffAvailability.set',
    ]);
  });

  it('refuses bad hours and exceptions, a student, an unknown location and the front desk, changing nothing', async () => {
    await privateSessions(studio);
    const before = await appointmentFootprint(studio);
    const week = (hours: readonly object[], overrides: object = {}) => ({
      staffId: studio.staff.instructor,
      locationId: studio.locationId,
      hours,
      ...overrides,
    });
    const exception = (overrides: object) => ({
      staffId: studio.staff.instructor,
      locationId: studio.locationId,
      date: MONDAY,
      kind: 'extra',
      startMinute: h(18),
      endMinute: h(20),
      ...overrides,
    });
    const as = { as: 'manager' } as const;
    const invalid = [
      await studio.refused(
        'staffAvailability.set',
        week([{ weekday: 8, startMinute: 0, endMinute: 60 }]),
        as,
      ),
      await studio.refused(
        'staffAvailability.set',
        week([{ weekday: 1, startMinute: h(12), endMinute: h(9) }]),
        as,
      ),
      await studio.refused(
        'staffAvailability.set',
        week([{ weekday: 1, startMinute: 0, endMinute: 1441 }]),
        as,
      ),
      await studio.refused(
        'staffAvailability.set',
        week([
          { weekday: 2, startMinute: h(9), endMinute: h(12) },
          { weekday: 2, startMinute: h(11), endMinute: h(13) },
        ]),
        as,
      ),
      await studio.refused('staffAvailability.set', week([], { staffId: studio.memberId }), as),
      await studio.refused('staffAvailability.addException', exception({ startMinute: null }), as),
      await studio.refused(
        'staffAvailability.addException',
        exception({ startMinute: null, endMinute: null }),
        as,
      ),
      await studio.refused('staffAvailability.addException', exception({ date: '2026-02-30' }), as),
      await studio.refused('staffAvailability.addException', exception({ kind: 'holiday' }), as),
      await studio.refused('staffAvailability.removeException', { exceptionId: 'nope' }, as),
    ];
    expect(invalid).toEqual(Array.from({ length: invalid.length }, () => 'invalid'));
    expect(
      await studio.refused('staffAvailability.set', week([], { locationId: studio.classId }), as),
    ).toBe('not_found');
    expect(await studio.refused('staffAvailability.set', week([]), { as: 'frontDesk' })).toBe(
      'forbidden',
    );
    expect(
      await studio.refused('staffAvailability.addException', exception({}), { as: 'instructor' }),
    ).toBe('forbidden');
    expect(await appointmentFootprint(studio)).toEqual(before);
  });
});
