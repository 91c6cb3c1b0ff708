import { describe, expect, it } from 'vitest';
import { BACKENDS, newCallId, resultOf, useSeededStudio } from '../front-desk/front-desk-harness';
import { consoleFootprint, forgetAuditEntries } from './studio-console-harness';

interface LocationView {
  readonly locationId: string;
  readonly name: string;
  readonly timeZone: string;
  readonly address: string | null;
  readonly phone: string | null;
  readonly rooms: readonly {
    readonly roomId: string;
    readonly name: string;
    readonly capacity: number | null;
    readonly active: boolean;
  }[];
}

describe.each(BACKENDS)('locations and rooms on %s', (backend) => {
  const studio = useSeededStudio(backend);

  it('creates and changes locations and rooms, and lists them with their rooms', async () => {
    const { locationId } = resultOf<{ locationId: string }>(
      await studio.run(
        'location.create',
        {
          name: 'Riverside',
          timeZone: 'America/Denver',
          address: '1 River Rd',
          phone: '555-0199',
        },
        { as: 'manager' },
      ),
    );
    await studio.run(
      'location.update',
      { locationId, name: 'Riverside Loft', phone: null },
      { as: 'owner', side: 'server' },
    );
    const { roomId } = resultOf<{ roomId: string }>(
      await studio.run(
        'room.create',
        { locationId, name: 'Studio A', capacity: 20 },
        { as: 'manager' },
      ),
    );
    await studio.run('room.create', { locationId, name: 'Studio B' }, { as: 'manager' });
    await studio.run(
      'room.update',
      { roomId, name: 'Big Studio', capacity: 25, active: false },
      { as: 'manager', side: 'server' },
    );
    const active = await studio.query<LocationView[]>('studio.locations', {});
    expect(active.map((l) => l.name)).toEqual(['Main', 'Riverside Loft']);
    expect(active[1]).toMatchObject({
      locationId,
      timeZone: 'America/Denver',
      address: '1 River Rd',
      phone: null,
      rooms: [{ name: 'Studio B', capacity: null, active: true }],
    });
    const all = await studio.query<LocationView[]>('studio.locations', {
      includeRetiredRooms: true,
    });
    expect(all[1]?.rooms).toEqual([
      { roomId, name: 'Big Studio', capacity: 25, active: false },
      expect.objectContaining({ name: 'Studio B' }),
    ]);
  });

  it('creates the same rows at the desk and at the server from one call', async () => {
    const callId = newCallId();
    const args = { name: 'Harbour', timeZone: 'Europe/Dublin' };
    const desk = resultOf<{ locationId: string }>(
      await studio.run('location.create', args, { as: 'manager', callId }),
    );
    await studio.db.deleteFrom('locations').where('id', '=', desk.locationId).execute();
    await forgetAuditEntries(studio);
    const server = resultOf<{ locationId: string }>(
      await studio.run('location.create', args, { as: 'manager', callId, side: 'server' }),
    );
    expect(server.locationId).toBe(desk.locationId);
  });

  it('refuses bad input and unknown places, changing nothing', async () => {
    const { roomId } = resultOf<{ roomId: string }>(
      await studio.run(
        'room.create',
        { locationId: studio.locationId, name: 'Hot room' },
        { as: 'owner' },
      ),
    );
    const before = await consoleFootprint(studio);
    const invalid: [string, unknown][] = [
      ['location.create', { name: 'X', timeZone: 'Nowhere/Special' }],
      ['location.create', { name: '', timeZone: 'UTC' }],
      ['location.create', { name: 'X', timeZone: 'UTC', fax: '1' }],
      ['location.update', { locationId: studio.locationId }],
      ['location.update', { locationId: studio.locationId, timeZone: 'GMT+25' }],
      ['location.update', { locationId: 'not-an-id', name: 'X' }],
      ['room.create', { locationId: studio.locationId, name: 'X', capacity: 0 }],
      ['room.create', { locationId: studio.locationId, name: 'X', capacity: 2.5 }],
      ['room.update', { roomId }],
      ['room.update', { roomId, active: 'no' }],
    ];
    for (const [name, args] of invalid) {
      expect([name, await studio.refused(name, args, { as: 'owner' })]).toEqual([name, 'invalid']);
    }
    const unknown = '01930000-0000-7000-8000-00000000dead';
    expect(
      await studio.refused('location.update', { locationId: unknown, name: 'X' }, { as: 'owner' }),
    ).toBe('not_found');
    expect(
      await studio.refused('room.create', { locationId: unknown, name: 'X' }, { as: 'owner' }),
    ).toBe('not_found');
    expect(
      await studio.refused('room.update', { roomId: unknown, name: 'X' }, { as: 'owner' }),
    ).toBe('not_found');
    expect(await consoleFootprint(studio)).toEqual(before);
  });

  it('refuses the front desk and instructors', async () => {
    const before = await consoleFootprint(studio);
    const calls: [string, unknown][] = [
      ['location.create', { name: 'X', timeZone: 'UTC' }],
      ['location.update', { locationId: studio.locationId, name: 'X' }],
      ['room.create', { locationId: studio.locationId, name: 'X' }],
    ];
    for (const [name, args] of calls) {
      for (const as of ['frontDesk', 'instructor'] as const) {
        expect(await studio.refused(name, args, { as })).toBe('forbidden');
      }
    }
    expect(await consoleFootprint(studio)).toEqual(before);
  });
});
