import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MetricProgress } from '../../src-shared/queries/progress/member-progress';
import type { MetricDefinitionView } from '../../src-shared/queries/progress/progress-queries';
import {
  BACKENDS,
  minutesAfterNow,
  NOW,
  resultOf,
  useSeededStudio,
} from '../front-desk/front-desk-harness';
import { BELT, CLASSES, defineMetric, progressFootprint, WEIGHT } from './progress-support';

interface OfMember {
  readonly metrics: readonly MetricProgress[];
}

/** Progress tracking at a desk (issue 20, PROTOCOL.md R21). */
describe.each(BACKENDS)('progress tracking on %s', (backend) => {
  const studio = useSeededStudio(backend);
  const ofMember = (studentView = false) =>
    studio.query<OfMember>('progress.ofMember', { memberId: studio.memberId, studentView });
  const log = (
    args: Record<string, unknown>,
    as: 'owner' | 'frontDesk' | 'instructor' = 'frontDesk',
    at = NOW,
  ) => studio.run('progress.log', { memberId: studio.memberId, ...args }, { as, at });

  it('R21.1 an owner defines metrics and a manager changes one field; the list shows them in order', async () => {
    const belt = await defineMetric(studio, BELT);
    await defineMetric(studio, WEIGHT);
    await studio.run(
      'progress.updateMetric',
      { metricId: belt, unit: 'belt', displayOrder: 5 },
      { as: 'manager' },
    );
    const { metrics } = await studio.query<{ metrics: MetricDefinitionView[] }>(
      'progress.metrics',
      {},
    );
    expect(metrics.map((m) => [m.name, m.unit, m.displayOrder, m.active])).toEqual([
      ['Body weight', 'kg', 2, true],
      ['Belt', 'belt', 5, true],
    ]);
    expect(metrics[1]).toMatchObject({
      category: 'rank',
      aggregation: 'max',
      visibleToStudents: true,
    });
  });

  it('R21.2 staff log entries; the member page has the latest value, its label and a history', async () => {
    const belt = await defineMetric(studio, BELT);
    const weight = await defineMetric(studio, WEIGHT);
    await log({ metricId: belt, value: 1, label: 'White belt', recordedAt: minutesAfterNow(-600) });
    await log(
      { metricId: belt, value: 3, label: 'Blue belt', note: 'Great guard work' },
      'instructor',
      minutesAfterNow(5),
    );
    await log({ metricId: weight, value: 72 }, 'owner');
    const { metrics } = await ofMember();
    const [beltView, weightView] = metrics;
    expect(beltView).toMatchObject({
      name: 'Belt',
      latestValue: 3,
      latestLabel: 'Blue belt',
      latestAt: minutesAfterNow(5),
      aggregateValue: 3,
    });
    expect(beltView?.history.map((h) => [h.value, h.label, h.note, h.recordedById])).toEqual([
      [3, 'Blue belt', 'Great guard work', studio.staff.instructor],
      [1, 'White belt', null, studio.staff.frontDesk],
    ]);
    expect(beltView?.history[0]?.source).toBe('manual');
    expect(weightView).toMatchObject({ name: 'Body weight', latestValue: 72, unit: 'kg' });
    // Another member's page shows none of it.
    const other = await studio.query<OfMember>('progress.ofMember', {
      memberId: studio.otherMemberId,
    });
    expect(other.metrics.map((m) => m.latestValue)).toEqual([null, null]);
  });

  it('R21.4 each metric sums its entries up by its aggregation, beside the latest value', async () => {
    const hours = await defineMetric(studio, { ...WEIGHT, name: 'Mat hours', aggregation: 'sum' });
    const belt = await defineMetric(studio, BELT);
    for (const [minutes, value] of [
      [1, 2],
      [2, 3],
      [3, 5],
    ] as const) {
      await log({ metricId: hours, value }, 'frontDesk', minutesAfterNow(minutes));
    }
    await log({ metricId: belt, value: 3, label: 'Blue belt' }, 'frontDesk', minutesAfterNow(1));
    await log({ metricId: belt, value: 1, label: 'White belt' }, 'frontDesk', minutesAfterNow(2));
    const { metrics } = await studio.query<OfMember>('progress.ofMember', {
      memberId: studio.memberId,
      historyLimit: 2,
    });
    expect(metrics.map((m) => [m.name, m.latestValue, m.aggregateValue, m.history.length])).toEqual(
      [
        ['Belt', 1, 3, 2],
        ['Mat hours', 5, 10, 2],
      ],
    );
  });

  it('R21.4 the student view keeps only visible, active metrics and leaves out staff notes', async () => {
    const belt = await defineMetric(studio, BELT);
    const weight = await defineMetric(studio, WEIGHT);
    const retired = await defineMetric(studio, { ...BELT, name: 'Old stripes' });
    await log({ metricId: belt, value: 2, label: 'Yellow belt', note: 'Staff only' });
    await log({ metricId: weight, value: 80 });
    await studio.run(
      'progress.updateMetric',
      { metricId: retired, active: false },
      { as: 'owner' },
    );
    const staffView = await ofMember(false);
    expect(staffView.metrics.map((m) => m.name)).toEqual(['Belt', 'Body weight']);
    const seen = await ofMember(true);
    expect(seen.metrics.map((m) => m.name)).toEqual(['Belt']);
    expect(seen.metrics[0]?.history[0]).toMatchObject({
      value: 2,
      label: 'Yellow belt',
      note: null,
      recordedById: null,
    });
  });

  it('R21.3 attendance counts check-ins and shows the milestones reached, with no entries written', async () => {
    await defineMetric(studio, CLASSES);
    const booking = (checkedIn: boolean, status: 'confirmed' | 'cancelled' = 'confirmed') => ({
      id: randomUUID(),
      tenant_id: studio.tenantId,
      class_id: studio.classId,
      member_id: studio.memberId,
      status,
      payment_method: 'drop_in' as const,
      used_pack_id: null,
      subscription_id: null,
      start_time: NOW,
      waitlist_position: null,
      checked_in_at: checkedIn ? NOW : null,
      cancelled_at: null,
      created_at: NOW,
    });
    const rows = [
      ...Array.from({ length: 26 }, () => booking(true)),
      booking(false),
      booking(true, 'cancelled'),
    ];
    await studio.db.insertInto('bookings').values(rows).execute();
    const [classes] = (await ofMember(true)).metrics;
    expect(classes).toMatchObject({
      category: 'attendance',
      latestValue: 26,
      milestonesReached: [10, 25],
      nextMilestone: 50,
    });
    const entries = await studio.db
      .selectFrom('member_progress_entries')
      .select('id')
      .where('tenant_id', '=', studio.tenantId)
      .execute();
    expect(entries).toEqual([]);
  });

  it('R21.2 refusals change nothing: bad values, unknown rows, attendance by hand, inactive metrics, roles', async () => {
    const belt = await defineMetric(studio, BELT);
    const classes = await defineMetric(studio, CLASSES);
    const retired = await defineMetric(studio, { ...WEIGHT, active: false });
    const before = await progressFootprint(studio);
    const refusals = [
      await studio.refused('progress.log', {
        memberId: studio.memberId,
        metricId: belt,
        value: 1.5,
      }),
      await studio.refused('progress.log', {
        memberId: studio.memberId,
        metricId: belt,
        value: '3',
      }),
      await studio.refused('progress.log', {
        memberId: studio.memberId,
        metricId: belt,
        value: 3,
        label: '',
      }),
      await studio.refused('progress.log', {
        memberId: studio.memberId,
        metricId: belt,
        value: 3,
        recordedAt: minutesAfterNow(60 * 24),
      }),
      await studio.refused('progress.log', { memberId: randomUUID(), metricId: belt, value: 3 }),
      await studio.refused('progress.log', {
        memberId: studio.memberId,
        metricId: randomUUID(),
        value: 3,
      }),
      await studio.refused('progress.log', {
        memberId: studio.memberId,
        metricId: classes,
        value: 3,
      }),
      await studio.refused('progress.log', {
        memberId: studio.memberId,
        metricId: retired,
        value: 3,
      }),
      await studio.refused('progress.defineMetric', { ...BELT, name: '  ' }, { as: 'owner' }),
      await studio.refused('progress.defineMetric', { ...BELT, category: 'belt' }, { as: 'owner' }),
      await studio.refused('progress.defineMetric', BELT, { as: 'frontDesk' }),
      await studio.refused(
        'progress.updateMetric',
        { metricId: belt, name: 'X' },
        { as: 'instructor' },
      ),
      await studio.refused(
        'progress.updateMetric',
        { metricId: randomUUID(), name: 'X' },
        { as: 'owner' },
      ),
      // A member may read their own progress, never write it.
      await studio.refused(
        'progress.log',
        { memberId: studio.memberId, metricId: belt, value: 3 },
        { as: { memberId: studio.memberId, roles: ['student'] } },
      ),
    ];
    expect(refusals).toEqual([
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'not_found',
      'not_found',
      'invalid',
      'rule',
      'invalid',
      'invalid',
      'forbidden',
      'forbidden',
      'not_found',
      'forbidden',
    ]);
    expect(await progressFootprint(studio)).toEqual(before);
  });

  it('R21.2 an entry is removed by a manager any time, by its author within a day, by no one else', async () => {
    const belt = await defineMetric(studio, BELT);
    const entryOf = async (as: 'frontDesk' | 'instructor') =>
      resultOf<{ entryId: string }>(await log({ metricId: belt, value: 2 }, as)).entryId;
    const byDesk = await entryOf('frontDesk');
    const byInstructor = await entryOf('instructor');
    const stale = await entryOf('instructor');
    const before = await progressFootprint(studio);
    expect(await studio.refused('progress.remove', { entryId: byDesk }, { as: 'instructor' })).toBe(
      'forbidden',
    );
    expect(
      await studio.refused(
        'progress.remove',
        { entryId: stale },
        { as: 'instructor', at: minutesAfterNow(25 * 60) },
      ),
    ).toBe('forbidden');
    expect(
      await studio.refused('progress.remove', { entryId: randomUUID() }, { as: 'manager' }),
    ).toBe('not_found');
    expect(await progressFootprint(studio)).toEqual(before);

    await studio.run(
      'progress.remove',
      { entryId: byInstructor },
      { as: 'instructor', at: minutesAfterNow(60) },
    );
    await studio.run(
      'progress.remove',
      { entryId: stale },
      { as: 'manager', at: minutesAfterNow(48 * 60) },
    );
    const { metrics } = await ofMember();
    expect(metrics[0]?.history.map((h) => h.entryId)).toEqual([byDesk]);
    const audited = await studio.db
      .selectFrom('audit_logs')
      .select('action')
      .where('tenant_id', '=', studio.tenantId)
      .where('action', 'like', 'progress.%')
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual([
      'progress.defineMetric',
      'progress.log',
      'progress.log',
      'progress.log',
      'progress.remove',
      'progress.remove',
    ]);
  });
});
