import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskMethodResults, StaffView } from '../../src-shared/bridge/desk-methods';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import { PIN_MAX_FAILURES } from '../../src-main/staff/staff-sign-in';
import { addStaffMember, createEnrolledDesk } from '../desk/desk-harness';

/**
 * Issue 17 item 10 and issue 16 at the bridge: a manager or owner clears a staff member's
 * PIN lock with their own PIN (`staff.clearLockout`, validated and role-checked), and staff
 * whose PIN a manager reset are told to set their own, which they can at any role.
 */
let dataDir: string;
let host: DeskHost;
let frida: string; // front desk
let ivan: string; // instructor
let manny: string; // manager
let olive: string; // owner

async function call(method: string, args: unknown) {
  return host.invoke(method, args);
}
async function value<M extends keyof DeskMethodResults>(
  method: M,
  args: unknown,
): Promise<DeskMethodResults[M]> {
  const reply = await call(method, args);
  if (!reply.ok) throw new Error(`${method} refused: ${reply.error.code} ${reply.error.message}`);
  // The method names its result type (DeskMethodResults).
  return reply.value as DeskMethodResults[M];
}
async function codeOf(method: string, args: unknown): Promise<string> {
  const reply = await call(method, args);
  return reply.ok ? 'ok' : reply.error.code;
}
async function listed(memberId: string): Promise<StaffView | undefined> {
  return (await value('staff.list', {})).find((s) => s.memberId === memberId);
}
async function lockOut(memberId: string): Promise<void> {
  for (let i = 1; i < PIN_MAX_FAILURES; i++) {
    expect(await codeOf('staff.signIn', { memberId, pin: '0000' })).toBe('wrong_pin');
  }
  expect(await codeOf('staff.signIn', { memberId, pin: '0000' })).toBe('locked');
}

beforeAll(async () => {
  const enrolled = await createEnrolledDesk();
  dataDir = enrolled.dataDir;
  frida = await addStaffMember(enrolled.desk, 'frida@example.com', ['front_desk'], '2468');
  ivan = await addStaffMember(enrolled.desk, 'ivan@example.com', ['instructor'], '1122');
  manny = await addStaffMember(enrolled.desk, 'manny@example.com', ['manager'], '1357');
  olive = await addStaffMember(enrolled.desk, 'olive@example.com', ['owner'], '9753');
  await enrolled.desk.close();
  host = await createDeskHost({ dataDir, shell: 'test', maxBackoffMs: 200, log: () => undefined });
});

afterAll(async () => {
  await host.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('issue 17 item 10: a manager clears a PIN lockout', () => {
  it('shows the lock in the staff list and clears it only for a manager with their PIN', async () => {
    await lockOut(frida);
    expect((await listed(frida))?.locked).toBe(true);
    expect((await listed(manny))?.locked).toBe(false);

    // Refused at the bridge: malformed calls, each changing nothing.
    for (const bad of [
      { memberId: frida, managerId: manny },
      { memberId: frida, managerId: manny, managerPin: '13a7' },
      { memberId: frida, managerId: manny, managerPin: '1357', extra: true },
      { memberId: 'frida', managerId: manny, managerPin: '1357' },
    ]) {
      expect(await codeOf('staff.clearLockout', bad)).toBe('invalid');
    }
    // Front desk and instructors cannot clear locks, even with their right PIN.
    expect(
      await codeOf('staff.clearLockout', { memberId: frida, managerId: ivan, managerPin: '1122' }),
    ).toBe('forbidden');
    // A wrong manager PIN is refused and counts against the manager.
    expect(
      await codeOf('staff.clearLockout', { memberId: frida, managerId: manny, managerPin: '0000' }),
    ).toBe('wrong_pin');
    expect((await listed(frida))?.locked).toBe(true);
    expect(await codeOf('staff.signIn', { memberId: frida, pin: '2468' })).toBe('locked');

    await expect(
      value('staff.clearLockout', { memberId: frida, managerId: manny, managerPin: '1357' }),
    ).resolves.toEqual({ cleared: true });
    expect((await listed(frida))?.locked).toBe(false);
    await expect(value('staff.signIn', { memberId: frida, pin: '2468' })).resolves.toMatchObject({
      memberId: frida,
      locked: false,
    });
  });

  it('does not let a locked manager clear their own lock; an owner can', async () => {
    await lockOut(manny);
    expect(
      await codeOf('staff.clearLockout', { memberId: manny, managerId: manny, managerPin: '1357' }),
    ).toBe('forbidden');
    expect(
      await codeOf('staff.clearLockout', { memberId: manny, managerId: olive, managerPin: '9753' }),
    ).toBe('ok');
    expect(await codeOf('staff.signIn', { memberId: manny, pin: '1357' })).toBe('ok');
  });
});

describe('issue 16: staff whose PIN a manager reset set their own at sign-in', () => {
  it('marks the reset PIN, and an instructor replaces it with staff.setOwnPin', async () => {
    await value('staff.signIn', { memberId: olive, pin: '9753' });
    const { pinHash: temporary } = await value('staff.pinHash', { pin: '5555' });
    await value('desk.mutate', {
      name: 'staff.resetPin',
      args: { memberId: ivan, pinHash: temporary },
    });
    expect((await listed(ivan))?.mustChangePin).toBe(true);

    const signedIn = await value('staff.signIn', { memberId: ivan, pin: '5555' });
    expect(signedIn.mustChangePin).toBe(true);
    // Until they choose their own PIN, the desk core refuses any other work, whatever calls it.
    const note = { name: 'note.add', args: { memberId: frida, note: 'Knee injury: no jumps.' } };
    expect(await codeOf('desk.mutate', note)).toBe('pin_change_required');
    expect(await codeOf('sync.dismissProblem', { seq: 1 })).toBe('pin_change_required');
    const { pinHash } = await value('staff.pinHash', { pin: '8642' });
    await value('desk.mutate', { name: 'staff.setOwnPin', args: { memberId: ivan, pinHash } });
    expect((await value('staff.current', {}))?.mustChangePin).toBe(false);
    expect(await codeOf('desk.mutate', note)).toBe('ok');

    await value('staff.signOut', {});
    expect(await codeOf('staff.signIn', { memberId: ivan, pin: '5555' })).toBe('wrong_pin');
    await expect(value('staff.signIn', { memberId: ivan, pin: '8642' })).resolves.toMatchObject({
      memberId: ivan,
      mustChangePin: false,
    });
  });
});
