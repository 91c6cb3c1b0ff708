import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDesk } from '../../src-main/store/open-desk';
import {
  PIN_LOCK_MS,
  PIN_MAX_FAILURES,
  signInStaff,
  type StaffLookup,
} from '../../src-main/staff/staff-sign-in';
import { addStaffMember, createEnrolledDesk } from '../desk/desk-harness';

/**
 * R2.4's lockout beyond tests/desk/staff-sign-in.test.ts: whose PIN it locks, where the lock
 * lives, exactly when it ends, and how counting starts again.
 */
describe('R2.4 PIN lockout at the desk', () => {
  let harness: Awaited<ReturnType<typeof createEnrolledDesk>>;
  let frida: string;
  let manny: string;
  beforeEach(async () => {
    harness = await createEnrolledDesk();
    frida = await addStaffMember(harness.desk, 'frida@example.com', ['front_desk'], '2468');
    manny = await addStaffMember(harness.desk, 'manny@example.com', ['manager'], '1357');
  });
  afterEach(() => harness.dispose());

  const attempt = (who: StaffLookup, pin: string) =>
    signInStaff(harness.desk, who, pin).then(
      () => 'signed_in',
      (error: unknown) =>
        error instanceof Error && 'code' in error ? String(error.code) : 'error',
    );

  async function lockOut(who: StaffLookup): Promise<void> {
    for (let i = 1; i < PIN_MAX_FAILURES; i++) expect(await attempt(who, '0000')).toBe('wrong_pin');
    expect(await attempt(who, '0000')).toBe('locked');
  }

  it('locks one staff member only, however they are named', async () => {
    // Failures by e-mail and by member id count together.
    for (let i = 1; i < PIN_MAX_FAILURES; i++) {
      const who = i % 2 === 0 ? { memberId: frida } : { email: 'FRIDA@example.com' };
      expect(await attempt(who, '9999')).toBe('wrong_pin');
    }
    expect(await attempt({ memberId: frida }, '9999')).toBe('locked');
    expect(await attempt({ email: 'frida@example.com' }, '2468')).toBe('locked');
    expect(await attempt({ memberId: manny }, '1357')).toBe('signed_in');
  });

  it('keeps the lock in the database, so restarting the desk does not lift it', async () => {
    await lockOut({ memberId: frida });
    const restarted = await openDesk({ dataDir: harness.dataDir, clock: harness.clock });
    try {
      await expect(signInStaff(restarted, { memberId: frida }, '2468')).rejects.toMatchObject({
        code: 'locked',
      });
    } finally {
      await restarted.close();
    }
  });

  it('ends exactly after the lock time; tries during the lock do not extend it', async () => {
    await lockOut({ memberId: frida });
    harness.clock.advance(PIN_LOCK_MS - 60_000);
    expect(await attempt({ memberId: frida }, '0000')).toBe('locked');
    harness.clock.advance(60_000 - 1);
    expect(await attempt({ memberId: frida }, '2468')).toBe('locked');
    harness.clock.advance(1);
    expect(await attempt({ memberId: frida }, '2468')).toBe('signed_in');
  });

  it('counts afresh after the lock ends and after a right PIN', async () => {
    await lockOut({ memberId: frida });
    harness.clock.advance(PIN_LOCK_MS);
    // The lock is over: one wrong PIN is one failure, not a new lock.
    expect(await attempt({ memberId: frida }, '0000')).toBe('wrong_pin');
    expect(await attempt({ memberId: frida }, '2468')).toBe('signed_in');
    // The right PIN cleared the count: another full run of failures is needed to lock.
    for (let i = 1; i < PIN_MAX_FAILURES; i++)
      expect(await attempt({ memberId: frida }, '0000')).toBe('wrong_pin');
    expect(await attempt({ memberId: frida }, '2468')).toBe('signed_in');
    await lockOut({ memberId: frida });
  });
});
