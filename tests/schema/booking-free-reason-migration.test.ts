import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import { seedStudio } from '../front-desk/front-desk-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

const AT = '2026-11-20T10:00:00.000Z';
const FREE_REASON = '20261205100000_booking_free_reason';
const BOOKING_ID = '01900000-0000-7000-8000-00000000f001';

const upTo = (name: string) =>
  sharedMigrations.slice(0, sharedMigrations.findIndex((m) => m.name === name) + 1);
const before = sharedMigrations.slice(
  0,
  sharedMigrations.findIndex((m) => m.name === FREE_REASON),
);

describe.each(['sqlite', 'postgres'] as const)('the free-reason migration on %s', (backend) => {
  let database: TestDatabase<Database> | undefined;
  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });

  it('adds a nullable text bookings.free_reason, keeping the free bookings already there', async () => {
    database = await createTestDatabase<Database>(backend);
    const { db, dialect } = database;
    await runMigrations({ db, dialect, migrations: before });
    const studio = await seedStudio(db);
    // A free booking as a desk made it before the reason existed: no free_reason column yet.
    const oldBooking = {
      id: BOOKING_ID,
      tenant_id: studio.tenantId,
      class_id: studio.classId,
      member_id: studio.memberId,
      status: 'confirmed',
      payment_method: 'free',
      used_pack_id: null,
      subscription_id: null,
      waitlist_pack_id: null,
      start_time: AT,
      waitlist_position: null,
      checked_in_at: null,
      cancelled_at: null,
      created_at: AT,
      staff_id: studio.staff.frontDesk,
      device_id: 'desk-1',
    } as const;
    await db.insertInto('bookings').values(oldBooking).execute();

    await runMigrations({ db, dialect, migrations: upTo(FREE_REASON) });

    const tables = await db.introspection.getTables();
    const column = tables
      .find((t) => t.name === 'bookings')
      ?.columns.find((c) => c.name === 'free_reason');
    expect({ type: column?.dataType.toLowerCase(), nullable: column?.isNullable }).toEqual({
      type: 'text',
      nullable: true,
    });
    expect(
      await db.selectFrom('bookings').selectAll().where('id', '=', BOOKING_ID).execute(),
    ).toEqual([{ ...oldBooking, free_reason: null }]);
    // Every migration after it still runs on the table it leaves.
    await runMigrations({ db, dialect, migrations: sharedMigrations });
    await db
      .updateTable('bookings')
      .set({ free_reason: 'instructor’s guest' })
      .where('id', '=', BOOKING_ID)
      .execute();
    const kept = await db
      .selectFrom('bookings')
      .select(['payment_method', 'free_reason'])
      .where('id', '=', BOOKING_ID)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ payment_method: 'free', free_reason: 'instructor’s guest' });
  });
});
