import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../src-shared/bridge/desk-operations';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { runDeskQuery } from '../../src-main/operations/run-query';
import type { Desk } from '../../src-main/store/open-desk';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { verifyDesk } from '../../src-main/sync/verify-and-repair';
import { insertPerson } from '../front-desk/front-desk-harness';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from '../sync/sync-harness';

const LOCATION_ID = '01900000-0000-7000-8000-00000000a001';
const SERVICE_ID = '01900000-0000-7000-8000-00000000a002';
const MONDAY = '2026-12-07';

type Day = QueryResult<'appointment.day'>;

/**
 * R12 end to end through real sync: two desks, each offline, book one staff member into
 * overlapping appointments. The server keeps both and raises one appointment_double_booked
 * review item naming both appointments and both desks; each desk then holds both.
 */
describe.each(serverBackends)('appointments booked offline at two desks on %s', (backend) => {
  let world: SyncWorld;
  let deskA: Desk;
  let deskB: Desk;
  let staffA: string;
  let staffB: string;
  let members: { maya: string; omar: string };

  const syncAll = async (desks: readonly Desk[]) => {
    for (const desk of desks) {
      const report = await syncOnce(desk, world.transport(desk));
      expect(report.refused).toBe(0);
    }
  };
  const dayAt = async (desk: Desk) =>
    (await runDeskQuery(desk, 'appointment.day', { date: MONDAY })) as Day;

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
    const person = (firstName: string) =>
      insertPerson(db, {
        tenantId,
        firstName,
        role: 'student',
        at,
        newId: () => crypto.randomUUID(),
      });
    members = { maya: (await person('Maya')).memberId, omar: (await person('Omar')).memberId };
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
        start_minute: 9 * 60,
        end_minute: 17 * 60,
        created_at: at,
      })
      .execute();
    deskA = await world.enrollNewDesk('Desk A');
    deskB = await world.enrollNewDesk('Desk B');
    staffA = await signInStaff(deskA, { email: world.ownerEmail }, '1234');
    staffB = await signInStaff(deskB, { email: world.ownerEmail }, '1234');
  });

  afterAll(() => world.dispose());

  it('R12 both overlapping appointments stand and one appointment_double_booked names both', async () => {
    const booking = (memberId: string, startTime: string) => ({
      memberId,
      serviceId: SERVICE_ID,
      staffId: world.studio.ownerId,
      locationId: LOCATION_ID,
      startTime,
    });
    const first = await runDeskMutation(
      deskA,
      staffA,
      'appointment.book',
      booking(members.maya, '2026-12-07T09:00:00-06:00'),
    );
    const second = await runDeskMutation(
      deskB,
      staffB,
      'appointment.book',
      booking(members.omar, '2026-12-07T09:30:00-06:00'),
    );
    const firstId = (first.result as { appointmentId: string }).appointmentId;
    const secondId = (second.result as { appointmentId: string }).appointmentId;
    await syncAll([deskA, deskB, deskA]);

    const db = world.database.db;
    const kept = await db
      .selectFrom('appointments')
      .select(['id', 'status', 'device_id'])
      .where('tenant_id', '=', world.studio.tenantId)
      .orderBy('start_time')
      .execute();
    expect(kept).toEqual([
      { id: firstId, status: 'scheduled', device_id: deskA.identity?.deviceId },
      { id: secondId, status: 'scheduled', device_id: deskB.identity?.deviceId },
    ]);
    const items = await db
      .selectFrom('review_items')
      .select(['kind', 'subject_id', 'member_id', 'device_ids', 'details'])
      .where('tenant_id', '=', world.studio.tenantId)
      .execute();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'appointment_double_booked',
      subject_id: firstId,
      member_id: members.omar,
    });
    expect(JSON.parse(items[0]?.device_ids ?? '[]')).toEqual([
      deskA.identity?.deviceId,
      deskB.identity?.deviceId,
    ]);
    expect(items[0]?.details).toContain(firstId);
    expect(items[0]?.details).toContain(secondId);

    // Both desks hold both appointments now, equal to the server's tables (R6), and refuse
    // a third at that time on their copy.
    for (const desk of [deskA, deskB]) {
      expect((await verifyDesk(desk, world.transport(desk))).mismatched).toEqual([]);
      expect((await dayAt(desk)).map((a) => [a.appointmentId, a.localTime])).toEqual([
        [firstId, '09:00'],
        [secondId, '09:30'],
      ]);
    }
    await expect(
      runDeskMutation(
        deskA,
        staffA,
        'appointment.book',
        booking(members.omar, '2026-12-07T15:15:00Z'),
      ),
    ).rejects.toThrow(/already has an appointment/);
  });
});
