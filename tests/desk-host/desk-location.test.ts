import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import { DESK_LOCATION_FILE } from '../../src-main/store/desk-location-store';
import { addStaffMember, createEnrolledDesk } from '../desk/desk-harness';

/**
 * Issue 17 item 4: "this desk's location" is kept by the desk core, beside its printer
 * settings, so it outlives a restart (and a browser whose storage is wiped); an unknown
 * location is refused and changes nothing.
 */
let dataDir: string;
let ownerId: string;
let host: DeskHost | undefined;

async function openHost(): Promise<void> {
  host = await createDeskHost({ dataDir, shell: 'test', maxBackoffMs: 200, log: () => undefined });
  const reply = await host.invoke('staff.signIn', { memberId: ownerId, pin: '2468' });
  if (!reply.ok) throw new Error(`sign-in refused: ${reply.error.code}`);
}

async function call(method: keyof DeskMethodResults, args: unknown) {
  if (!host) throw new Error('the desk is closed');
  return host.invoke(method, args);
}

async function value<M extends keyof DeskMethodResults>(
  method: M,
  args: unknown,
): Promise<DeskMethodResults[M]> {
  const reply = await call(method, args);
  if (!reply.ok) throw new Error(`${method} refused: ${reply.error.message}`);
  // The method names its result type (DeskMethodResults).
  return reply.value as DeskMethodResults[M];
}

async function newLocation(name: string, timeZone: string): Promise<string> {
  const made = await value('desk.mutate', { name: 'location.create', args: { name, timeZone } });
  return (made.result as { locationId: string }).locationId;
}

beforeAll(async () => {
  const enrolled = await createEnrolledDesk();
  dataDir = enrolled.dataDir;
  ownerId = await addStaffMember(enrolled.desk, 'owner@example.com', ['owner']);
  await enrolled.desk.close();
  await openHost();
});

afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("issue 17 item 4: this desk's location in the desk core", () => {
  it('is none at first, is kept through a restart, and can be cleared', async () => {
    expect(await value('deskLocation.get', {})).toBeNull();
    const riNo = await newLocation('RiNo', 'America/Denver');
    const saved = await value('deskLocation.set', { locationId: riNo });
    expect(saved).toEqual({ locationId: riNo, name: 'RiNo', timeZone: 'America/Denver' });
    expect(existsSync(join(dataDir, DESK_LOCATION_FILE))).toBe(true);

    await host?.close();
    await openHost();
    expect(await value('deskLocation.get', {})).toEqual(saved);

    expect(await value('deskLocation.set', { locationId: null })).toBeNull();
    await host?.close();
    await openHost();
    expect(await value('deskLocation.get', {})).toBeNull();
  });

  it('refuses a location the studio does not have, or a malformed id, and keeps the choice', async () => {
    const main = await newLocation('Main Street', 'America/Chicago');
    await value('deskLocation.set', { locationId: main });
    const unknown = await call('deskLocation.set', {
      locationId: '01930000-0000-7000-8000-000000000999',
    });
    expect(unknown).toEqual({
      ok: false,
      error: {
        code: 'not_found',
        message:
          'This studio has no such location (it may not have synced to this desk yet); this desk’s location is unchanged.',
      },
    });
    const malformed = await call('deskLocation.set', { locationId: 'front room' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await value('deskLocation.get', {})).toMatchObject({ locationId: main });
  });

  it('is set only by signed-in staff', async () => {
    const main = (await value('deskLocation.get', {}))?.locationId;
    await value('staff.signOut', {});
    expect(await call('deskLocation.set', { locationId: null })).toMatchObject({
      ok: false,
      error: { code: 'not_signed_in' },
    });
    await value('staff.signIn', { memberId: ownerId, pin: '2468' });
    expect((await value('deskLocation.get', {}))?.locationId).toBe(main);
  });
});
