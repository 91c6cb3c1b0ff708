import { DeskBridgeError } from '../../src-shared/bridge/desk-bridge';
import type { MutationResult } from '../../src-shared/bridge/desk-operations';
import type { CheckInRefusalCode } from '../../src-shared/mutations/mutation-definition';
import type { DeskApi } from './desk-context';

export interface CheckInTarget {
  readonly memberId: string;
  readonly memberName: string;
  readonly classId: string;
  readonly classTitle: string;
  /** The class's start (UTC ISO): the confirmation names its date and time. */
  readonly classStart: string;
  /** The zone of the class's location, which its date and time are read in. */
  readonly timeZone: string;
}

/** A class of the day as the scan chooses among them. */
export interface ScanCandidate {
  readonly classId: string;
  readonly startTime: string;
  readonly status: string;
}

/**
 * The class a scanned card checks into, of today's classes at this desk's location: of those
 * whose check-in is open now (`opensMinutes` before the start to `closesMinutes` after), the
 * one starting nearest to now; else the next to start. Whatever day the screen shows, a
 * scan is a member at the desk now, so it is never another day's class.
 */
export function scanTarget<C extends ScanCandidate>(
  todays: readonly C[],
  nowMs: number,
  window: { readonly opensMinutes: number; readonly closesMinutes: number },
): C | undefined {
  const scheduled = todays.filter((c) => c.status === 'scheduled');
  const startOf = (c: C) => Date.parse(c.startTime);
  const open = scheduled.filter(
    (c) =>
      startOf(c) - window.opensMinutes * 60_000 <= nowMs &&
      nowMs <= startOf(c) + window.closesMinutes * 60_000,
  );
  if (open.length > 0) {
    return open.reduce((best, c) =>
      Math.abs(startOf(c) - nowMs) < Math.abs(startOf(best) - nowMs) ? c : best,
    );
  }
  return scheduled
    .filter((c) => startOf(c) > nowMs)
    .reduce<C | undefined>(
      (next, c) => (next && startOf(next) <= startOf(c) ? next : c),
      undefined,
    );
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
