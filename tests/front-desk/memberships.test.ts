import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BACKENDS,
  CLASS_START,
  resultOf,
  startClassSoon,
  useSeededStudio,
} from './front-desk-harness';
import { reviewItems } from './ledger-invariants';
import { addPlan, membershipFootprint, sellPlan, subscriptionRow } from './membership-support';

// NOW is 2026-12-01T10:00Z: 04:00 on Dec 1 at the studio (America/Chicago, UTC-6).
const TODAY = '2026-12-01';

describe.each(BACKENDS)('memberships at the desk on %s (R13)', (backend) => {
  const studio = useSeededStudio(backend);

  /** Another class like the seeded one, at another time. */
  const addClass = async (startTime: string) => {
    const klass = await studio.db
      .selectFrom('classes')
      .selectAll()
      .where('id', '=', studio.classId)
      .executeTakeFirstOrThrow();
    const id = randomUUID();
    await studio.db
      .insertInto('classes')
      .values({ ...klass, id, start_time: startTime, capacity: 10 })
      .execute();
    return id;
  };

  const bookBy = (subscriptionId: string, classId: string, options = {}) =>
    studio.run(
      'booking.book',
      { classId, memberId: studio.memberId, paidBy: { method: 'subscription', subscriptionId } },
      options,
    );

  const refusedBooking = (subscriptionId: string, classId: string) =>
    studio.refused('booking.book', {
      classId,
      memberId: studio.memberId,
      paidBy: { method: 'subscription', subscriptionId },
    });

  it('R13.1 selling a plan starts the membership for one period of its interval, from midnight in the studio zone', async () => {
    const cases = [
      ['week', TODAY, '2026-12-01T06:00:00.000Z', '2026-12-08T06:00:00.000Z'],
      ['month', TODAY, '2026-12-01T06:00:00.000Z', '2027-01-01T06:00:00.000Z'],
      ['year', '2026-12-31', '2026-12-31T06:00:00.000Z', '2027-12-31T06:00:00.000Z'],
      ['one_time', '2027-01-31', '2027-01-31T06:00:00.000Z', '2027-02-28T06:00:00.000Z'],
      // Across the spring change: midnight to midnight, a week of 167 hours.
      ['week', '2027-03-10', '2027-03-10T06:00:00.000Z', '2027-03-17T05:00:00.000Z'],
    ] as const;
    for (const [interval, startDate, start, end] of cases) {
      const planId = await addPlan(studio, { interval, name: `${interval} ${startDate}` });
      const sold = await sellPlan(studio, { memberId: studio.memberId, planId, startDate });
      expect(sold.subscriptionIds).toHaveLength(1);
      const subscriptionId = sold.subscriptionIds[0] ?? '';
      expect(await subscriptionRow(studio, subscriptionId)).toMatchObject({
        member_id: studio.memberId,
        plan_id: planId,
        status: 'active',
        current_period_start: start,
        current_period_end: end,
      });
      const item = await studio.db
        .selectFrom('pos_order_items')
        .innerJoin('subscription_sales as sale', 'sale.order_item_id', 'pos_order_items.id')
        .select(['pos_order_items.kind', 'pos_order_items.line_total', 'sale.subscription_id'])
        .where('pos_order_items.order_id', '=', sold.orderId)
        .executeTakeFirstOrThrow();
      expect(item).toEqual({
        kind: 'membership',
        line_total: 9000,
        subscription_id: subscriptionId,
      });
    }
  });

  it('R13.1 refuses a retired plan, a plan the member holds, a bad or past start and a sale without a member, changing nothing', async () => {
    const retired = await addPlan(studio, { interval: 'month', active: false, name: 'Old plan' });
    const held = await studio.db
      .selectFrom('subscriptions')
      .select('plan_id')
      .where('id', '=', studio.subscriptionId)
      .executeTakeFirstOrThrow();
    const monthly = await addPlan(studio, { interval: 'month' });
    const before = await membershipFootprint(studio);
    const sale = (memberId: string | undefined, planId: string, startDate: string) =>
      studio.refused('pos.sale', {
        ...(memberId === undefined ? {} : { memberId }),
        lines: [{ kind: 'membership', planId, startDate, unitPrice: 9000 }],
        tenders: [{ method: 'external', amount: 9000, reference: 'cheque 1' }],
      });
    expect(await sale(studio.memberId, retired, TODAY)).toBe('rule');
    expect(await sale(studio.subscriberId, held.plan_id, TODAY)).toBe('rule');
    expect(await sale(studio.memberId, monthly, '2026-11-30')).toBe('invalid');
    expect(await sale(studio.memberId, monthly, '2026-02-30')).toBe('invalid');
    expect(await sale(studio.memberId, monthly, '2028-01-01')).toBe('invalid');
    expect(await sale(undefined, monthly, TODAY)).toBe('invalid');
    expect(await membershipFootprint(studio)).toEqual(before);
    // Two lines of one plan in one sale: the second finds the first.
    expect(
      await studio.refused('pos.sale', {
        memberId: studio.memberId,
        lines: [
          { kind: 'membership', planId: monthly, startDate: TODAY, unitPrice: 9000 },
          { kind: 'membership', planId: monthly, startDate: TODAY, unitPrice: 9000 },
        ],
        tenders: [{ method: 'external', amount: 18000, reference: 'cheque 1' }],
      }),
    ).toBe('rule');
    expect(await membershipFootprint(studio)).toEqual(before);
  });

  it('R13.1 a refund of the membership line ends the membership', async () => {
    const planId = await addPlan(studio, { interval: 'month' });
    const sold = await sellPlan(studio, { memberId: studio.memberId, planId, startDate: TODAY });
    const subscriptionId = sold.subscriptionIds[0] ?? '';
    await studio.run(
      'membership.cancel',
      { subscriptionId, when: 'period_end', reason: 'moving away' },
      { as: 'manager' },
    );
    await studio.run(
      'pos.refund',
      {
        orderId: sold.orderId,
        tenders: [{ method: 'external', amount: 9000, reference: 'cheque 1' }],
        reason: 'changed mind',
      },
      { as: 'manager' },
    );
    expect((await subscriptionRow(studio, subscriptionId)).status).toBe('canceled');
    const pending = await studio.db
      .selectFrom('subscription_scheduled_changes')
      .select('withdrawn_at')
      .where('subscription_id', '=', subscriptionId)
      .execute();
    expect(pending.every((c) => c.withdrawn_at !== null)).toBe(true);
  });

  it('R13.2 a pause from today refuses classes paid by the membership until it is resumed', async () => {
    const planId = await addPlan(studio, { interval: 'month' });
    const [subscriptionId = ''] = (
      await sellPlan(studio, { memberId: studio.memberId, planId, startDate: TODAY })
    ).subscriptionIds;
    const paused = resultOf<{ pauseId: string; startsAt: string; endsAt: string | null }>(
      await studio.run('membership.pause', {
        subscriptionId,
        startDate: TODAY,
        endDate: '2026-12-05',
        reason: 'injury',
      }),
    );
    expect(paused).toMatchObject({
      startsAt: '2026-12-01T06:00:00.000Z',
      endsAt: '2026-12-06T06:00:00.000Z',
    });
    const [panel] = await studio.query<{ state: string; pause: unknown }[]>('membership.ofMember', {
      memberId: studio.memberId,
      at: CLASS_START,
    });
    expect(panel).toMatchObject({ state: 'paused', pause: { endsAt: paused.endsAt } });
    // An overlapping pause is refused.
    expect(
      await studio.refused('membership.pause', { subscriptionId, startDate: '2026-12-03' }),
    ).toBe('rule');
    const before = await membershipFootprint(studio);
    expect(await refusedBooking(subscriptionId, studio.classId)).toBe('rule');
    expect(await membershipFootprint(studio)).toEqual(before);
    // A class after the pause's last day is paid by the membership.
    const later = await addClass('2026-12-07T18:00:00.000Z');
    await bookBy(subscriptionId, later);
    await studio.run('membership.resume', { subscriptionId });
    await bookBy(subscriptionId, studio.classId);
    expect(await studio.refused('membership.resume', { subscriptionId })).toBe('rule');
  });

  it('R13.2 pause input is checked: dates, order and length', async () => {
    const cases = [
      { subscriptionId: studio.subscriptionId, startDate: '2026-12-10', endDate: '2026-12-09' },
      { subscriptionId: studio.subscriptionId, startDate: '12/10/2026' },
      { subscriptionId: studio.subscriptionId, startDate: '2026-12-10', endDate: '2028-01-01' },
      { subscriptionId: 'nope', startDate: '2026-12-10' },
    ];
    const before = await membershipFootprint(studio);
    for (const args of cases)
      expect(await studio.refused('membership.pause', args)).toBe('invalid');
    expect(
      await studio.refused('membership.pause', {
        subscriptionId: studio.subscriptionId,
        startDate: '2026-11-20',
      }),
    ).toBe('invalid');
    expect(await membershipFootprint(studio)).toEqual(before);
  });

  it('R13.3 managers cancel now or at period end, and change plan from the next period', async () => {
    const other = await addPlan(studio, { interval: 'month', name: 'Ten a month', classLimit: 10 });
    const retired = await addPlan(studio, { interval: 'month', active: false });
    const subscriptionId = studio.subscriptionId;
    const before = await membershipFootprint(studio);
    expect(
      await studio.refused('membership.cancel', { subscriptionId, when: 'now', reason: 'moving' }),
    ).toBe('forbidden');
    expect(await studio.refused('membership.changePlan', { subscriptionId, planId: other })).toBe(
      'forbidden',
    );
    expect(
      await studio.refused(
        'membership.cancel',
        { subscriptionId, when: 'later', reason: 'moving' },
        { as: 'manager' },
      ),
    ).toBe('invalid');
    expect(
      await studio.refused(
        'membership.changePlan',
        { subscriptionId, planId: retired },
        { as: 'manager' },
      ),
    ).toBe('rule');
    expect(await membershipFootprint(studio)).toEqual(before);

    const changed = resultOf<{ changeId: string; effectiveAt: string }>(
      await studio.run(
        'membership.changePlan',
        { subscriptionId, planId: other },
        { as: 'manager' },
      ),
    );
    expect(changed.effectiveAt).toBe('2026-12-15T00:00:00.000Z');
    type Panel = { scheduled: { kind: string; newPlanId: string | null }[]; state: string }[];
    const panel = async () =>
      (
        await studio.query<Panel>('membership.ofMember', {
          memberId: studio.subscriberId,
          at: CLASS_START,
        })
      )[0];
    expect((await panel())?.scheduled).toEqual([
      expect.objectContaining({ kind: 'change_plan', newPlanId: other }),
    ]);
    // The plan stays the same this period.
    expect((await subscriptionRow(studio, subscriptionId)).plan_id).not.toBe(other);

    await studio.run(
      'membership.cancel',
      { subscriptionId, when: 'period_end', reason: 'moving away' },
      { as: 'manager' },
    );
    expect((await panel())?.scheduled).toEqual([expect.objectContaining({ kind: 'cancel' })]);
    expect(
      await studio.refused(
        'membership.changePlan',
        { subscriptionId, planId: other },
        { as: 'manager' },
      ),
    ).toBe('rule');
    await studio.run('membership.withdrawChange', { subscriptionId }, { as: 'manager' });
    expect((await panel())?.scheduled).toEqual([]);
    expect((await subscriptionRow(studio, subscriptionId)).status).toBe('active');

    await studio.run(
      'membership.cancel',
      { subscriptionId, when: 'now', reason: 'moving away' },
      { as: 'manager' },
    );
    expect((await subscriptionRow(studio, subscriptionId)).status).toBe('canceled');
    expect((await panel())?.state).toBe('canceled');
    expect(await studio.refused('membership.pause', { subscriptionId, startDate: TODAY })).toBe(
      'rule',
    );
    const audited = await studio.db
      .selectFrom('audit_logs')
      .select('action')
      .where('tenant_id', '=', studio.tenantId)
      .where('action', 'like', 'membership.%')
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual([
      'membership.cancel',
      'membership.cancel',
      'membership.changePlan',
      'membership.withdrawChange',
    ]);
  });

  it('R13.4 the desk refuses a class beyond the plan’s limit in the period; the server keeps it and raises membership_lapsed', async () => {
    const planId = await addPlan(studio, { interval: 'week', classLimit: 1, name: 'Once a week' });
    const [subscriptionId = ''] = (
      await sellPlan(studio, { memberId: studio.memberId, planId, startDate: TODAY })
    ).subscriptionIds;
    await bookBy(subscriptionId, studio.classId);
    const second = await addClass('2026-12-03T18:00:00.000Z');
    const before = await membershipFootprint(studio);
    expect(await refusedBooking(subscriptionId, second)).toBe('rule');
    expect(await membershipFootprint(studio)).toEqual(before);
    // A class of the next period is not counted against this one.
    await bookBy(subscriptionId, await addClass('2026-12-09T18:00:00.000Z'));
    // At the server (another desk used the visit offline): kept, and flagged.
    const kept = resultOf<{ status: string }>(
      await bookBy(subscriptionId, second, { side: 'server', deviceId: 'desk-two' }),
    );
    expect(kept.status).toBe('confirmed');
    const items = await reviewItems(studio);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'membership_lapsed',
        subject_id: subscriptionId,
        member_id: studio.memberId,
        amount: 2000,
      }),
    ]);
  });

  it('R13.4 check-in paid by the membership is refused at the desk once the period’s visits are used', async () => {
    const planId = await addPlan(studio, { interval: 'week', classLimit: 1, name: 'Once a week' });
    const [subscriptionId = ''] = (
      await sellPlan(studio, { memberId: studio.memberId, planId, startDate: TODAY })
    ).subscriptionIds;
    await bookBy(subscriptionId, await addClass('2026-12-03T18:00:00.000Z'));
    await startClassSoon(studio);
    const before = await membershipFootprint(studio);
    await expect(
      studio.run('booking.checkInMember', {
        classId: studio.classId,
        memberId: studio.memberId,
        waiverOverrideReason: 'signed on paper',
      }),
    ).rejects.toThrow(/Once a week allows 1 classes a period and 1 are used/);
    expect(await membershipFootprint(studio)).toEqual(before);
  });

  it('R13.4 check-in passes over a membership out of visits for the member’s pack credit', async () => {
    const planId = await addPlan(studio, { interval: 'week', classLimit: 1, name: 'Once a week' });
    const [subscriptionId = ''] = (
      await sellPlan(studio, { memberId: studio.memberId, planId, startDate: TODAY })
    ).subscriptionIds;
    await bookBy(subscriptionId, await addClass('2026-12-03T18:00:00.000Z'));
    await studio.run('pack.sell', {
      memberId: studio.memberId,
      packDefinitionId: studio.packDefinitionId,
      unitPrice: 6000,
      tenders: [{ method: 'external', amount: 6000, reference: 'cheque 2' }],
    });
    await startClassSoon(studio);
    const checkedIn = resultOf<{ paidBy: string; packCreditsLeft: number | null }>(
      await studio.run('booking.checkInMember', {
        classId: studio.classId,
        memberId: studio.memberId,
        waiverOverrideReason: 'signed on paper',
      }),
    );
    expect(checkedIn).toMatchObject({ paidBy: 'pack', packCreditsLeft: 4 });
  });
});
