import { describe, expect, it } from 'vitest';
import {
  BACKENDS,
  NOW,
  newCallId,
  resultOf,
  seededIds,
  useSeededStudio,
} from './front-desk-harness';
import { reviewItems, tenantFootprint } from './ledger-invariants';

/** Tomorrow 15:00 in Chicago (UTC-6): the appointment the member comes for. */
const APPOINTMENT_START = '2026-12-02T21:00:00.000Z';

interface DayRow {
  readonly appointmentId: string;
  readonly price: number | null;
  readonly paid: boolean;
}

describe.each(BACKENDS)('appointments paid at the POS on %s (R15.5)', (backend) => {
  const studio = useSeededStudio(backend);
  const ids = seededIds(500);

  /** A 60-minute massage, 9000 in the catalogue, booked at 8000 (the price agreed then). */
  const bookAppointment = async (status: 'scheduled' | 'cancelled' = 'scheduled') => {
    const serviceId = ids();
    await studio.db
      .insertInto('appointment_services')
      .values({
        id: serviceId,
        tenant_id: studio.tenantId,
        title: 'Massage',
        duration_minutes: 60,
        price: 9000,
        active: 1,
        created_at: NOW,
      })
      .execute();
    const appointmentId = ids();
    await studio.db
      .insertInto('appointments')
      .values({
        id: appointmentId,
        tenant_id: studio.tenantId,
        service_id: serviceId,
        instructor_id: studio.staff.instructor,
        member_id: studio.memberId,
        location_id: studio.locationId,
        start_time: APPOINTMENT_START,
        duration_minutes: 60,
        status,
        notes: null,
        price: 8000,
        created_at: NOW,
      })
      .execute();
    return appointmentId;
  };
  const appointmentOf = (appointmentId: string) =>
    studio.db
      .selectFrom('appointments')
      .select(['order_item_id', 'paid_order_id'])
      .where('id', '=', appointmentId)
      .executeTakeFirstOrThrow();
  const dayRow = async (appointmentId: string) =>
    (await studio.query<DayRow[]>('appointment.day', { date: '2026-12-02' })).find(
      (r) => r.appointmentId === appointmentId,
    );
  // The seeded studio taxes services at its single 8.25 % rate: 8000 -> 660 tax.
  const sale = (appointmentId: string, memberId = studio.memberId) => ({
    memberId,
    lines: [{ kind: 'appointment', appointmentId, unitPrice: 8000 }],
    tenders: [{ method: 'external', amount: 8660, reference: 'terminal 2' }],
  });

  it('sells an appointment at its agreed price as a service, marks it paid; a refund unpays it', async () => {
    const appointmentId = await bookAppointment();
    const quote = await studio.query<{
      total: number;
      tax: number;
      lines: { unitPrice: number }[];
    }>('pos.quote', { lines: [{ kind: 'appointment', appointmentId }] });
    expect(quote).toMatchObject({ tax: 660, total: 8660, lines: [{ unitPrice: 8000 }] });
    expect(await dayRow(appointmentId)).toMatchObject({ price: 8000, paid: false });

    const before = await tenantFootprint(studio);
    expect(await studio.refused('pos.sale', sale(appointmentId, studio.otherMemberId))).toBe(
      'invalid',
    );
    expect(await tenantFootprint(studio)).toEqual(before);

    const sold = resultOf<{ orderId: string; total: number }>(
      await studio.run('pos.sale', sale(appointmentId)),
    );
    expect(sold.total).toBe(8660);
    const item = await studio.db
      .selectFrom('pos_order_items')
      .selectAll()
      .where('order_id', '=', sold.orderId)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ kind: 'appointment', appointment_id: appointmentId });
    expect(await appointmentOf(appointmentId)).toEqual({
      order_item_id: item.id,
      paid_order_id: sold.orderId,
    });
    expect(await dayRow(appointmentId)).toMatchObject({ paid: true });
    expect(await studio.refused('pos.sale', sale(appointmentId))).toBe('rule');

    await studio.run(
      'pos.void',
      { orderId: sold.orderId, reason: 'rang up the wrong member' },
      { as: 'manager' },
    );
    expect(await appointmentOf(appointmentId)).toEqual({
      order_item_id: null,
      paid_order_id: null,
    });
    expect(await dayRow(appointmentId)).toMatchObject({ paid: false });
  });

  it('refuses a cancelled appointment at the desk', async () => {
    const appointmentId = await bookAppointment('cancelled');
    expect(await studio.refused('pos.sale', sale(appointmentId))).toBe('rule');
  });

  it('paid at two desks offline: both sales stand, the first pays it, paid_twice', async () => {
    const appointmentId = await bookAppointment();
    const first = resultOf<{ orderId: string }>(
      await studio.run('pos.sale', sale(appointmentId), { side: 'server', deviceId: 'desk-1' }),
    );
    await studio.run('pos.sale', sale(appointmentId), {
      side: 'server',
      deviceId: 'desk-2',
      callId: newCallId(NOW),
    });
    expect((await appointmentOf(appointmentId)).paid_order_id).toBe(first.orderId);
    expect(await reviewItems(studio)).toEqual([
      expect.objectContaining({
        kind: 'paid_twice',
        subject_id: appointmentId,
        member_id: studio.memberId,
        amount: 8660,
      }),
    ]);
  });
});
