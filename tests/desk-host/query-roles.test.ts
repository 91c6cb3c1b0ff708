import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import { runDeskQuery } from '../../src-main/operations/run-query';
import { openDesk } from '../../src-main/store/open-desk';
import { queryRegistry } from '../../src-shared/queries/all-queries';
import { addStaffMember, createEnrolledDesk } from '../desk/desk-harness';

/**
 * Queries that name roles (the owner's reports, the audit log) are answered only to staff
 * holding one: the desk checks the signed-in member before it reads anything, and before it
 * judges the arguments.
 */
let dataDir: string;
let host: DeskHost | undefined;
const staff = { owner: '', frontDesk: '', manager: '' };

const restricted = [...queryRegistry.values()].filter((q) => q.roles !== undefined);

async function signIn(memberId: string) {
  await host?.invoke('staff.signOut', {});
  const reply = await host?.invoke('staff.signIn', { memberId, pin: '2468' });
  if (!reply?.ok) throw new Error('sign-in refused');
}

const ask = (name: string, args: unknown = {}) => {
  if (!host) throw new Error('the desk is closed');
  return host.invoke('desk.query', { name, args });
};

beforeAll(async () => {
  const enrolled = await createEnrolledDesk();
  dataDir = enrolled.dataDir;
  staff.owner = await addStaffMember(enrolled.desk, 'owner@example.com', ['owner']);
  staff.manager = await addStaffMember(enrolled.desk, 'manager@example.com', ['manager']);
  staff.frontDesk = await addStaffMember(enrolled.desk, 'desk@example.com', ['front_desk']);
  await enrolled.desk.close();
  host = await createDeskHost({ dataDir, shell: 'test', maxBackoffMs: 200, log: () => undefined });
});

afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('queries for owners and managers only', () => {
  it('covers the reports and the audit log', () => {
    expect(restricted.map((q) => q.name)).toEqual(
      expect.arrayContaining([
        'audit.find',
        'audit.filters',
        'audit.chainReport',
        'report.dayClose',
        'report.liabilities',
        'review.list',
        'review.openCount',
      ]),
    );
  });

  it('refuses front-desk staff, with good and bad arguments alike, and a locked desk', async () => {
    await signIn(staff.frontDesk);
    for (const query of restricted) {
      for (const args of [{}, { nonsense: true }]) {
        expect(await ask(query.name, args)).toMatchObject({
          ok: false,
          error: { code: 'forbidden' },
        });
      }
    }
    // Every other query still answers front-desk staff.
    expect(await ask('drawer.current', { deviceId: 'front-desk-1' })).toMatchObject({ ok: true });
    await host?.invoke('staff.signOut', {});
    expect(await ask('report.dayClose')).toMatchObject({
      ok: false,
      error: { code: 'not_signed_in' },
    });
  });

  it('answers owners and managers', async () => {
    for (const memberId of [staff.owner, staff.manager]) {
      await signIn(memberId);
      for (const name of ['audit.find', 'audit.chainReport', 'report.dayClose']) {
        expect(await ask(name)).toMatchObject({ ok: true });
      }
      expect(await ask('audit.find', { limit: 0 })).toMatchObject({
        ok: false,
        error: { code: 'invalid' },
      });
    }
  });

  it('refuses a caller who names nobody; the desk’s command line reads everything', async () => {
    await host?.close();
    host = undefined;
    const desk = await openDesk({ dataDir });
    try {
      await expect(runDeskQuery(desk, 'report.liabilities', {})).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(
        runDeskQuery(desk, 'report.liabilities', {}, 'command-line'),
      ).resolves.toBeDefined();
    } finally {
      await desk.close();
    }
  });
});
