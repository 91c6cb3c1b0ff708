import { DeskBridgeError } from '../../src-shared/bridge/desk-bridge';
import type { MutationResult } from '../../src-shared/bridge/desk-operations';
import type { CheckInRefusalCode } from '../../src-shared/mutations/mutation-definition';
import type { DeskApi } from './desk-context';

export interface CheckInTarget {
  readonly memberId: string;
  readonly memberName: string;
  readonly classId: string;
  readonly classTitle: string;
}

/** What staff must do before a refused check-in can be made. */
type CheckInNeed = 'waiver' | 'dropIn' | 'full';

/** What became of a check-in: done, or what staff must decide before it can be. */
export type CheckInOutcome =
  | { readonly kind: 'checkedIn'; readonly paidBy: string; readonly already: boolean }
  | { readonly kind: CheckInNeed; readonly message: string }
  | { readonly kind: 'notBookable'; readonly reason: string };

/** Every refusal code of `booking.checkInMember` has its prompt: a new code fails to compile. */
const NEED_BY_CODE: Readonly<Record<CheckInRefusalCode, CheckInNeed>> = {
  waiver_missing: 'waiver',
  payment_needed: 'dropIn',
  class_full: 'full',
};

function isCheckInRefusal(code: string): code is CheckInRefusalCode {
  return Object.hasOwn(NEED_BY_CODE, code);
}

function describePayment(result: MutationResult<'booking.checkInMember'>): string {
  switch (result.paidBy) {
    case 'subscription':
      return 'membership';
    case 'pack':
      return result.packCreditsLeft === null
        ? 'pack credit'
        : `pack credit (${result.packCreditsLeft} left)`;
    case 'free':
      return 'free';
    case 'booking':
      return 'booked';
  }
}

/**
 * Checks a member into a class with `booking.checkInMember`, which decides at the desk, in
 * one transaction, how the class is paid (their booking, membership, then the pack credit
 * expiring first) and checks them in. What it refuses for staff to act on (a waiver to sign
 * or override, a drop-in to sell, a full class to waitlist) comes back as an outcome, with
 * nothing written; any other refusal is thrown.
 */
export async function checkIn(
  desk: Pick<DeskApi, 'mutate'>,
  target: CheckInTarget,
  choices: { readonly waiverOverrideReason?: string } = {},
): Promise<CheckInOutcome> {
  const override = choices.waiverOverrideReason;
  try {
    const result = await desk.mutate('booking.checkInMember', {
      classId: target.classId,
      memberId: target.memberId,
      ...(override === undefined ? {} : { waiverOverrideReason: override }),
    });
    return {
      kind: 'checkedIn',
      paidBy: describePayment(result),
      already: result.paidBy === 'booking',
    };
  } catch (error) {
    if (error instanceof DeskBridgeError && isCheckInRefusal(error.code)) {
      return { kind: NEED_BY_CODE[error.code], message: error.message };
    }
    throw error;
  }
}
