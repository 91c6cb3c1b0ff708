import { describe, expect, it } from 'vitest';
import { occurrenceId } from '../../src-shared/mutations/console/class-series-state';
import {
  BACKENDS,
  NOW,
  newCallId,
  resultOf,
  useSeededStudio,
} from '../front-desk/front-desk-harness';
import { forgetAuditEntries } from './studio-console-harness';
import {
  bookWithPack,
  classesOf,
  createSeries,
  creditsOf,
  seriesArgs,
  seriesFootprint,
} from './class-series-support';

const WEEK_MS = 7 * 86_400_000;

describe.each(BACKENDS)('class series: create and extend on %s', (backend) => {
  const studio = useSeededStudio(backend);

  it('creates a weekly series and makes its classes 12 weeks ahead, the same rows at the server', async () => {
    const plan = await studio.db
      .selectFrom('membership_plans')
      .select('id')
      .where('tenant_id', '=', studio.tenantId)
      .executeTakeFirstOrThrow();
    const args = seriesArgs(studio, {
      planIds: [plan.id],
      packDefinitionIds: [studio.packDefinitionId],
      excludedDates: ['2026-12-25'],
    });
    const callId = newCallId();
    const created = resultOf<{ seriesId: string; classIds: string[]; materialisedUntil: string }>(
      await studio.run('classSeries.create', args, { as: 'manager', callId }),
    );
    expect(created.materialisedUntil).toBe(new Date(Date.parse(NOW) + 12 * WEEK_MS).toISOString());
    const classes = await classesOf(studio, created.seriesId);
    // Mon/Wed/Fri from Dec 7 up to Feb 23, less Christmas: 33 classes, 6:00 in Chicago (UTC-6).
    expect(classes).toHaveLength(33);
    expect(classes[0]).toMatchObject({
      id: occurrenceId(created.seriesId, '2026-12-07'),
      start_time: '2026-12-07T12:00:00.000Z',
      original_start: '2026-12-07T12:00:00.000Z',
      status: 'scheduled',
      capacity: 10,
    });
    expect(classes.map((c) => c.start_time.slice(0, 10))).not.toContain('2026-12-25');
    expect(new Set(classes.map((c) => c.start_time.slice(11)))).toEqual(new Set(['12:00:00.000Z']));
    const options = await studio.db
      .selectFrom('class_payment_options')
      .select(['class_id', 'plan_id', 'pack_definition_id'])
      .where('class_id', '=', classes[0]?.id ?? '')
      .execute();
    expect(options).toHaveLength(2);
    const audit = await studio.db
      .selectFrom('audit_logs')
      .select(['action', 'target_id'])
      .where('tenant_id', '=', studio.tenantId)
      .execute();
    expect(audit).toEqual([{ action: 'classSeries.create', target_id: created.seriesId }]);

    // The server re-running the desk's call writes the very same rows.
    const before = await seriesFootprint(studio);
    await studio.db.deleteFrom('class_payment_options').execute();
    await studio.db.deleteFrom('classes').where('series_id', '=', created.seriesId).execute();
    await studio.db.deleteFrom('class_series').execute();
    await forgetAuditEntries(studio);
    await studio.run('classSeries.create', args, { as: 'manager', callId, side: 'server' });
    await studio.db
      .insertInto('classes')
      .values({
        id: studio.classId,
        tenant_id: studio.tenantId,
        series_id: null,
        location_id: studio.locationId,
        instructor_id: studio.staff.instructor,
        title: 'Vinyasa Flow',
        start_time: '2026-12-02T18:00:00.000Z',
        duration_minutes: 60,
        capacity: 2,
        drop_in_price: 2000,
        status: 'scheduled',
        created_at: '2026-11-01T09:00:00.000Z',
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    expect(await seriesFootprint(studio)).toEqual(before);
  });

  it('refuses a bad rule, a rule with no classes or too many, and unknown places or people, changing nothing', async () => {
    const before = await seriesFootprint(studio);
    const invalid: [Record<string, unknown>, RegExp][] = [
      [{ weekdays: [] }, /weekday/],
      [{ weekdays: ['MO', 'MO'] }, /each weekday once/],
      [{ startTime: '6am' }, /a time like 06:30/],
      [{ firstDate: '2026-02-30' }, /firstDate/],
      [{ until: '2027-01-01', count: 4 }, /not both/],
      [{ until: '2026-12-01' }, /end date 2026-12-01 is not a date on or after 2026-12-07/],
      [{ until: '2026-12-08', weekdays: ['TH'] }, /the series has no classes/],
      [{ count: 1, excludedDates: ['2026-12-07'] }, /the series has no classes/],
      [
        { until: '2030-12-31', weekdays: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
        /more than 520 classes/,
      ],
      [{ capacity: 0 }, /capacity/],
      [{ rule: 'FREQ=DAILY' }, /rule/],
      [{ instructorId: studio.staff.frontDesk }, /not an active instructor/],
    ];
    for (const [overrides, message] of invalid) {
      await expect(
        studio.run('classSeries.create', seriesArgs(studio, overrides), { as: 'owner' }),
        JSON.stringify(overrides),
      ).rejects.toThrow(message);
    }
    const unknown = '01930000-0000-7000-8000-00000000dead';
    for (const overrides of [
      { locationId: unknown },
      { roomId: unknown },
      { instructorId: unknown },
    ]) {
      expect(
        await studio.refused('classSeries.create', seriesArgs(studio, overrides), { as: 'owner' }),
      ).toBe('not_found');
    }
    expect(
      await studio.refused('classSeries.create', seriesArgs(studio), { as: 'frontDesk' }),
    ).toBe('forbidden');
    expect(await seriesFootprint(studio)).toEqual(before);
  });

  it('extends idempotently: twice at the desk and once at the server make each class once, across DST', async () => {
    const { seriesId } = await createSeries(studio, { horizonWeeks: 2 });
    expect(await classesOf(studio, seriesId)).toHaveLength(4);
    const later = new Date(Date.parse(NOW) + 60_000).toISOString();
    const extend = (side: 'desk' | 'server', at = later) =>
      studio.run('classSeries.extend', { seriesId, weeks: 20 }, { as: 'owner', side, at });
    expect(resultOf<{ created: number }>(await extend('desk')).created).toBe(54);
    const once = await classesOf(studio, seriesId);
    expect(resultOf<{ created: number }>(await extend('desk')).created).toBe(0);
    expect(resultOf<{ created: number }>(await extend('server', NOW)).created).toBe(0);
    // With no series named, every active series is extended: still nothing new.
    await studio.run('classSeries.extend', {}, { as: 'manager', at: later });
    expect(await classesOf(studio, seriesId)).toEqual(once);
    expect(once.map((c) => c.id)).toEqual(
      once.map((c) =>
        occurrenceId(
          seriesId,
          new Date(Date.parse(c.start_time) - 6 * 3_600_000).toISOString().slice(0, 10),
        ),
      ),
    );
    // Chicago moves to CDT (UTC-5) on 2027-03-14: the class stays at 6:00 local.
    const byDate = new Map(once.map((c) => [c.start_time.slice(0, 10), c.start_time]));
    expect(byDate.get('2027-03-12')).toBe('2027-03-12T12:00:00.000Z');
    expect(byDate.get('2027-03-15')).toBe('2027-03-15T11:00:00.000Z');
    const series = await studio.db
      .selectFrom('class_series')
      .select(['materialised_until', 'status'])
      .where('id', '=', seriesId)
      .executeTakeFirstOrThrow();
    expect(series).toEqual({
      materialised_until: new Date(Date.parse(later) + 20 * WEEK_MS).toISOString(),
      status: 'active',
    });
  });

  it('ends a series: later classes go, booked ones cancelled with credits back; an ended series makes no more', async () => {
    const { seriesId } = await createSeries(studio);
    const booked = (await classesOf(studio, seriesId)).find((c) =>
      c.start_time.startsWith('2027-01-04'),
    );
    const packId = await bookWithPack(studio, booked?.id ?? '', studio.memberId);
    expect(await creditsOf(studio, packId)).toBe(4);
    const result = resultOf<{ removed: number }>(
      await studio.run('classSeries.end', { seriesId, lastDate: '2026-12-30' }, { as: 'owner' }),
    );
    const left = await classesOf(studio, seriesId);
    const scheduled = left.filter((c) => c.status === 'scheduled');
    expect(scheduled.map((c) => c.start_time.slice(0, 10)).at(-1)).toBe('2026-12-30');
    expect(left.filter((c) => c.status === 'cancelled').map((c) => c.id)).toEqual([booked?.id]);
    expect(await creditsOf(studio, packId)).toBe(5);
    expect(result.removed).toBe(34 - scheduled.length);
    await studio.run('classSeries.extend', { seriesId, weeks: 30 }, { as: 'owner' });
    expect(await classesOf(studio, seriesId)).toEqual(left);
    expect(await studio.refused('classSeries.end', { seriesId }, { as: 'owner' })).toBe('rule');
  });

  it('extends a series it did not write (a demo’s monthly one) without doubling its classes, and refuses to edit it', async () => {
    const seriesId = '01930000-0000-7000-8000-0000000de301';
    await studio.db
      .insertInto('class_series')
      .values({
        id: seriesId,
        tenant_id: studio.tenantId,
        title: 'Full Moon Flow',
        recurrence_rule:
          'DTSTART;TZID=America/Chicago:20261105T180000\nRRULE:FREQ=MONTHLY;BYDAY=1TH',
        location_id: studio.locationId,
        instructor_id: null,
        duration_minutes: 90,
        capacity: 20,
        created_at: '2026-11-01T09:00:00.000Z',
      })
      .execute();
    // Generated with the demo's own id for the first Thursday of December.
    await studio.db
      .insertInto('classes')
      .values({
        id: '01930000-0000-7000-8000-0000000de302',
        tenant_id: studio.tenantId,
        series_id: seriesId,
        location_id: studio.locationId,
        instructor_id: null,
        title: 'Full Moon Flow',
        start_time: '2026-12-04T00:00:00.000Z',
        duration_minutes: 90,
        capacity: 20,
        drop_in_price: 3000,
        status: 'scheduled',
        created_at: '2026-11-01T09:00:00.000Z',
      })
      .execute();
    const extended = resultOf<{ created: number }>(
      await studio.run('classSeries.extend', { seriesId, weeks: 12 }, { as: 'owner' }),
    );
    expect(extended.created).toBe(2);
    expect((await classesOf(studio, seriesId)).map((c) => c.start_time)).toEqual([
      '2026-12-04T00:00:00.000Z',
      '2027-01-08T00:00:00.000Z',
      '2027-02-05T00:00:00.000Z',
    ]);
    await expect(
      studio.run(
        'classSeries.update',
        {
          scope: 'all',
          seriesId,
          set: { title: 'New Moon' },
          basedOn: { title: 'Full Moon Flow' },
        },
        { as: 'owner' },
      ),
    ).rejects.toThrow('Full Moon Flow: only weekly series on chosen days can be edited');
  });

  it('lists series with the fields an edit’s basedOn takes; a rule it cannot edit has no recurrence', async () => {
    const { seriesId } = await createSeries(studio, {
      intervalWeeks: 2,
      until: '2027-03-31',
      excludedDates: ['2026-12-25'],
    });
    const listed = await studio.query<{ seriesId: string; recurrence: unknown; status: string }[]>(
      'classSeries.list',
      {},
    );
    expect(listed).toEqual([
      expect.objectContaining({
        seriesId,
        title: 'Sunrise Flow',
        capacity: 10,
        dropInPrice: 2200,
        timeZone: 'America/Chicago',
        status: 'active',
        recurrence: {
          firstDate: '2026-12-07',
          startTime: '06:00',
          weekdays: ['MO', 'WE', 'FR'],
          intervalWeeks: 2,
          until: '2027-03-31',
          count: null,
          excludedDates: ['2026-12-25'],
        },
      }),
    ]);
    await studio.run('classSeries.end', { seriesId }, { as: 'owner' });
    expect(await studio.query('classSeries.list', {})).toEqual([]);
    expect(await studio.query('classSeries.list', { includeEnded: true })).toEqual([
      expect.objectContaining({ seriesId, status: 'ended' }),
    ]);
  });
});
