import { describe, expect, it } from 'vitest';
import { paidBySchema } from '../../src-shared/mutations/front-desk/booking-payment';
import { freeReasonProblem } from '../../src-renderer/screens/book-ahead-free-reason';
import { bookedPaymentLabel, paidByOf } from '../../src-renderer/screens/book-ahead-payment';

describe('the reason for a free booking at the desk (issue 18)', () => {
  it('sends the typed reason, trimmed, with a free place, and a reason only with a free one', () => {
    expect(paidByOf({ method: 'free' }, '  make-up class ')).toEqual({
      method: 'free',
      reason: 'make-up class',
    });
    // Screens that ask for none (the roster's Promote, Today's waitlist) send free alone.
    expect(paidByOf({ method: 'free' })).toEqual({ method: 'free' });
    const packId = '01900000-0000-7000-8000-000000000301';
    expect(
      paidByOf({ method: 'pack', packId, remainingCredits: 3, expiresAt: null }, 'ignored'),
    ).toEqual({ method: 'pack', packId });
  });

  it('judges the reason as booking.book does, so the desk never sends one it refuses', () => {
    for (const typed of ['', '   ', 'x'.repeat(201), 'a', 'x'.repeat(200), ' guest ']) {
      const accepted = paidBySchema.safeParse({ method: 'free', reason: typed }).success;
      expect(freeReasonProblem(typed) === null, JSON.stringify(typed)).toBe(accepted);
    }
    expect(freeReasonProblem('  ')).toBe('Type why this place is free to book it.');
    expect(freeReasonProblem('x'.repeat(201))).toBe('The reason is at most 200 characters.');
  });

  it('shows a free booking with its reason, and one without (an older desk’s) as Free', () => {
    expect(bookedPaymentLabel('free', 'instructor’s guest')).toBe('Free — instructor’s guest');
    expect(bookedPaymentLabel('free', null)).toBe('Free');
    expect(bookedPaymentLabel('pack', null)).toBe('Pack credit');
    expect(bookedPaymentLabel(null, null)).toBe('—');
  });
});
