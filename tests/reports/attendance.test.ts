import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useSeededStudio } from '../front-desk/front-desk-harness';
import { addClass, addStudent, checkIn } from './attendance-studio';

interface Attendance {
  readonly timeZone: string;
  readonly checkIns: number;
  readonly members: number;
  readonly byClass: readonly { title: string; checkIns: number }[];
  readonly byInstructor: readonly { name: string; checkIns: number }[];
  readonly byHour: readonly { hour: number; checkIns: number }[];
  readonly byWeekday: readonly { weekday: number; name: string; checkIns: number }[];
  readonly byDay: readonly { date: string; checkIns: number }[];
}

/** Hours of the day with their check-ins, the rest being zero. */
const hours = (counts: Record<number, number>) =>
  Array.from({ length: 24 }, (_, hour) => ({ hour, checkIns: counts[hour] ?? 0 }));

describe.each(BACKENDS)('report.attendance on %s', (backend) => {
  const studio = useSeededStudio(backend);
  const attendance = (args: Record<string, unknown>) =>
    studio.query<Attendance>('report.attendance', args);

  /**
   * Around Chicago's fall-back Sunday (Nov 1 2026, a 25-hour studio day). Expected figures
   * are counted by hand from the studio wall clock written beside each instant.
   */
  async function dstWeekend() {
    const { instructor, owner } = studio.staff;
    const maya = studio.memberId;
    const omar = studio.otherMemberId;
    const sami = studio.subscriberId;
    const vinyasa = await addClass(studio, 'Vinyasa Flow', '2026-11-01T04:00:00.000Z', instructor);
    const midnight = await addClass(studio, 'Midnight', '2026-11-01T05:30:00.000Z', owner);
    const nightOwl = await addClass(studio, 'Night Owl', '2026-11-02T05:00:00.000Z', instructor);
    const monday = await addClass(studio, 'Vinyasa Flow', '2026-11-02T15:00:00.000Z', instructor);
    const annexId = randomUUID();
    await studio.db
      .insertInto('locations')
      .values({
        id: annexId,
        tenant_id: studio.tenantId,
        name: 'Annex',
        time_zone: 'America/Chicago',
        address: null,
        created_at: '2026-09-01T00:00:00.000Z',
      })
      .execute();
    const annex = await addClass(studio, 'Annex Yoga', '2026-11-02T16:00:00.000Z', owner, annexId);
    // Sat Oct 31, 23:30 CDT: Saturday's last hour, though the UTC date is Nov 1.
    await checkIn(studio, { classId: vinyasa, memberId: maya, at: '2026-11-01T04:30:00.000Z' });
    // Sun Nov 1, 00:30 CDT; then 01:30 twice, once in daylight time and once in standard.
    await checkIn(studio, { classId: midnight, memberId: omar, at: '2026-11-01T05:30:00.000Z' });
    await checkIn(studio, { classId: midnight, memberId: maya, at: '2026-11-01T06:30:00.000Z' });
    await checkIn(studio, { classId: midnight, memberId: sami, at: '2026-11-01T07:30:00.000Z' });
    // Sun Nov 1, 23:30 CST: still Sunday, though UTC says Monday.
    await checkIn(studio, { classId: nightOwl, memberId: maya, at: '2026-11-02T05:30:00.000Z' });
    // Mon Nov 2, 09:00 and 10:00 CST; the second at the Annex.
    await checkIn(studio, { classId: monday, memberId: omar, at: '2026-11-02T15:00:00.000Z' });
    await checkIn(studio, { classId: annex, memberId: maya, at: '2026-11-02T16:00:00.000Z' });
    // Outside the range: Fri Oct 30 23:30 CDT and Tue Nov 3 00:30 CST.
    await checkIn(studio, { classId: vinyasa, memberId: omar, at: '2026-10-31T04:30:00.000Z' });
    await checkIn(studio, { classId: monday, memberId: sami, at: '2026-11-03T06:30:00.000Z' });
    // Not check-ins: booked only, and cancelled after a check-in.
    await checkIn(studio, { classId: monday, memberId: sami, at: null });
    await checkIn(studio, {
      classId: nightOwl,
      memberId: omar,
      at: '2026-11-02T05:10:00.000Z',
      status: 'cancelled',
    });
    return { annexId };
  }

  it('counts check-ins by class, instructor, studio hour, weekday and day across a DST change', async () => {
    await dstWeekend();
    const report = await attendance({ from: '2026-10-31', to: '2026-11-02' });
    expect(report).toMatchObject({ timeZone: 'America/Chicago', checkIns: 7, members: 3 });
    expect(report.byClass).toEqual([
      { title: 'Midnight', checkIns: 3 },
      { title: 'Vinyasa Flow', checkIns: 2 },
      { title: 'Annex Yoga', checkIns: 1 },
      { title: 'Night Owl', checkIns: 1 },
    ]);
    expect(report.byInstructor.map((i) => [i.name, i.checkIns])).toEqual([
      ['Olive Tester', 4],
      ['Ines Tester', 3],
    ]);
    expect(report.byHour).toEqual(hours({ 0: 1, 1: 2, 9: 1, 10: 1, 23: 2 }));
    expect(report.byWeekday.map((w) => [w.name, w.checkIns])).toEqual([
      ['Monday', 2],
      ['Tuesday', 0],
      ['Wednesday', 0],
      ['Thursday', 0],
      ['Friday', 0],
      ['Saturday', 1],
      ['Sunday', 4],
    ]);
    expect(report.byDay).toEqual([
      { date: '2026-10-31', checkIns: 1 },
      { date: '2026-11-01', checkIns: 4 },
      { date: '2026-11-02', checkIns: 2 },
    ]);
  });

  it("keeps to the chosen location's classes", async () => {
    const { annexId } = await dstWeekend();
    const main = await attendance({
      from: '2026-10-31',
      to: '2026-11-02',
      locationId: studio.locationId,
    });
    expect(main.checkIns).toBe(6);
    expect(main.byClass.map((c) => c.title)).not.toContain('Annex Yoga');
    const annex = await attendance({ from: '2026-10-31', to: '2026-11-02', locationId: annexId });
    expect(annex).toMatchObject({ checkIns: 1, members: 1 });
    expect(annex.byHour).toEqual(hours({ 10: 1 }));
  });

  it('reads a half-hour zone by its own wall clock (Asia/Kolkata, UTC+5:30)', async () => {
    await studio.db
      .updateTable('tenants')
      .set({ settings: JSON.stringify({ timeZone: 'Asia/Kolkata' }) })
      .where('id', '=', studio.tenantId)
      .execute();
    const klass = await addClass(studio, 'Late Flow', '2026-11-01T17:30:00.000Z', null);
    // 23:30 and 23:59 IST on Nov 1; 00:00 IST on Nov 2.
    for (const at of [
      '2026-11-01T18:00:00.000Z',
      '2026-11-01T18:29:00.000Z',
      '2026-11-01T18:30:00.000Z',
    ]) {
      await checkIn(studio, {
        classId: klass,
        memberId: await addStudent(studio, 'Kiran', at),
        at,
      });
    }
    const report = await attendance({ from: '2026-11-01', to: '2026-11-02' });
    expect(report.timeZone).toBe('Asia/Kolkata');
    expect(report.byDay).toEqual([
      { date: '2026-11-01', checkIns: 2 },
      { date: '2026-11-02', checkIns: 1 },
    ]);
    expect(report.byHour).toEqual(hours({ 0: 1, 23: 2 }));
    expect(report.byInstructor).toEqual([
      { instructorId: null, name: 'No instructor', checkIns: 3 },
    ]);
  });

  it('answers bad ranges and locations with a clear error', async () => {
    await expect(attendance({ from: '2026-11-02', to: '2026-11-01' })).rejects.toThrow(
      /the range ends before it starts/,
    );
    await expect(attendance({ from: '2025-11-01', to: '2026-11-02' })).rejects.toThrow(
      /at most 366 days/,
    );
    await expect(attendance({ from: '2026-11-01', locationId: 'main' })).rejects.toThrow(/uuid/i);
    const stranger = randomUUID();
    await expect(attendance({ from: '2026-11-01', locationId: stranger })).rejects.toThrow(
      `report.attendance: no location ${stranger} in this studio`,
    );
    await expect(attendance({ from: '2026-13-01' })).rejects.toThrow();
  });
});
