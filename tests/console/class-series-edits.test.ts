import { describe, expect, it } from 'vitest';
import { occurrenceId, splitSeriesId } from '../../src-shared/mutations/console/class-series-state';
import { BACKENDS, NOW, resultOf, useSeededStudio } from '../front-desk/front-desk-harness';
import { reviewItems } from '../front-desk/ledger-invariants';
import {
  bookWithPack,
  classesOf,
  createSeries,
  creditsOf,
  seriesFootprint,
} from './class-series-support';

const onDate = <T extends { start_time: string }>(classes: readonly T[], date: string) => {
  const found = classes.find((c) => c.start_time.startsWith(date));
  if (found === undefined) throw new Error(`no class on ${date}`);
  return found;
};

describe.each(BACKENDS)('class series edits in three scopes on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const seriesRow = (seriesId: string) =>
    studio.db
      .selectFrom('class_series')
      .selectAll()
      .where('id', '=', seriesId)
      .executeTakeFirstOrThrow();

  it('this: edits one class, which later edits of the whole series leave alone (R11.3)', async () => {
    const { seriesId } = await createSeries(studio);
    const target = onDate(await classesOf(studio, seriesId), '2026-12-09');
    await studio.run(
      'classSeries.update',
      {
        scope: 'this',
        classId: target.id,
        set: { startTime: '2026-12-09T08:00:00-06:00', capacity: 12 },
        basedOn: { startTime: '2026-12-09T12:00:00.000Z', capacity: 10 },
      },
      { as: 'manager' },
    );
    expect(onDate(await classesOf(studio, seriesId), '2026-12-09')).toMatchObject({
      id: target.id,
      start_time: '2026-12-09T14:00:00.000Z',
      original_start: '2026-12-09T12:00:00.000Z',
      capacity: 12,
      series_edited_at: NOW,
    });
    const all = resultOf<{ updated: number }>(
      await studio.run(
        'classSeries.update',
        {
          scope: 'all',
          seriesId,
          set: { startTime: '07:00', title: 'Sunrise Flow II' },
          basedOn: { startTime: '06:00', title: 'Sunrise Flow' },
        },
        { as: 'owner' },
      ),
    );
    const after = await classesOf(studio, seriesId);
    expect(all.updated).toBe(after.length - 1);
    expect(onDate(after, '2026-12-09')).toMatchObject({
      start_time: '2026-12-09T14:00:00.000Z',
      title: 'Sunrise Flow',
      capacity: 12,
    });
    expect(onDate(after, '2026-12-07')).toMatchObject({
      id: occurrenceId(seriesId, '2026-12-07'),
      start_time: '2026-12-07T13:00:00.000Z',
      original_start: '2026-12-07T13:00:00.000Z',
      title: 'Sunrise Flow II',
    });
    expect((await seriesRow(seriesId)).recurrence_rule).toContain(
      'DTSTART;TZID=America/Chicago:20261207T070000',
    );
  });

  it('all: a moved class keeps its bookings; a day that leaves the rule is deleted, or cancelled with credits back', async () => {
    const { seriesId } = await createSeries(studio);
    const before = await classesOf(studio, seriesId);
    const monday = onDate(before, '2026-12-14');
    const friday = onDate(before, '2026-12-11');
    await bookWithPack(studio, monday.id, studio.memberId);
    const fridayPack = await bookWithPack(studio, friday.id, studio.otherMemberId);
    const result = resultOf<{ updated: number; dropped: number; created: number }>(
      await studio.run(
        'classSeries.update',
        {
          scope: 'all',
          seriesId,
          set: { startTime: '07:15', weekdays: ['WE', 'MO'] },
          basedOn: { startTime: '06:00', weekdays: ['FR', 'WE', 'MO'] },
        },
        { as: 'owner' },
      ),
    );
    const after = await classesOf(studio, seriesId);
    expect(result).toMatchObject({ dropped: 11, created: 0 });
    const booking = await studio.db
      .selectFrom('bookings')
      .select(['status', 'start_time'])
      .where('class_id', '=', monday.id)
      .executeTakeFirstOrThrow();
    expect(booking).toEqual({ status: 'confirmed', start_time: '2026-12-14T13:15:00.000Z' });
    expect(after.filter((c) => c.status === 'cancelled').map((c) => c.id)).toEqual([friday.id]);
    expect(await creditsOf(studio, fridayPack)).toBe(5);
    const scheduledDays = new Set(
      after.filter((c) => c.status === 'scheduled').map((c) => new Date(c.start_time).getUTCDay()),
    );
    expect(scheduledDays).toEqual(new Set([1, 3]));
  });

  it('following: splits the series at the class; the old one ends the day before, the new one keeps the class ids (R11.1)', async () => {
    const { seriesId } = await createSeries(studio, { count: 10 });
    const before = await classesOf(studio, seriesId);
    expect(before).toHaveLength(10);
    const at = onDate(before, '2026-12-14');
    const result = resultOf<{ seriesId: string; updated: number }>(
      await studio.run(
        'classSeries.update',
        {
          scope: 'following',
          classId: at.id,
          set: { startTime: '07:30', capacity: 8 },
          basedOn: { startTime: '06:00', capacity: 10 },
        },
        { as: 'owner' },
      ),
    );
    const newSeriesId = splitSeriesId(seriesId, '2026-12-14');
    expect(result).toMatchObject({ seriesId: newSeriesId, updated: 7 });
    const old = await seriesRow(seriesId);
    expect(old.recurrence_rule).toContain('UNTIL=20261214T055959Z');
    expect(old.recurrence_rule).not.toContain('COUNT');
    const split = await seriesRow(newSeriesId);
    expect(split).toMatchObject({ lineage_id: seriesId, capacity: 8, status: 'active' });
    expect(split.recurrence_rule).toContain('DTSTART;TZID=America/Chicago:20261214T073000');
    expect(split.recurrence_rule).toContain('COUNT=7');
    expect((await classesOf(studio, seriesId)).map((c) => c.start_time)).toEqual(
      before.slice(0, 3).map((c) => c.start_time),
    );
    const moved = await classesOf(studio, newSeriesId);
    expect(moved.map((c) => c.id)).toEqual(before.slice(3).map((c) => c.id));
    expect(new Set(moved.map((c) => c.start_time.slice(11)))).toEqual(new Set(['13:30:00.000Z']));
    expect(new Set(moved.map((c) => c.capacity))).toEqual(new Set([8]));
    // Extending either series makes nothing twice: ten classes in all, as the count said.
    await studio.run('classSeries.extend', { weeks: 40 }, { as: 'owner' });
    expect(
      (await classesOf(studio, seriesId)).length + (await classesOf(studio, newSeriesId)).length,
    ).toBe(10);

    // "This and following" at a series' first class edits it in place.
    const first = onDate(moved, '2026-12-14');
    const again = resultOf<{ seriesId: string }>(
      await studio.run(
        'classSeries.update',
        {
          scope: 'following',
          classId: first.id,
          set: { title: 'Late Flow' },
          basedOn: { title: 'Sunrise Flow' },
        },
        { as: 'owner' },
      ),
    );
    expect(again.seriesId).toBe(newSeriesId);
    expect(new Set((await classesOf(studio, newSeriesId)).map((c) => c.title))).toEqual(
      new Set(['Late Flow']),
    );
  });

  it('R11.4 a capacity cut below the bookings: refused at the desk, kept with class_over_capacity at the server', async () => {
    const { seriesId } = await createSeries(studio);
    const target = onDate(await classesOf(studio, seriesId), '2026-12-16');
    await bookWithPack(studio, target.id, studio.memberId);
    await bookWithPack(studio, target.id, studio.otherMemberId);
    const cut = { scope: 'all', seriesId, set: { capacity: 1 }, basedOn: { capacity: 10 } };
    const before = await seriesFootprint(studio);
    expect(await studio.refused('classSeries.update', cut, { as: 'owner' })).toBe('rule');
    expect(await seriesFootprint(studio)).toEqual(before);
    await studio.run('classSeries.update', cut, { as: 'owner', side: 'server' });
    expect(onDate(await classesOf(studio, seriesId), '2026-12-16').capacity).toBe(1);
    expect(await reviewItems(studio)).toEqual([
      expect.objectContaining({ kind: 'class_over_capacity', subject_id: target.id }),
    ]);
  });

  it('an edit based on values changed elsewhere: refused at the desk, the later edit stands at the server with edit_conflict (R11.2, R11.6)', async () => {
    const { seriesId } = await createSeries(studio);
    const stale = { scope: 'all', seriesId, set: { title: 'Dawn' }, basedOn: { title: 'Morning' } };
    expect(await studio.refused('classSeries.update', stale, { as: 'owner' })).toBe('rule');
    await studio.run('classSeries.update', stale, { as: 'owner', side: 'server' });
    expect((await seriesRow(seriesId)).title).toBe('Dawn');
    const items = await reviewItems(studio);
    expect(items).toEqual([
      expect.objectContaining({ kind: 'edit_conflict', subject_id: seriesId }),
    ]);
    expect(items[0]?.details).toContain(
      'title was Morning when edited here, Sunrise Flow when the edit arrived',
    );

    await studio.run('classSeries.end', { seriesId }, { as: 'owner' });
    const late = { scope: 'all', seriesId, set: { capacity: 12 }, basedOn: { capacity: 10 } };
    expect(await studio.refused('classSeries.update', late, { as: 'owner' })).toBe('rule');
    const lost = resultOf<{ applied: boolean }>(
      await studio.run('classSeries.update', late, { as: 'owner', side: 'server' }),
    );
    expect(lost.applied).toBe(false);
    expect((await seriesRow(seriesId)).capacity).toBe(10);
    expect((await reviewItems(studio)).map((i) => i.kind)).toEqual([
      'edit_conflict',
      'edit_conflict',
    ]);
  });

  it('refuses malformed edits, a class outside any series and a rule it cannot edit, changing nothing', async () => {
    const { seriesId, classIds } = await createSeries(studio);
    const classId = classIds[0] ?? '';
    const before = await seriesFootprint(studio);
    const invalid: unknown[] = [
      { scope: 'all', seriesId, set: {}, basedOn: {} },
      { scope: 'all', seriesId, set: { title: 'X' }, basedOn: {} },
      { scope: 'all', seriesId, set: { weekdays: [] }, basedOn: { weekdays: ['MO'] } },
      { scope: 'all', seriesId, set: { startTime: '7pm' }, basedOn: { startTime: '06:00' } },
      { scope: 'sometimes', seriesId, set: { title: 'X' }, basedOn: { title: 'Y' } },
      { scope: 'this', classId, set: { weekdays: ['MO'] }, basedOn: { weekdays: ['TU'] } },
      { scope: 'following', seriesId, set: { title: 'X' }, basedOn: { title: 'Y' } },
      {
        scope: 'all',
        seriesId,
        set: { until: '2026-12-08', weekdays: ['TH'] },
        basedOn: { until: null, weekdays: ['MO', 'WE', 'FR'] },
      },
      { scope: 'this', classId: studio.classId, set: { capacity: 3 }, basedOn: { capacity: 2 } },
    ];
    for (const args of invalid) {
      expect(
        await studio.refused('classSeries.update', args, { as: 'owner' }),
        JSON.stringify(args),
      ).toBe('invalid');
    }
    const unknown = '01930000-0000-7000-8000-00000000dead';
    expect(
      await studio.refused(
        'classSeries.update',
        { scope: 'all', seriesId, set: { roomId: unknown }, basedOn: { roomId: null } },
        { as: 'owner' },
      ),
    ).toBe('not_found');
    expect(
      await studio.refused(
        'classSeries.update',
        { scope: 'all', seriesId, set: { title: 'X' }, basedOn: { title: 'Sunrise Flow' } },
        { as: 'frontDesk' },
      ),
    ).toBe('forbidden');
    expect(await seriesFootprint(studio)).toEqual(before);
  });
});
