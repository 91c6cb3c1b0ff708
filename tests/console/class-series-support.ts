import type { Studio } from '../front-desk/front-desk-harness';
import { resultOf } from '../front-desk/front-desk-harness';
import { consoleFootprint } from './studio-console-harness';

/** A weekly series at the seeded studio's location (America/Chicago), as class.create's fields. */
export function seriesArgs(studio: Studio, overrides: Record<string, unknown> = {}) {
  return {
    title: 'Sunrise Flow',
    locationId: studio.locationId,
    instructorId: studio.staff.instructor,
    durationMinutes: 60,
    capacity: 10,
    dropInPrice: 2200,
    firstDate: '2026-12-07',
    startTime: '06:00',
    weekdays: ['MO', 'WE', 'FR'],
    ...overrides,
  };
}

export interface SeriesRow {
  readonly id: string;
  readonly start_time: string;
  readonly original_start: string | null;
  readonly status: string;
  readonly capacity: number;
  readonly title: string;
  readonly series_id: string | null;
  readonly series_edited_at: string | null;
}

/** A series' classes, earliest first. */
export function classesOf(studio: Studio, seriesId: string): Promise<SeriesRow[]> {
  return studio.db
    .selectFrom('classes')
    .select([
      'id',
      'start_time',
      'original_start',
      'status',
      'capacity',
      'title',
      'series_id',
      'series_edited_at',
    ])
    .where('tenant_id', '=', studio.tenantId)
    .where('series_id', '=', seriesId)
    .orderBy('start_time')
    .execute();
}

export async function createSeries(
  studio: Studio,
  overrides: Record<string, unknown> = {},
): Promise<{ seriesId: string; classIds: string[] }> {
  return resultOf<{ seriesId: string; classIds: string[] }>(
    await studio.run('classSeries.create', seriesArgs(studio, overrides), { as: 'owner' }),
  );
}

/** Everything series mutations write, to prove a refusal changed nothing. */
export async function seriesFootprint(studio: Studio): Promise<unknown> {
  const series = await studio.db
    .selectFrom('class_series')
    .selectAll()
    .where('tenant_id', '=', studio.tenantId)
    .execute();
  return {
    console: await consoleFootprint(studio),
    series: series.map((s) => JSON.stringify(s)).sort(),
  };
}

/** Sells a 5-class pack to the member and books them into the class with it. */
export async function bookWithPack(studio: Studio, classId: string, memberId: string) {
  const { packIds } = resultOf<{ packIds: string[] }>(
    await studio.run('pack.sell', {
      memberId,
      packDefinitionId: studio.packDefinitionId,
      unitPrice: 6000,
      tenders: [{ method: 'card', amount: 6000, paymentIntentId: `pi_${memberId}_${classId}` }],
    }),
  );
  const packId = packIds[0] ?? '';
  await studio.run('booking.book', {
    classId,
    memberId,
    paidBy: { method: 'pack', packId },
    waitlist: false,
  });
  return packId;
}

export async function creditsOf(studio: Studio, packId: string): Promise<number> {
  return (
    await studio.db
      .selectFrom('purchased_packs')
      .select('remaining_credits')
      .where('id', '=', packId)
      .executeTakeFirstOrThrow()
  ).remaining_credits;
}
