import { useState } from 'react';
import { useDeskQuery } from '../desk/desk-context';
import { formatMoney } from '../desk/money';
import type { MemberProfile } from '../desk/operation-shapes';
import { bookingStatusLabel } from '../desk/status-labels';
import { useStudioTime } from '../desk/use-studio-time';
import { bookedPaymentLabel } from './book-ahead-payment';

type Booking = MemberProfile['upcomingBookings'][number];

/** The studio's late-cancel rule, as `studio.settings` gives it. */
interface LateCancelRule {
  readonly lateCancelHours: number;
  readonly lateCancelFee: number;
  readonly currency: string;
}

/**
 * What cancelling costs, said before staff confirm: inside the late-cancel window a booked
 * place is a late cancel (the studio's fee is owed, a pack credit is not given back); before
 * it a pack credit comes back. A waitlist place is left freely.
 */
export function cancelConsequence(
  booking: Pick<Booking, 'status' | 'startTime' | 'paidBy'>,
  rule: LateCancelRule,
  nowMs: number,
): string {
  if (booking.status !== 'confirmed') return 'They leave the waitlist; nothing is charged.';
  const late = Date.parse(booking.startTime) - nowMs < rule.lateCancelHours * 3_600_000;
  const pack = booking.paidBy === 'pack';
  if (!late) return pack ? 'The pack credit comes back.' : 'Nothing is charged.';
  // A free place owes no fee (R15.1); a pack credit is forfeited whatever the fee.
  const fee =
    booking.paidBy === 'free'
      ? 'the place was free, so no fee is owed'
      : rule.lateCancelFee > 0
        ? `a late-cancel fee of ${formatMoney(rule.lateCancelFee, rule.currency)} will be owed`
        : 'the studio charges no fee for it';
  const hours = `${rule.lateCancelHours} hour${rule.lateCancelHours === 1 ? '' : 's'}`;
  return `This is a late cancel (less than ${hours} before the class): ${fee}${pack ? ', and the pack credit is not given back' : ''}.`;
}

/**
 * A member's bookings, upcoming then past, in the studio's time. Cancelling asks first
 * (issue 17): one tap on a crowded desk must not drop someone from a class.
 */
export function MemberBookings(props: {
  readonly profile: MemberProfile;
  readonly onCancel: (booking: Booking) => void;
}) {
  const clock = useStudioTime();
  const [asking, setAsking] = useState<{
    readonly bookingId: string;
    readonly atMs: number;
  } | null>(null);
  const settings = useDeskQuery('studio.settings', {});
  const name = `${props.profile.firstName} ${props.profile.lastName}`;
  return (
    <section aria-label="Bookings">
      <h3>Bookings</h3>
      <table>
        <tbody>
          {[...props.profile.upcomingBookings, ...props.profile.pastBookings].map((b) => {
            const when = clock.dateTime(b.startTime);
            return (
              <tr key={b.bookingId}>
                <td>{when}</td>
                <td>{b.title}</td>
                <td>{b.checkedInAt ? 'checked in' : bookingStatusLabel(b.status)}</td>
                <td>{b.paidBy === null ? '' : bookedPaymentLabel(b.paidBy, b.freeReason)}</td>
                <td>
                  {(b.status === 'confirmed' || b.status === 'waitlisted') &&
                    !b.checkedInAt &&
                    (asking?.bookingId === b.bookingId ? (
                      <span
                        role="alertdialog"
                        aria-label={`Cancel ${b.title}, ${when}?`}
                        className="confirm-inline"
                      >
                        Cancel {name}’s booking for {b.title} at {when}?{' '}
                        {settings.data && cancelConsequence(b, settings.data, asking.atMs)}{' '}
                        <button
                          type="button"
                          className="danger"
                          // The consequence must be on screen before it can be accepted.
                          disabled={!settings.data}
                          onClick={() => {
                            setAsking(null);
                            props.onCancel(b);
                          }}
                        >
                          Yes, cancel booking
                        </button>{' '}
                        <button
                          type="button"
                          onClick={() => {
                            setAsking(null);
                          }}
                        >
                          Keep booking
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        // Names the class: several rows each have a Cancel button.
                        aria-label={`Cancel ${b.title}, ${when}`}
                        onClick={() => {
                          // Judged when asked: the warning says what cancelling now costs.
                          setAsking({ bookingId: b.bookingId, atMs: Date.now() });
                        }}
                      >
                        Cancel
                      </button>
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
