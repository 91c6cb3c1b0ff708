import { useDeskQuery } from '../desk/desk-context';
import { bookingPaymentLabel, bookingStatusLabel } from '../desk/status-labels';
import { studioClock } from '../desk/studio-time';
import { ErrorNote } from '../shell/error-note';

/** Who is booked into a class, waitlisted or checked in; check in with one click. */
export function ClassRoster(props: {
  readonly classId: string;
  /** The zone of the class's location: its start and check-in times are read in it. */
  readonly timeZone: string;
  readonly onCheckIn: (memberId: string, name: string) => void;
  readonly onOpenMember: (memberId: string) => void;
}) {
  const roster = useDeskQuery('class.roster', { classId: props.classId });
  const data = roster.data;
  const clock = studioClock(props.timeZone);
  return (
    <section className="roster" aria-label="Roster">
      <ErrorNote error={roster.error} />
      {data && (
        <>
          <h2>
            {data.title} <small>{clock.dateTime(data.startTime)}</small>
          </h2>
          <p>
            {data.confirmed}/{data.capacity} booked · {data.checkedIn} checked in
          </p>
          {data.entries.length === 0 && <p className="hint">Nobody is booked yet.</p>}
          <table>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Booking</th>
                <th scope="col">Paid by</th>
                <th scope="col">Check-in</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.bookingId}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        props.onOpenMember(e.memberId);
                      }}
                    >
                      {e.name}
                    </button>
                  </td>
                  <td>
                    {bookingStatusLabel(e.status)}
                    {e.waitlistPosition !== null ? ` #${e.waitlistPosition}` : ''}
                  </td>
                  <td>{bookingPaymentLabel(e.paidBy)}</td>
                  <td>
                    {e.checkedInAt !== null ? (
                      <span className="badge ok">In {clock.time(e.checkedInAt)}</span>
                    ) : e.status === 'confirmed' ? (
                      <button
                        type="button"
                        aria-label={`Check in ${e.name}`}
                        onClick={() => {
                          props.onCheckIn(e.memberId, e.name);
                        }}
                      >
                        Check in
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
