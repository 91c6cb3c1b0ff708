import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import type { Desk } from '../../src-main/store/open-desk';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { verifyDesk } from '../../src-main/sync/verify-and-repair';
import { zonedWallClock } from '../../src-shared/time/zoned-wall-clock';
import { insertPerson } from '../front-desk/front-desk-harness';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from '../sync/sync-harness';

const LOCATION_ID = '01900000-0000-7000-8000-00000000b001';
const PLAN_ID = '01900000-0000-7000-8000-00000000b002';
const CLASS_IDS = [
  '01900000-0000-7000-8000-00000000b003',
  '01900000-0000-7000-8000-00000000b004',
  '01900000-0000-7000-8000-00000000b005',
];
const ZONE = 'America/Chicago';
const HOUR = 3_600_000;

/**
 * R13.4 end to end through real sync: a member whose plan allows one class a week is booked
 * into two classes of the week at two desks, each offline with the last visit free on its
 * copy. The server keeps both bookings and raises one membership_lapsed review item; each
 * desk then holds both. The desks run on the real clock, so the classes are set from now.
 */
describe.each(serverBackends)('the last visit of a period used at two desks on %s', (backend) => {
  let world: SyncWorld;
  let deskA: Desk;
  let deskB: Desk;
  let staffA: string;
  let staffB: string;
  let memberId: string;

  const syncAll = async (desks: readonly Desk[]) => {
    for (const desk of desks) {
      const report = await syncOnce(desk, world.transport(desk));
      expect(report.refused).toBe(0);
    }
  };

  beforeAll(async () => {
    world = await createSyncWorld(backend);
    const db = world.database.db;
    const tenantId = world.studio.tenantId;
    const at = new Date(Date.now() - 24 * HOUR).toISOString();
    await db
      .insertInto('locations')
      .values({
        id: LOCATION_ID,
        tenant_id: tenantId,
        name: 'Harbor',
        time_zone: ZONE,
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
      .insertInto('membership_plans')
      .values({
        id: PLAN_ID,
        tenant_id: tenantId,
        name: 'Once a week',
        price: 3000,
        interval: 'week',
        vod_enabled: 0,
        class_limit: 1,
        active: 1,
        created_at: at,
      })
      .execute();
    for (const [index, id] of CLASS_IDS.entries()) {
      await db
        .insertInto('classes')
        .values({
          id,
          tenant_id: tenantId,
          series_id: null,
          location_id: LOCATION_ID,
          instructor_id: world.studio.ownerId,
          title: `Flow ${index + 1}`,
          // The next three days: inside the week that starts today.
          start_time: new Date(Date.now() + (24 + 24 * index) * HOUR).toISOString(),
          duration_minutes: 60,
          capacity: 10,
          drop_in_price: 2000,
          status: 'scheduled',
          created_at: at,
        })
        .execute();
    }
    deskA = await world.enrollNewDesk('Desk A');
    deskB = await world.enrollNewDesk('Desk B');
    staffA = await signInStaff(deskA, { email: world.ownerEmail }, '1234');
    staffB = await signInStaff(deskB, { email: world.ownerEmail }, '1234');
  });

  afterAll(() => world.dispose());

  it('R13.4 both bookings stand and one membership_lapsed names the membership', async () => {
    const today = zonedWallClock(ZONE).wallClockAt(Date.now()).date;
    const sold = await runDeskMutation(deskA, staffA, 'pos.sale', {
      memberId,
      locationId: LOCATION_ID,
      lines: [{ kind: 'membership', planId: PLAN_ID, startDate: today, unitPrice: 3000 }],
      tenders: [{ method: 'external', amount: 3000, reference: 'cheque 7' }],
    });
    const [subscriptionId = ''] = (sold.result as { subscriptionIds: string[] }).subscriptionIds;
    await syncAll([deskA, deskB]);

    const book = (desk: Desk, staff: string, classId: string) =>
      runDeskMutation(desk, staff, 'booking.book', {
        classId,
        memberId,
        paidBy: { method: 'subscription', subscriptionId },
      });
    await book(deskA, staffA, CLASS_IDS[0] ?? '');
    await book(deskB, staffB, CLASS_IDS[1] ?? '');
    await syncAll([deskA, deskB, deskA]);

    const db = world.database.db;
    const kept = await db
      .selectFrom('bookings')
      .select(['class_id', 'status', 'subscription_id'])
      .where('tenant_id', '=', world.studio.tenantId)
      .orderBy('start_time')
      .execute();
    expect(kept).toEqual(
      CLASS_IDS.slice(0, 2).map((classId) => ({
        class_id: classId,
        status: 'confirmed',
        subscription_id: subscriptionId,
      })),
    );
    const items = await db
      .selectFrom('review_items')
      .select(['kind', 'subject_id', 'member_id', 'amount'])
      .where('tenant_id', '=', world.studio.tenantId)
      .execute();
    expect(items).toEqual([
      { kind: 'membership_lapsed', subject_id: subscriptionId, member_id: memberId, amount: 2000 },
    ]);
    for (const desk of [deskA, deskB]) {
      expect((await verifyDesk(desk, world.transport(desk))).mismatched).toEqual([]);
    }
    // With both visits on its copy, a desk now refuses a third.
    await expect(book(deskA, staffA, CLASS_IDS[2] ?? '')).rejects.toThrow(/allows 1 classes/);
  });
});
