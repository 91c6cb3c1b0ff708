import { describe, expect, it } from 'vitest';
import { pinCrypto } from '../../src-shared/auth/pin-crypto';
import { hashPin, verifyPin } from '../../src-shared/auth/pin-hash';
import { BACKENDS, newCallId, resultOf, useSeededStudio } from '../front-desk/front-desk-harness';
import { consoleFootprint, pinHashLike, forgetAuditEntries } from './studio-console-harness';

interface StaffView {
  readonly memberId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly active: boolean;
  readonly hasPin: boolean;
  readonly mustChangePin: boolean;
}

describe.each(BACKENDS)('staff on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const listed = async (memberId: string) =>
    (await studio.query<StaffView[]>('staff.list', {})).find((s) => s.memberId === memberId);
  const pinOf = async (memberId: string) =>
    (
      await studio.db
        .selectFrom('staff_credentials')
        .select('pin_hash')
        .where('member_id', '=', memberId)
        .executeTakeFirst()
    )?.pin_hash;
  const statusOf = async (memberId: string) =>
    (
      await studio.db
        .selectFrom('tenant_members')
        .select('status')
        .where('id', '=', memberId)
        .executeTakeFirstOrThrow()
    ).status;
  const newStaff = { firstName: 'Nia', lastName: 'Lee', email: 'Nia.Lee@example.com' };

  it('adds staff with a PIN hash computed at the desk, the same at the server', async () => {
    const pepper = 'tenant-pepper';
    const pinHash = hashPin('2468', pepper, pinCrypto);
    const callId = newCallId();
    const args = { ...newStaff, roles: ['front_desk', 'instructor'], pinHash };
    const added = resultOf<{ memberId: string; userId: string }>(
      await studio.run('staff.add', args, { as: 'manager', callId }),
    );
    expect(verifyPin('2468', pepper, (await pinOf(added.memberId)) ?? '', pinCrypto)).toBe(true);
    expect(await listed(added.memberId)).toEqual({
      memberId: added.memberId,
      firstName: 'Nia',
      lastName: 'Lee',
      email: 'nia.lee@example.com',
      roles: ['front_desk', 'instructor'],
      active: true,
      hasPin: true,
      mustChangePin: true,
    });
    // The server re-runs the call on its copy with the call's ids.
    for (const table of ['staff_credentials', 'tenant_roles'] as const) {
      await studio.db.deleteFrom(table).where('member_id', '=', added.memberId).execute();
    }
    await studio.db.deleteFrom('tenant_members').where('id', '=', added.memberId).execute();
    await studio.db.deleteFrom('users').where('id', '=', added.userId).execute();
    await forgetAuditEntries(studio);
    const again = resultOf<{ memberId: string }>(
      await studio.run('staff.add', args, { as: 'manager', callId, side: 'server' }),
    );
    expect(again.memberId).toBe(added.memberId);
    expect(await listed(added.memberId)).toMatchObject({ roles: ['front_desk', 'instructor'] });
  });

  it('takes no clear PIN and no malformed hash, and refuses a manager adding a manager', async () => {
    const before = await consoleFootprint(studio);
    const invalid: unknown[] = [
      { ...newStaff, roles: ['front_desk'], pin: '1234' },
      { ...newStaff, roles: ['front_desk'], pinHash: '1234' },
      { ...newStaff, roles: ['front_desk'], pinHash: 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' },
      { ...newStaff, roles: ['front_desk'], pinHash: pinHashLike().replace('32768', '1024') },
      { ...newStaff, roles: ['front_desk'], pinHash: `${pinHashLike()}$extra` },
      { ...newStaff, roles: [], pinHash: pinHashLike() },
      { ...newStaff, roles: ['student'], pinHash: pinHashLike() },
      { ...newStaff, roles: ['instructor', 'instructor'], pinHash: pinHashLike() },
      { ...newStaff, email: 'not-mail', roles: ['instructor'], pinHash: pinHashLike() },
    ];
    for (const args of invalid) {
      expect(await studio.refused('staff.add', args, { as: 'owner' })).toBe('invalid');
    }
    const manager = { ...newStaff, roles: ['manager'], pinHash: pinHashLike() };
    expect(await studio.refused('staff.add', manager, { as: 'manager' })).toBe('forbidden');
    expect(await studio.refused('staff.add', manager, { as: 'manager', side: 'server' })).toBe(
      'forbidden',
    );
    expect(await studio.refused('staff.add', manager, { as: 'frontDesk' })).toBe('forbidden');
    expect(await consoleFootprint(studio)).toEqual(before);
    await studio.run('staff.add', manager, { as: 'owner' });
    expect(
      await studio.refused('staff.add', { ...manager, roles: ['instructor'] }, { as: 'owner' }),
    ).toBe('rule');
  });

  it('sets roles within the rules: a manager never touches an owner, the last owner stays', async () => {
    const { instructor, manager, owner } = studio.staff;
    await studio.run(
      'staff.setRoles',
      { memberId: instructor, roles: ['instructor', 'front_desk'] },
      { as: 'manager' },
    );
    expect((await listed(instructor))?.roles).toEqual(['front_desk', 'instructor']);
    // A student made staff keeps the student role.
    await studio.run(
      'staff.setRoles',
      { memberId: studio.memberId, roles: ['instructor'] },
      { as: 'manager' },
    );
    const roles = await studio.db
      .selectFrom('tenant_roles')
      .select('role')
      .where('member_id', '=', studio.memberId)
      .orderBy('role')
      .execute();
    expect(roles.map((r) => r.role)).toEqual(['instructor', 'student']);
    const before = await consoleFootprint(studio);
    expect(
      await studio.refused(
        'staff.setRoles',
        { memberId: owner, roles: ['front_desk'] },
        { as: 'manager' },
      ),
    ).toBe('forbidden');
    expect(
      await studio.refused(
        'staff.setRoles',
        { memberId: instructor, roles: ['manager'] },
        { as: 'manager' },
      ),
    ).toBe('forbidden');
    expect(
      await studio.refused(
        'staff.setRoles',
        { memberId: manager, roles: ['instructor'] },
        { as: 'manager' },
      ),
    ).toBe('forbidden');
    expect(
      await studio.refused(
        'staff.setRoles',
        { memberId: instructor, roles: ['front_desk'] },
        { as: 'frontDesk' },
      ),
    ).toBe('forbidden');
    expect(
      await studio.refused(
        'staff.setRoles',
        { memberId: owner, roles: ['manager'] },
        { as: 'owner' },
      ),
    ).toBe('rule');
    expect(
      await studio.refused(
        'staff.setRoles',
        { memberId: owner, roles: ['manager'] },
        { as: 'owner', side: 'server' },
      ),
    ).toBe('rule');
    expect(
      await studio.refused('staff.setRoles', { memberId: owner, roles: [] }, { as: 'owner' }),
    ).toBe('invalid');
    expect(await consoleFootprint(studio)).toEqual(before);
    // With a second owner, the first may step down.
    await studio.run(
      'staff.setRoles',
      { memberId: manager, roles: ['owner', 'manager'] },
      { as: 'owner' },
    );
    await studio.run('staff.setRoles', { memberId: owner, roles: ['manager'] }, { as: 'owner' });
    expect((await listed(owner))?.roles).toEqual(['manager']);
    expect((await listed(manager))?.roles).toEqual(['owner', 'manager']);
  });

  it('deactivates and reactivates within the rules', async () => {
    const { instructor, manager, owner } = studio.staff;
    const before = await consoleFootprint(studio);
    expect(await studio.refused('staff.deactivate', { memberId: owner }, { as: 'frontDesk' })).toBe(
      'forbidden',
    );
    expect(
      await studio.refused('staff.deactivate', { memberId: instructor }, { as: 'frontDesk' }),
    ).toBe('forbidden');
    expect(await studio.refused('staff.deactivate', { memberId: owner }, { as: 'manager' })).toBe(
      'forbidden',
    );
    expect(await studio.refused('staff.deactivate', { memberId: manager }, { as: 'manager' })).toBe(
      'forbidden',
    );
    expect(await studio.refused('staff.deactivate', { memberId: owner }, { as: 'owner' })).toBe(
      'rule',
    );
    expect(
      await studio.refused('staff.deactivate', { memberId: studio.memberId }, { as: 'owner' }),
    ).toBe('not_found');
    expect(await studio.refused('staff.deactivate', { memberId: 'x' }, { as: 'owner' })).toBe(
      'invalid',
    );
    expect(await consoleFootprint(studio)).toEqual(before);

    await studio.run('staff.deactivate', { memberId: instructor }, { as: 'manager' });
    expect(await listed(instructor)).toMatchObject({ active: false });
    expect(
      await studio.query<StaffView[]>('staff.list', { includeInactive: false }),
    ).not.toContainEqual(expect.objectContaining({ memberId: instructor }));
    await studio.run(
      'staff.reactivate',
      { memberId: instructor },
      { as: 'manager', side: 'server' },
    );
    expect(await statusOf(instructor)).toBe('active');
    await studio.run('staff.deactivate', { memberId: manager }, { as: 'owner' });
    expect(
      await studio.refused('staff.reactivate', { memberId: manager }, { as: 'frontDesk' }),
    ).toBe('forbidden');
    await studio.run('staff.reactivate', { memberId: manager }, { as: 'owner' });
    expect(await statusOf(manager)).toBe('active');
  });

  it('resets a PIN as must-change, and lets only its holder set their own', async () => {
    const { frontDesk, owner } = studio.staff;
    const temporary = pinHashLike();
    await studio.run(
      'staff.resetPin',
      { memberId: frontDesk, pinHash: temporary },
      { as: 'manager' },
    );
    expect(await pinOf(frontDesk)).toBe(temporary);
    expect(await listed(frontDesk)).toMatchObject({ hasPin: true, mustChangePin: true });
    const profile = await studio.db
      .selectFrom('tenant_members')
      .select('profile')
      .where('id', '=', frontDesk)
      .executeTakeFirstOrThrow();
    // The flag sits in the profile next to what other features keep there.
    expect(JSON.parse(profile.profile)).toMatchObject({ firstName: 'Frida', pinMustChange: true });

    const before = await consoleFootprint(studio);
    expect(
      await studio.refused(
        'staff.setOwnPin',
        { memberId: frontDesk, pinHash: pinHashLike() },
        { as: 'manager' },
      ),
    ).toBe('forbidden');
    expect(
      await studio.refused(
        'staff.setOwnPin',
        { memberId: owner, pinHash: pinHashLike() },
        { as: 'frontDesk', side: 'server' },
      ),
    ).toBe('forbidden');
    expect(
      await studio.refused(
        'staff.setOwnPin',
        { memberId: frontDesk, pinHash: '0000' },
        { as: 'frontDesk' },
      ),
    ).toBe('invalid');
    expect(
      await studio.refused(
        'staff.resetPin',
        { memberId: owner, pinHash: pinHashLike() },
        { as: 'manager' },
      ),
    ).toBe('forbidden');
    expect(
      await studio.refused(
        'staff.resetPin',
        { memberId: owner, pinHash: pinHashLike() },
        { as: 'frontDesk' },
      ),
    ).toBe('forbidden');
    expect(await consoleFootprint(studio)).toEqual(before);

    const own = pinHashLike();
    await studio.run('staff.setOwnPin', { memberId: frontDesk, pinHash: own }, { as: 'frontDesk' });
    expect(await pinOf(frontDesk)).toBe(own);
    expect(await listed(frontDesk)).toMatchObject({ mustChangePin: false });
    // A PIN for someone who never had one is written too.
    await studio.run('staff.resetPin', { memberId: owner, pinHash: temporary }, { as: 'owner' });
    expect(await pinOf(owner)).toBe(temporary);
  });

  it('member.update keeps the staff rules for a staff member’s status and stores a new e-mail', async () => {
    const { owner, instructor } = studio.staff;
    const update = (memberId: string, status: string, email = 'olive@example.com') => ({
      memberId,
      firstName: 'Olive',
      lastName: 'Tester',
      email,
      status,
    });
    const before = await consoleFootprint(studio);
    expect(
      await studio.refused('member.update', update(owner, 'inactive'), { as: 'frontDesk' }),
    ).toBe('forbidden');
    expect(
      await studio.refused('member.update', update(owner, 'inactive'), { as: 'manager' }),
    ).toBe('forbidden');
    expect(await studio.refused('member.update', update(owner, 'archived'), { as: 'owner' })).toBe(
      'rule',
    );
    expect(
      await studio.refused('member.update', update(instructor, 'inactive'), { as: 'frontDesk' }),
    ).toBe('forbidden');
    expect(await consoleFootprint(studio)).toEqual(before);

    // The front desk still edits a staff member's details, and a student's status.
    await studio.run('member.update', update(owner, 'active', 'Olive.New@Example.com'), {
      as: 'frontDesk',
    });
    const user = await studio.db
      .selectFrom('users')
      .innerJoin('tenant_members', 'tenant_members.user_id', 'users.id')
      .select(['users.email', 'tenant_members.profile'])
      .where('tenant_members.id', '=', owner)
      .executeTakeFirstOrThrow();
    expect(user.email).toBe('olive.new@example.com');
    expect(JSON.parse(user.profile)).toMatchObject({ email: 'Olive.New@Example.com' });
    await studio.run(
      'member.update',
      {
        memberId: studio.memberId,
        firstName: 'Maya',
        lastName: 'Tester',
        email: 'maya@example.com',
        status: 'inactive',
      },
      { as: 'frontDesk' },
    );
    expect(await statusOf(studio.memberId)).toBe('inactive');
    await studio.run('member.update', update(instructor, 'inactive'), {
      as: 'manager',
      side: 'server',
    });
    expect(await statusOf(instructor)).toBe('inactive');
  });
});
