import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  currentStaff,
  PIN_LOCK_MS,
  PIN_MAX_FAILURES,
  signInStaff,
} from '../../src-main/staff/staff-sign-in';
import { addStaffMember, createEnrolledDesk } from './desk-harness';

describe('R2.4 staff sign-in by PIN at the desk', () => {
  let harness: Awaited<ReturnType<typeof createEnrolledDesk>>;
  let memberId: string;
  beforeEach(async () => {
    harness = await createEnrolledDesk();
    memberId = await addStaffMember(harness.desk, 'Desk@Example.com', ['front_desk'], '2468');
  });
  afterEach(() => harness.dispose());

  it('signs in with the right PIN, by email in any case or by member id', async () => {
    expect(await signInStaff(harness.desk, { email: 'desk@example.COM' }, '2468')).toBe(memberId);
    expect(await signInStaff(harness.desk, { memberId }, '2468')).toBe(memberId);
    expect(await currentStaff(harness.desk)).toBe(memberId);
  });

  it('refuses a wrong PIN and an unknown person', async () => {
    await expect(signInStaff(harness.desk, { memberId }, '1111')).rejects.toMatchObject({
      code: 'wrong_pin',
    });
    await expect(
      signInStaff(harness.desk, { email: 'nobody@example.com' }, '2468'),
    ).rejects.toMatchObject({ code: 'unknown_staff' });
    expect(await currentStaff(harness.desk)).toBeUndefined();
  });

  it('locks the PIN after repeated failures, even against the right PIN, until the lock expires', async () => {
    for (let i = 1; i < PIN_MAX_FAILURES; i++) {
      await expect(signInStaff(harness.desk, { memberId }, '0000')).rejects.toMatchObject({
        code: 'wrong_pin',
      });
    }
    await expect(signInStaff(harness.desk, { memberId }, '0000')).rejects.toMatchObject({
      code: 'locked',
    });
    await expect(signInStaff(harness.desk, { memberId }, '2468')).rejects.toMatchObject({
      code: 'locked',
    });
    harness.clock.advance(PIN_LOCK_MS + 1);
    expect(await signInStaff(harness.desk, { memberId }, '2468')).toBe(memberId);
  });
});
