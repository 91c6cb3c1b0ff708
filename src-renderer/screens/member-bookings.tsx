import { useState } from 'react';
import type { MemberProfile } from '../desk/operation-shapes';
import { bookingPaymentLabel, bookingStatusLabel } from '../desk/status-labels';
import { useStudioTime } from '../desk/use-studio-time';

type Booking = MemberProfile['upcomingBookings'][number];

/**
 * A member's bookings, upcoming then past, in the studio's time. Cancelling asks first
 * (issue 17): one tap on a crowded desk must not drop someone from a class.
 */
export function MemberBookings(props: {
  readonly profile: MemberProfile;
  readonly onCancel: (booking: Booking) => void;
}) {
  const clock = useStudioTime();
  const [asking, setAsking] = useState<string | null>(null);
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
                <td>{b.paidBy === null ? '' : bookingPaymentLabel(b.paidBy)}</td>
                <td>
                  {(b.status === 'confirmed' || b.status === 'waitlisted') &&
                    !b.checkedInAt &&
                    (asking === b.bookingId ? (
                      <span
                        role="alertdialog"
                        aria-label={`Cancel ${b.title}, ${when}?`}
                        className="confirm-inline"
                      >
                        Cancel {name}’s booking for {b.title} at {when}?{' '}
                        <button
                          type="button"
                          className="danger"
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
                          setAsking(b.bookingId);
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
