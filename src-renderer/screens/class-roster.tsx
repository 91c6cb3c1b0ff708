import { useState } from 'react';
import {
  ATTENDANCE_ROLES,
  DESK_ROLES,
} from '../../src-shared/mutations/front-desk/front-desk-roles';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import type { RosterEntry } from '../desk/operation-shapes';
import { bookingStatusLabel } from '../desk/status-labels';
import { studioClock } from '../desk/studio-time';
import { ErrorNote } from '../shell/error-note';
import { bookedPaymentLabel, paymentWords } from './book-ahead-payment';
import { RosterNoShow, useTickingNow } from './roster-no-show';
import { WaitlistPaymentDialog } from './waitlist-payment-dialog';

/**
 * Who is booked into a class, waitlisted or checked in: check in with one click, mark a
 * no-show once the class has started (with the studio's fee), and give a free place to a
 * waitlisted member, choosing how they pay (issue 18).
 */
export function ClassRoster(props: {
  readonly classId: string;
  /** The zone of the class's location: its start and check-in times are read in it. */
  readonly timeZone: string;
  readonly onCheckIn: (memberId: string, name: string) => void;
  readonly onOpenMember: (memberId: string) => void;
}) {
  const desk = useDesk();
  const roster = useDeskQuery('class.roster', { classId: props.classId });
  const settings = useDeskQuery('studio.settings', {});
  // Re-rendered every half minute, so "No-show" appears once the class starts.
  useTickingNow();
  const [promoting, setPromoting] = useState<RosterEntry | null>(null);
  const [done, setDone] = useState<{ readonly classId: string; readonly text: string } | null>(
    null,
  );
  const [error, setError] = useState<unknown>(null);
  // The last answer stays while another class's roster loads: never act on it meanwhile.
  const data = roster.data?.classId === props.classId ? roster.data : undefined;
  const clock = studioClock(props.timeZone);
  const started = data !== undefined && Date.parse(data.startTime) <= Date.now();
  const placeFree =
    data !== undefined && data.status === 'scheduled' && data.confirmed < data.capacity;
  const mayMarkAttendance = desk.hasRole(...ATTENDANCE_ROLES);
  const mayPromote = desk.hasRole(...DESK_ROLES);
  const currency = settings.data?.currency ?? 'USD';
  const report = (text: string) => {
    setError(null);
    setDone({ classId: props.classId, text });
  };

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
          <ErrorNote error={error} />
          {done?.classId === props.classId && (
            <p className="result ok" role="status">
              {done.text}
            </p>
          )}
          {data.entries.length === 0 && <p className="hint">Nobody is booked yet.</p>}
          <table>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Booking</th>
                <th scope="col">Paid by</th>
                <th scope="col">Attendance</th>
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
                  <td>{bookedPaymentLabel(e.paidBy, e.freeReason)}</td>
                  <td>
                    {e.checkedInAt !== null ? (
                      <span className="badge ok">In {clock.time(e.checkedInAt)}</span>
                    ) : e.status === 'confirmed' ? (
                      <div className="row">
                        <button
                          type="button"
                          aria-label={`Check in ${e.name}`}
                          onClick={() => {
                            props.onCheckIn(e.memberId, e.name);
                          }}
                        >
                          Check in
                        </button>
                        {started && mayMarkAttendance && (
                          <RosterNoShow
                            entry={e}
                            noShowFee={settings.data?.noShowFee ?? 0}
                            currency={currency}
                            onDone={report}
                            onError={setError}
                          />
                        )}
                      </div>
                    ) : e.status === 'waitlisted' && placeFree && mayPromote ? (
                      <button
                        type="button"
                        aria-label={`Promote ${e.name}`}
                        onClick={() => {
                          setPromoting(e);
                        }}
                      >
                        Promote
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {data && promoting && (
        <WaitlistPaymentDialog
          key={promoting.bookingId}
          title={`Give ${promoting.name} a place in ${data.title}`}
          intro={`A place is free in ${data.title}, ${clock.dateTime(data.startTime)}. Choose how ${promoting.name} pays for it: it is taken now.`}
          memberId={promoting.memberId}
          classId={data.classId}
          submitLabel="Promote"
          onClose={() => {
            setPromoting(null);
          }}
          dropIn={{
            klass: { ...data, timeZone: props.timeZone },
            onSold: (receipt) => {
              setPromoting(null);
              report(
                `${promoting.name} has a place in ${data.title} (drop-in, receipt ${receipt}).`,
              );
            },
          }}
          onSubmit={async (paidBy, option) => {
            const entry = promoting;
            const result = await desk.mutate('booking.promote', {
              bookingId: entry.bookingId,
              paidBy,
            });
            setPromoting(null);
            report(
              result.promoted
                ? `${entry.name} has a place in ${data.title} (${paymentWords(option)}).`
                : `${entry.name}’s booking is ${bookingStatusLabel(result.status).toLowerCase()} already.`,
            );
          }}
        />
      )}
    </section>
  );
}
