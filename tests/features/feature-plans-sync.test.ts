import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { runDeskQuery } from '../../src-main/operations/run-query';
import type { Desk } from '../../src-main/store/open-desk';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import { setTenantFeature } from '../../sync-server/admin/tenant-features-admin';
import type { MutationLogTable } from '../../sync-server/db/server-tables';
import { insertPerson } from '../front-desk/front-desk-harness';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from '../sync/sync-harness';

const LOCATION_ID = '01900000-0000-7000-8000-00000000f001';
const SERVICE_ID = '01900000-0000-7000-8000-00000000f002';
const OFF_REASON = /Appointments are not part of this studio's plan/;

/**
 * R19 through real sync: a feature switched off for a studio at the server is refused on
 * push with its reason, refused at the desk from its synced copy, never stops a sale that
 * pays one of its records, and works again once switched back on.
 */
describe.each(serverBackends)('feature plans on %s', (backend) => {
  let world: SyncWorld;
  let desk: Desk;
  let staff: string;
  let memberId: string;
  let hour = 9;

  const setAppointments = (enabled: boolean) =>
    setTenantFeature({ db: world.database.db }, world.studio.tenantId, 'appointments', enabled);
  const sync = () => syncOnce(desk, world.transport(desk));
  // Each booking takes the next free hour of Monday 7 December (Chicago).
  const book = () =>
    runDeskMutation(desk, staff, 'appointment.book', {
      memberId,
      serviceId: SERVICE_ID,
      staffId: world.studio.ownerId,
      locationId: LOCATION_ID,
      startTime: `2026-12-07T${String(hour++).padStart(2, '0')}:00:00-06:00`,
    });
  const serverAppointments = async () =>
    (
      await world.database.db
        .selectFrom('appointments')
        .select('id')
        .where('tenant_id', '=', world.studio.tenantId)
        .execute()
    ).map((r) => r.id);
  const outboxSize = async () =>
    (await desk.db.selectFrom('desk_outbox').select('seq').execute()).length;

  beforeAll(async () => {
    world = await createSyncWorld(backend);
    const db = world.database.db;
    const tenantId = world.studio.tenantId;
    const at = '2026-11-27T09:00:00.000Z';
    await db
      .insertInto('locations')
      .values({
        id: LOCATION_ID,
        tenant_id: tenantId,
        name: 'Harbor',
        time_zone: 'America/Chicago',
        address: null,
        created_at: at,
      })
      .execute();
    memberId = (
      await insertPerson(db, {
        tenantId,
        firstName: 'Maya',
        role: 'student',
        at,
        newId: () => crypto.randomUUID(),
      })
    ).memberId;
    await db
      .insertInto('appointment_services')
      .values({
        id: SERVICE_ID,
        tenant_id: tenantId,
        title: 'Private session',
        duration_minutes: 60,
        price: 9000,
        active: 1,
        created_at: at,
      })
      .execute();
    const owner = world.studio.ownerId;
    await db
      .insertInto('appointment_service_staff')
      .values({ tenant_id: tenantId, service_id: SERVICE_ID, staff_id: owner, created_at: at })
      .execute();
    await db
      .insertInto('staff_availability')
      .values({
        id: crypto.randomUUID(),
        tenant_id: tenantId,
        staff_id: owner,
        location_id: LOCATION_ID,
        weekday: 1,
        start_minute: 8 * 60,
        end_minute: 20 * 60,
        created_at: at,
      })
      .execute();
    desk = await world.enrollNewDesk('Front desk');
    staff = await signInStaff(desk, { email: world.ownerEmail }, '1234');
  });

  afterAll(() => world.dispose());

  let paidLater: string;

  it('R19.1 a studio without rows has every feature, and its appointments sync', async () => {
    expect(await runDeskQuery(desk, 'studio.features', {})).toEqual({
      appointments: true,
      automations: true,
      card_payments: true,
    });
    paidLater = ((await book()).result as { appointmentId: string }).appointmentId;
    expect((await sync()).refused).toBe(0);
    expect(await serverAppointments()).toEqual([paidLater]);
  });

  it('R19.2 the server refuses an appointment pushed after the feature was switched off, with the reason', async () => {
    // Booked while this desk still thought appointments were on; the switch came first.
    const late = await book();
    expect(await setAppointments(false)).toEqual({ changed: true });
    const report = await sync();
    expect(report.refused).toBe(1);
    const logged = await world.database.db
      .withTables<{ mutation_log: MutationLogTable }>()
      .selectFrom('mutation_log')
      .select(['outcome', 'code', 'reason'])
      .where('mutation_id', '=', late.mutationId)
      .executeTakeFirstOrThrow();
    expect(logged).toMatchObject({ outcome: 'refused', code: 'not_in_plan' });
    expect(logged.reason).toMatch(OFF_REASON);
    const kept = await desk.db
      .selectFrom('desk_outbox')
      .select(['status', 'refusal_code', 'refusal_reason'])
      .where('id', '=', late.mutationId)
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ status: 'refused', refusal_code: 'not_in_plan' });
    expect(kept.refusal_reason).toMatch(OFF_REASON);
    expect(await serverAppointments()).toEqual([paidLater]);
    // The same sync pulled the switch: the desk's screens read it.
    expect(await runDeskQuery(desk, 'studio.features', {})).toMatchObject({
      appointments: false,
      card_payments: true,
    });
  });

  it('R19.1 the desk refuses the feature from its own copy, offline, writing nothing', async () => {
    const before = await outboxSize();
    const refusal = await book().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MutationRefusal);
    expect(refusal).toMatchObject({ code: 'not_in_plan', message: OFF_REASON });
    const cancel = await runDeskMutation(desk, staff, 'appointment.cancel', {
      appointmentId: paidLater,
      reason: 'The member asked',
    }).catch((error: unknown) => error);
    expect(cancel).toMatchObject({ code: 'not_in_plan' });
    expect(await outboxSize()).toBe(before);
  });

  it('R19.2 a sale that pays an appointment is money taken: never refused', async () => {
    const lines = [{ kind: 'appointment' as const, appointmentId: paidLater }];
    const quote = (await runDeskQuery(desk, 'pos.quote', { lines })) as { total: number };
    const sale = await runDeskMutation(desk, staff, 'pos.sale', {
      memberId,
      lines: [{ kind: 'appointment', appointmentId: paidLater, unitPrice: 9000 }],
      tenders: [{ method: 'external', amount: quote.total, reference: 'terminal 2' }],
    });
    expect((await sync()).refused).toBe(0);
    const paid = await world.database.db
      .selectFrom('appointments')
      .select('paid_order_id')
      .where('id', '=', paidLater)
      .executeTakeFirstOrThrow();
    expect(paid.paid_order_id).toBe((sale.result as { orderId: string }).orderId);
  });

  it('R19.3 switched back on, the desk hears of it at its next sync and books again', async () => {
    expect(await setAppointments(true)).toEqual({ changed: true });
    expect(await setAppointments(true)).toEqual({ changed: false });
    await sync();
    expect(await runDeskQuery(desk, 'studio.features', {})).toMatchObject({ appointments: true });
    const again = (await book()).result as { appointmentId: string };
    expect((await sync()).refused).toBe(0);
    expect(await serverAppointments()).toContain(again.appointmentId);
  });
});
