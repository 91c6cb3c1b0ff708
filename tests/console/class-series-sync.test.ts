import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { asSharedDb } from '../../src-main/store/desk-tables';
import type { Desk } from '../../src-main/store/open-desk';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { mutationRegistry } from '../../src-shared/mutations/all-mutations';
import { occurrenceId, splitSeriesId } from '../../src-shared/mutations/console/class-series-state';
import { systemClock } from '../../src-shared/time/clock';
import { occurrencesBetween } from '../../src-shared/time/weekly-recurrence';
import type { Database } from '../../src-shared/schema/catalog';
import { tenantDatabase } from '../../sync-server/db/tenant-database';
import {
  extendAllSeriesHorizons,
  extendSeriesHorizons,
} from '../../sync-server/sync/series-horizon-job';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from '../sync/sync-harness';

const DAY_MS = 86_400_000;

/** The Monday at least a week after today (UTC), so every class is still ahead. */
function nextMonday(): string {
  const start = new Date(Date.now() + 7 * DAY_MS);
  const toMonday = (8 - start.getUTCDay()) % 7;
  return new Date(start.getTime() + toMonday * DAY_MS).toISOString().slice(0, 10);
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The schedule as one side holds it: every series and class of the studio, in one spelling. */
async function schedule(db: Kysely<Database>, tenantId: string) {
  const series = await db
    .selectFrom('class_series')
    .select([
      'id',
      'title',
      'recurrence_rule',
      'capacity',
      'lineage_id',
      'status',
      'materialised_until',
    ])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
  const classes = await db
    .selectFrom('classes')
    .select([
      'id',
      'series_id',
      'start_time',
      'original_start',
      'capacity',
      'status',
      'series_edited_at',
    ])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
  return { series, classes };
}

/**
 * Class series offline (PROTOCOL.md R11), end to end through a real sync server: desks that
 * were offline each act on their copy; the server settles by R11 and every copy converges.
 */
describe.each(serverBackends)('class series offline through sync on %s', (backend) => {
  let world: SyncWorld;
  let deskA: Desk;
  let deskB: Desk;
  let staffA: string;
  let staffB: string;
  let locationId: string;
  let seriesId: string;
  const firstDate = nextMonday();

  const syncAll = async (desks: readonly Desk[]) => {
    for (const desk of desks) {
      const report = await syncOnce(desk, world.transport(desk));
      expect(report.refused).toBe(0);
    }
  };
  const tenantId = () => world.studio.tenantId;
  /** Server and both desks hold the same schedule; returns it. */
  const converged = async () => {
    await syncAll([deskA, deskB, deskA, deskB]);
    const server = await schedule(world.database.db, tenantId());
    expect(await schedule(asSharedDb(deskA.db), tenantId())).toEqual(server);
    expect(await schedule(asSharedDb(deskB.db), tenantId())).toEqual(server);
    return server;
  };
  const reviewItems = (subjectId: string) =>
    world.database.db
      .selectFrom('review_items')
      .select(['kind', 'device_ids', 'details'])
      .where('subject_id', '=', subjectId)
      .execute();
  const classOn = async (date: string) => occurrenceId(seriesId, date);

  beforeAll(async () => {
    world = await createSyncWorld(backend);
    deskA = await world.enrollNewDesk('Desk A');
    deskB = await world.enrollNewDesk('Desk B');
    staffA = await signInStaff(deskA, { email: world.ownerEmail }, '1234');
    staffB = await signInStaff(deskB, { email: world.ownerEmail }, '1234');
    const location = await runDeskMutation(deskA, staffA, 'location.create', {
      name: 'Boulder',
      timeZone: 'America/Denver',
    });
    locationId = (location.result as { locationId: string }).locationId;
    await syncAll([deskA, deskB]);
  });

  afterAll(() => world.dispose());

  beforeEach(async () => {
    const created = await runDeskMutation(deskA, staffA, 'classSeries.create', {
      title: 'Sunrise Flow',
      locationId,
      durationMinutes: 60,
      capacity: 10,
      dropInPrice: 2000,
      firstDate,
      startTime: '06:00',
      weekdays: ['MO', 'WE', 'FR'],
      horizonWeeks: 3,
    });
    seriesId = (created.result as { seriesId: string }).seriesId;
    await converged();
  });

  it('R11.1 two desks and the server’s job extend one series offline: each class once, under its derived id', async () => {
    await runDeskMutation(deskA, staffA, 'classSeries.extend', { seriesId, weeks: 8 });
    await runDeskMutation(deskB, staffB, 'classSeries.extend', { seriesId, weeks: 10 });
    // The server's own job, run twice as two instances would: over every active series.
    const job = {
      tenants: tenantDatabase(world.database.db),
      clock: systemClock,
      registry: mutationRegistry,
    };
    const [first, second] = await Promise.all([
      extendSeriesHorizons(job, tenantId()),
      extendSeriesHorizons(job, tenantId()),
    ]);
    expect((first ?? 0) + (second ?? 0)).toBeGreaterThan(0);
    expect(await extendSeriesHorizons(job, tenantId())).toBe(0);
    // The same job over every studio (serverctl extend-series) finds nothing left to make.
    expect(
      await extendAllSeriesHorizons(job, () => Promise.resolve([{ tenantId: tenantId() }])),
    ).toEqual({ studios: 1, created: 0, withoutOwner: 0 });
    const server = await converged();
    const mine = server.classes.filter((c) => c.series_id === seriesId);
    expect(new Set(mine.map((c) => c.id)).size).toBe(mine.length);
    const dates = mine.map((c) => c.original_start ?? '').sort();
    expect(new Set(dates).size).toBe(mine.length);
    // Every class of the rule up to the furthest horizon, the server job's twelve weeks.
    const held = server.series.find((s) => s.id === seriesId);
    const expected = occurrencesBetween(
      held?.recurrence_rule ?? '',
      [],
      Date.now() - DAY_MS,
      Date.parse(held?.materialised_until ?? ''),
    );
    expect(mine.map((c) => c.start_time).sort()).toEqual(
      expected.map((o) => new Date(o.startMs).toISOString()),
    );
    expect(expected.length).toBeGreaterThan(25);
    expect(mine.map((c) => c.id)).toContain(occurrenceId(seriesId, addDays(firstDate, 7 * 10)));
    expect(await reviewItems(seriesId)).toEqual([]);
  });

  it('R11.2 two desks change one class offline: the later to reach the server stands, edit_conflict names both', async () => {
    const classId = await classOn(addDays(firstDate, 2));
    const edit = (capacity: number) => ({
      scope: 'this',
      classId,
      set: { capacity },
      basedOn: { capacity: 10 },
    });
    await runDeskMutation(deskA, staffA, 'classSeries.update', edit(12));
    await runDeskMutation(deskB, staffB, 'classSeries.update', edit(8));
    const server = await converged();
    expect(server.classes.find((c) => c.id === classId)).toMatchObject({ capacity: 8 });
    const items = await reviewItems(classId);
    expect(items).toHaveLength(1);
    expect(items[0]?.kind).toBe('edit_conflict');
    expect(items[0]?.details).toContain(
      'capacity was 10 when edited here, 12 when the edit arrived, now 8',
    );
    expect(JSON.parse(items[0]?.device_ids ?? '[]')).toEqual([deskB.identity?.deviceId]);
  });

  it('R11.3 one desk moves the series while another moves one of its classes: the class keeps its own edit, with edit_conflict', async () => {
    const classId = await classOn(addDays(firstDate, 4));
    const seenStart = (await schedule(asSharedDb(deskB.db), tenantId())).classes.find(
      (c) => c.id === classId,
    )?.start_time;
    await runDeskMutation(deskA, staffA, 'classSeries.update', {
      scope: 'all',
      seriesId,
      set: { startTime: '07:00' },
      basedOn: { startTime: '06:00' },
    });
    const friday = addDays(firstDate, 4);
    await runDeskMutation(deskB, staffB, 'classSeries.update', {
      scope: 'this',
      classId,
      set: { startTime: `${friday}T09:00:00-06:00` },
      basedOn: { startTime: seenStart },
    });
    const server = await converged();
    const mine = server.classes.filter((c) => c.series_id === seriesId && c.status === 'scheduled');
    const edited = mine.find((c) => c.id === classId);
    expect(edited?.start_time).toBe(`${friday}T15:00:00.000Z`);
    expect(edited?.series_edited_at).not.toBeNull();
    // Every other class moved to 7:00 in Denver.
    const others = mine.filter((c) => c.id !== classId).map((c) => c.start_time);
    expect(others.length).toBeGreaterThan(0);
    for (const start of others)
      expect(['13:00:00.000Z', '14:00:00.000Z']).toContain(start.slice(11));
    expect((await reviewItems(classId)).map((i) => i.kind)).toEqual(['edit_conflict']);
  });

  it('R11.1, R11.2 two desks split the series at one class offline: one new series, the later values stand', async () => {
    const splitDate = addDays(firstDate, 7);
    const classId = await classOn(splitDate);
    const split = (startTime: string) => ({
      scope: 'following',
      classId,
      set: { startTime },
      basedOn: { startTime: '06:00' },
    });
    await runDeskMutation(deskA, staffA, 'classSeries.update', split('07:30'));
    await runDeskMutation(deskB, staffB, 'classSeries.update', split('08:00'));
    const server = await converged();
    const newId = splitSeriesId(seriesId, splitDate);
    expect(server.series.filter((s) => s.lineage_id === seriesId).map((s) => s.id)).toEqual([
      newId,
    ]);
    expect(server.series.find((s) => s.id === newId)?.recurrence_rule).toContain(
      `DTSTART;TZID=America/Denver:${splitDate.replaceAll('-', '')}T080000`,
    );
    const moved = server.classes.filter((c) => c.series_id === newId);
    expect(moved.map((c) => c.id)).toContain(classId);
    const items = await reviewItems(newId);
    expect(items.map((i) => i.kind)).toEqual(['edit_conflict']);
    expect(items[0]?.details).toContain(
      'startTime was 06:00 when edited here, 07:30 when the edit arrived, now 08:00',
    );
  });

  it('R11.5 one desk books a class offline while another moves the series: both stand, the owner is told of the booking', async () => {
    const classId = await classOn(addDays(firstDate, 2));
    const member = await runDeskMutation(deskB, staffB, 'member.create', {
      firstName: 'Bea',
      lastName: 'Booked',
    });
    const memberId = (member.result as { memberId: string }).memberId;
    await runDeskMutation(deskB, staffB, 'booking.book', {
      classId,
      memberId,
      paidBy: { method: 'free' },
      waitlist: false,
    });
    await runDeskMutation(deskA, staffA, 'classSeries.update', {
      scope: 'all',
      seriesId,
      set: { startTime: '09:00' },
      basedOn: { startTime: '06:00' },
    });
    await syncAll([deskB, deskA]);
    const server = await converged();
    const moved = server.classes.find((c) => c.id === classId);
    const booking = await world.database.db
      .selectFrom('bookings')
      .select(['status', 'start_time'])
      .where('class_id', '=', classId)
      .executeTakeFirstOrThrow();
    expect(booking).toEqual({ status: 'confirmed', start_time: moved?.start_time });
    const items = await reviewItems(seriesId);
    expect(items.map((i) => i.kind)).toEqual(['edit_conflict']);
    expect(items[0]?.details).toContain(`1 booking(s) made at another desk`);
    expect(items[0]?.details).toContain(`member ${memberId}`);
    expect(JSON.parse(items[0]?.device_ids ?? '[]')).toEqual([
      deskB.identity?.deviceId,
      deskA.identity?.deviceId,
    ]);
    // A desk that has heard of the booking moves the class again: nothing new to tell.
    await runDeskMutation(deskA, staffA, 'classSeries.update', {
      scope: 'all',
      seriesId,
      set: { startTime: '10:00' },
      basedOn: { startTime: '09:00' },
    });
    await converged();
    expect(await reviewItems(seriesId)).toHaveLength(1);
  });
});
