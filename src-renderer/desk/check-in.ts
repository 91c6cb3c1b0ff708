import type { DeskApi } from './desk-context';
import type { BookingOptions } from './desk-queries';

export interface CheckInTarget {
  readonly memberId: string;
  readonly memberName: string;
  readonly classId: string;
  readonly classTitle: string;
}

/** What became of a check-in: done, or what staff must decide before it can be. */
export type CheckInOutcome =
  | { readonly kind: 'checkedIn'; readonly paidBy: string; readonly already: boolean }
  | { readonly kind: 'waiver'; readonly missing: readonly { id: string; title: string }[] }
  | { readonly kind: 'dropIn'; readonly price: number }
  | { readonly kind: 'full' }
  | { readonly kind: 'notBookable'; readonly reason: string };

type Option = BookingOptions['options'][number];

function describePayment(option: Option): string {
  switch (option.method) {
    case 'subscription':
      return 'membership';
    case 'pack':
      return `pack credit (${option.remainingCredits - 1} left)`;
    case 'drop_in':
      return 'drop-in';
    case 'free':
      return 'free';
  }
}

/**
 * Checks a member into a class the way the desk's rules want it: an existing booking is
 * checked in; otherwise the member is booked and checked in at once, paid by the studio's
 * preferred option (membership, then the pack credit expiring first). A drop-in must be
 * sold first, a missing waiver signed or overridden with a reason, a full class waitlisted:
 * those come back as outcomes for staff to act on, with nothing written.
 */
export async function checkIn(
  desk: Pick<DeskApi, 'query' | 'mutate'>,
  target: CheckInTarget,
  choices: { readonly waiverOverrideReason?: string; readonly at: string },
): Promise<CheckInOutcome> {
  const options = await desk.query('booking.options', {
    memberId: target.memberId,
    classId: target.classId,
    at: choices.at,
  });
  if (options.classStatus !== 'scheduled') {
    return { kind: 'notBookable', reason: `${target.classTitle} is ${options.classStatus}` };
  }
  const override = choices.waiverOverrideReason;
  if (options.missingWaivers.length > 0 && override === undefined) {
    return { kind: 'waiver', missing: options.missingWaivers };
  }
  const overrideArgs = override === undefined ? {} : { waiverOverrideReason: override };
  if (options.existingBookingId !== null) {
    await desk.mutate('booking.checkIn', { bookingId: options.existingBookingId, ...overrideArgs });
    return { kind: 'checkedIn', paidBy: 'booking', already: true };
  }
  if (options.full) return { kind: 'full' };
  const [preferred] = options.options;
  if (!preferred || preferred.method === 'drop_in') {
    return { kind: 'dropIn', price: preferred?.method === 'drop_in' ? preferred.price : 0 };
  }
  const paidBy =
    preferred.method === 'subscription'
      ? { method: 'subscription' as const, subscriptionId: preferred.subscriptionId }
      : preferred.method === 'pack'
        ? { method: 'pack' as const, packId: preferred.packId }
        : { method: 'free' as const };
  await desk.mutate('booking.book', {
    classId: target.classId,
    memberId: target.memberId,
    paidBy,
    checkIn: true,
    ...overrideArgs,
  });
  return { kind: 'checkedIn', paidBy: describePayment(preferred), already: false };
}
