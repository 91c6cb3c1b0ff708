import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import type { MetricProgress } from '../../src-shared/queries/progress/member-progress';
import { serverBackends } from '../server/support/server-harness';
import {
  createTwoDeskStudio,
  memberWithPack,
  sameEverywhere,
  syncInTurn,
  type TwoDeskStudio,
} from '../sync/merge-world';
import { runDeskQuery } from '../../src-main/operations/run-query';
import { BELT, WEIGHT } from './progress-support';

/**
 * R21.1 and R21.2 through sync: two desks log for one member while offline, and both
 * entries stand; metric changes merge field by field.
 */
describe.each(serverBackends)('progress logged at two offline desks on %s', (backend) => {
  let studio: TwoDeskStudio;

  beforeAll(async () => {
    studio = await createTwoDeskStudio(backend);
  });
  afterAll(() => studio.world.dispose());

  it('R21.2 entries from two offline desks for one member both stand, everywhere', async () => {
    const { deskA, deskB, actorA, actorB, world } = studio;
    const defined = await runDeskMutation(deskA, actorA, 'progress.defineMetric', BELT);
    const { metricId } = defined.result as { metricId: string };
    const { memberId } = await memberWithPack(studio, 'Rin');
    await syncInTurn(studio, [deskA, deskB]);

    await runDeskMutation(deskA, actorA, 'progress.log', {
      memberId,
      metricId,
      value: 2,
      label: 'Yellow belt',
    });
    await runDeskMutation(deskB, actorB, 'progress.log', {
      memberId,
      metricId,
      value: 3,
      label: 'Blue belt',
      note: 'Promoted at the Saturday grading',
    });
    await syncInTurn(studio, [deskA, deskB, deskA]);

    const onServer = await world.database.db
      .selectFrom('member_progress_entries')
      .select(['value', 'source'])
      .where('member_id', '=', memberId)
      .orderBy('value')
      .execute();
    expect(onServer).toEqual([
      { value: 2, source: 'manual' },
      { value: 3, source: 'manual' },
    ]);
    for (const desk of [deskA, deskB]) {
      const seen = (await runDeskQuery(desk, 'progress.ofMember', { memberId })) as {
        metrics: MetricProgress[];
      };
      expect(seen.metrics[0]?.history.map((h) => h.value).sort()).toEqual([2, 3]);
    }
    const same = await sameEverywhere(studio);
    expect([same.mismatchedA, same.mismatchedB]).toEqual([[], []]);
  });

  it('R21.1 metric changes from two desks merge field by field', async () => {
    const { deskA, deskB, actorA, world } = studio;
    const defined = await runDeskMutation(deskA, actorA, 'progress.defineMetric', WEIGHT);
    const { metricId } = defined.result as { metricId: string };
    await syncInTurn(studio, [deskA, deskB]);
    // The owner works at desk B as well: metrics are an owner's or manager's to change.
    const ownerAtB = actorA;
    await runDeskMutation(deskA, actorA, 'progress.updateMetric', {
      metricId,
      unit: 'lb',
      name: 'Weight A',
    });
    await runDeskMutation(deskB, ownerAtB, 'progress.updateMetric', {
      metricId,
      visibleToStudents: true,
      name: 'Weight B',
    });
    await syncInTurn(studio, [deskA, deskB, deskA, deskB]);
    const row = await world.database.db
      .selectFrom('progress_metric_definitions')
      .select(['name', 'unit', 'visible_to_students'])
      .where('id', '=', metricId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Weight B', unit: 'lb', visible_to_students: 1 });
    const same = await sameEverywhere(studio);
    expect([same.mismatchedA, same.mismatchedB]).toEqual([[], []]);
  });
});
