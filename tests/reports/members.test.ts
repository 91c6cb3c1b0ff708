import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKENDS, insertPerson, useSeededStudio } from '../front-desk/front-desk-harness';
import { addClass, addStudent, checkIn } from './attendance-studio';

interface Members {
  readonly returningGapDays: number;
  readonly lapsedLookbackDays: number;
  readonly newMembers: number;
  readonly checkedIn: number;
  readonly returning: number;
  readonly lapsed: number;
  readonly packs: readonly {
    name: string;
    packsBought: number;
    creditsBought: number;
    creditsUsed: number;
  }[];
  readonly plans: readonly { name: string; activeSubscriptions: number; visits: number }[];
}

const LONG_AGO = '2026-09-01T00:00:00.000Z';

/**
 * December 2026 in Chicago: the range starts Dec 1 00:00 CST (06:00Z). Thirty studio days
 * before is Nov 1 00:00 CDT (05:00Z), across the fall-back change; sixty is Oct 2 00:00 CDT
 * (05:00Z). Each member below sits just inside or just outside one of those lines.
 */
describe.each(BACKENDS)('report.members on %s', (backend) => {
  const studio = useSeededStudio(backend);
  const members = (args: Record<string, unknown>) => studio.query<Members>('report.members', args);

  async function december() {
    const klass = async (start: string) => addClass(studio, 'Flow', start, studio.staff.instructor);
    const student = (name: string) => addStudent(studio, name, LONG_AGO);
    const plan = await studio.db
      .selectFrom('subscriptions')
      .select('plan_id')
      .where('id', '=', studio.subscriptionId)
      .executeTakeFirstOrThrow();
    // Returning: last seen Oct 31 23:30 CDT (30 days and 30 minutes before), back Dec 2.
    const rita = await student('Rita');
    await checkIn(studio, {
      classId: await klass('2026-11-01T04:00:00.000Z'),
      memberId: rita,
      at: '2026-11-01T04:30:00.000Z',
    });
    await checkIn(studio, {
      classId: await klass('2026-12-02T15:00:00.000Z'),
      memberId: rita,
      at: '2026-12-02T15:00:00.000Z',
    });
    // Not returning: last seen Nov 1 00:30 CDT, inside the 30 days; back Dec 3 on a pack
    // bought in November.
    const rob = await student('Rob');
    const robsPack = randomUUID();
    const maysPack = randomUUID();
    const pack = (id: string, memberId: string, at: string) => ({
      id,
      tenant_id: studio.tenantId,
      member_id: memberId,
      pack_definition_id: studio.packDefinitionId,
      initial_credits: 5,
      remaining_credits: 4,
      member_price: 6000,
      order_id: null,
      expires_at: null,
      created_at: at,
    });
    await studio.db
      .insertInto('purchased_packs')
      .values([
        pack(robsPack, rob, '2026-11-20T18:00:00.000Z'),
        // Bought Dec 1 00:30 CST (06:30Z), in the range's first hour.
        pack(maysPack, studio.memberId, '2026-12-01T06:30:00.000Z'),
      ])
      .execute();
    await checkIn(studio, {
      classId: await klass('2026-11-01T05:30:00.000Z'),
      memberId: rob,
      at: '2026-11-01T05:30:00.000Z',
    });
    await checkIn(studio, {
      classId: await klass('2026-12-03T15:00:00.000Z'),
      memberId: rob,
      at: '2026-12-03T15:00:00.000Z',
      usedPackId: robsPack,
    });
    // Maya: first visit ever on Dec 5, on her new pack: neither returning nor new.
    await checkIn(studio, {
      classId: await klass('2026-12-05T15:00:00.000Z'),
      memberId: studio.memberId,
      at: '2026-12-05T15:00:00.000Z',
      usedPackId: maysPack,
    });
    // Sami: his running membership; one visit on it.
    await checkIn(studio, {
      classId: await klass('2026-12-07T15:00:00.000Z'),
      memberId: studio.subscriberId,
      at: '2026-12-07T15:00:00.000Z',
      subscriptionId: studio.subscriptionId,
    });
    // Lapsed: Omar came Nov 20; Leo on Oct 2 00:30 CDT (just inside the 60 days).
    await checkIn(studio, {
      classId: await klass('2026-11-20T15:00:00.000Z'),
      memberId: studio.otherMemberId,
      at: '2026-11-20T15:00:00.000Z',
    });
    const leo = await student('Leo');
    await checkIn(studio, {
      classId: await klass('2026-10-02T05:30:00.000Z'),
      memberId: leo,
      at: '2026-10-02T05:30:00.000Z',
    });
    // Not lapsed: Lena last came Oct 1 23:30 CDT, just before the 60 days.
    const lena = await student('Lena');
    await checkIn(studio, {
      classId: await klass('2026-10-02T04:00:00.000Z'),
      memberId: lena,
      at: '2026-10-02T04:30:00.000Z',
    });
    // Lapsed: Cora's membership ran Oct 15 to Nov 15 and was cancelled.
    const cora = await insertPerson(studio.db, {
      tenantId: studio.tenantId,
      firstName: 'Cora',
      role: 'student',
      at: LONG_AGO,
      newId: randomUUID,
    });
    await studio.db
      .insertInto('subscriptions')
      .values({
        id: randomUUID(),
        tenant_id: studio.tenantId,
        user_id: cora.userId,
        member_id: cora.memberId,
        plan_id: plan.plan_id,
        status: 'canceled',
        current_period_start: '2026-10-15T05:00:00.000Z',
        current_period_end: '2026-11-15T06:00:00.000Z',
        stripe_subscription_id: null,
        created_at: '2026-10-15T05:00:00.000Z',
      })
      .execute();
    // New: Nina (Dec 10) and Eve (Dec 31 23:30 CST, 05:30Z on Jan 1). Not new: an
    // instructor who joined in December, and Jan 1 00:30 CST.
    await addStudent(studio, 'Nina', '2026-12-10T15:00:00.000Z');
    await addStudent(studio, 'Eve', '2027-01-01T05:30:00.000Z');
    await addStudent(studio, 'Janus', '2027-01-01T06:30:00.000Z');
    await insertPerson(studio.db, {
      tenantId: studio.tenantId,
      firstName: 'Stan',
      role: 'instructor',
      at: '2026-12-11T15:00:00.000Z',
      newId: randomUUID,
    });
  }

  it('counts new, returning and lapsed members at the edges of their definitions', async () => {
    await december();
    const report = await members({ from: '2026-12-01', to: '2026-12-31' });
    expect(report).toMatchObject({
      returningGapDays: 30,
      lapsedLookbackDays: 60,
      newMembers: 2,
      // Rita, Rob, Maya and Sami.
      checkedIn: 4,
      returning: 1,
      // Omar, Leo and Cora.
      lapsed: 3,
    });
  });

  it('gives pack credits bought and used, and plan subscriptions and visits', async () => {
    await december();
    const report = await members({ from: '2026-12-01', to: '2026-12-31' });
    expect(report.packs).toEqual([
      {
        packDefinitionId: studio.packDefinitionId,
        name: '5-class pack',
        packsBought: 1,
        creditsBought: 5,
        creditsUsed: 2,
      },
    ]);
    // Sami's runs to Dec 15; Cora's ended in November.
    const { plan_id: planId } = await studio.db
      .selectFrom('subscriptions')
      .select('plan_id')
      .where('id', '=', studio.subscriptionId)
      .executeTakeFirstOrThrow();
    expect(report.plans).toEqual([
      { planId, name: 'Unlimited', activeSubscriptions: 1, visits: 1 },
    ]);
  });

  it('moves the lines with the range: from Dec 3, Rob has been away long enough', async () => {
    await december();
    const later = await members({ from: '2026-12-02', to: '2026-12-02' });
    // Rita's Dec 2 visit: thirty days before Dec 2 is Nov 2, and she was last seen Oct 31.
    expect(later).toMatchObject({ checkedIn: 1, returning: 1, newMembers: 0 });
    const week = await members({ from: '2026-12-03', to: '2026-12-09' });
    // Rob returns after a month and two days away (Nov 1 → Dec 3), Maya had never come.
    expect(week).toMatchObject({ checkedIn: 3, returning: 1 });
  });

  it('answers bad arguments with a clear error', async () => {
    await expect(members({ from: '2026-12-31', to: '2026-12-01' })).rejects.toThrow(
      /the range ends before it starts/,
    );
    await expect(members({ from: '2025-01-01', to: '2026-12-01' })).rejects.toThrow(
      /at most 366 days/,
    );
    const stranger = randomUUID();
    await expect(members({ from: '2026-12-01', locationId: stranger })).rejects.toThrow(
      `report.members: no location ${stranger} in this studio`,
    );
  });
});
