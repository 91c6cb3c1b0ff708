// deskctl runs every registered mutation: check-in, which chooses at the desk how a class is
// paid, included (issue 16). Exit 1 for what the rules refuse, with the refusal's sentence.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_DATABASE_FILE } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { DESKCTL, runCli } from '../support/cli-process';
import { addStaffMember, AT, createEnrolledDesk, fixtureId, TENANT_ID } from './desk-harness';

describe('deskctl and booking.checkInMember', () => {
  let dataDir: string;
  let classId: string;
  let memberId: string;

  beforeAll(async () => {
    const enrolled = await createEnrolledDesk();
    dataDir = enrolled.dataDir;
    const { desk } = enrolled;
    const staffId = await addStaffMember(desk, 'frank@example.com', ['front_desk']);
    await signInStaff(desk, { email: 'frank@example.com' }, '2468');
    const created = await runDeskMutation(desk, staffId, 'member.create', {
      firstName: 'Maya',
      lastName: 'Walkin',
      email: 'maya.walkin@example.com',
    });
    memberId = (created.result as { memberId: string }).memberId;
    const locationId = fixtureId();
    classId = fixtureId();
    await desk.db
      .insertInto('locations')
      .values({
        id: locationId,
        tenant_id: TENANT_ID,
        name: 'Main',
        time_zone: 'UTC',
        address: null,
        created_at: AT,
      })
      .execute();
    await desk.db
      .insertInto('classes')
      .values({
        id: classId,
        tenant_id: TENANT_ID,
        series_id: null,
        location_id: locationId,
        instructor_id: null,
        title: 'Vinyasa Flow',
        // Starting soon: deskctl checks in on the real clock, inside the check-in window.
        start_time: new Date(Date.now() + 30 * 60_000).toISOString(),
        duration_minutes: 60,
        capacity: 10,
        drop_in_price: 2000,
        status: 'scheduled',
        created_at: AT,
      })
      .execute();
    // The CLI opens the file itself; this process lets go of it first.
    await desk.close();
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const deskctl = (...args: string[]) => runCli(DESKCTL, ['--data', dataDir, ...args]);

  function lastOutboxArgs(): unknown {
    const sqlite = new BetterSqlite3(join(dataDir, DESK_DATABASE_FILE), { readonly: true });
    try {
      const row = sqlite
        .prepare('select name, args from desk_outbox order by seq desc limit 1')
        .get() as { name: string; args: string };
      return { name: row.name, args: JSON.parse(row.args) as unknown };
    } finally {
      sqlite.close();
    }
  }

  it('lists it with its schema and roles', async () => {
    const listed = await deskctl('mutations');
    expect(listed.code).toBe(0);
    const mutations = JSON.parse(listed.stdout) as { name: string; roles: string[] }[];
    expect(mutations.find((m) => m.name === 'booking.checkInMember')).toMatchObject({
      roles: ['owner', 'manager', 'front_desk', 'instructor'],
    });
  });

  it('exits 1 when nothing pays for the class, then checks in a member staff let in free', async () => {
    const args = { classId, memberId };
    const refused = await deskctl('do', 'booking.checkInMember', '--json', JSON.stringify(args));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Maya Walkin has no membership or pack credit');
    expect(lastOutboxArgs()).toMatchObject({ name: 'member.create' });

    const free = { ...args, paidBy: { method: 'free' } };
    const done = await deskctl('do', 'booking.checkInMember', '--json', JSON.stringify(free));
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ result: { paidBy: 'free', merged: false } });
    expect(lastOutboxArgs()).toEqual({ name: 'booking.checkInMember', args: free });
  });
});
