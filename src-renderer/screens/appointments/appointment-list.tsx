import { studioClock } from '../../desk/studio-time';
import { appointmentStatusLabel, isOpenAppointment } from './appointment-words';
import type { DayAppointment } from './reschedule-dialog';

const STATUS_BADGE: Readonly<Record<string, string>> = {
  completed: 'badge ok',
  no_show: 'badge warn',
  cancelled: 'badge bad',
};

/**
 * The day's appointments at one location, in time order, each in words: when, who, what,
 * with whom, and how it stands. Only appointments still ahead offer their actions;
 * cancelled ones stay listed, muted, with their reason.
 */
export function AppointmentList(props: {
  readonly appointments: readonly DayAppointment[];
  readonly timeZone: string;
  readonly busy: boolean;
  readonly onReschedule: (a: DayAppointment) => void;
  readonly onCancel: (a: DayAppointment) => void;
  readonly onComplete: (a: DayAppointment) => void;
  readonly onNoShow: (a: DayAppointment) => void;
}) {
  const clock = studioClock(props.timeZone);
  return (
    <table className="console-table appointment-table">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Member</th>
          <th scope="col">Service</th>
          <th scope="col">Staff</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.appointments.map((a) => (
          <tr
            key={a.appointmentId}
            className={a.status === 'cancelled' ? 'appointment-cancelled' : ''}
          >
            <td className="appointment-time">
              {clock.time(a.startTime)} – {clock.time(a.endTime)}
            </td>
            <td>{a.memberName}</td>
            <td>{a.serviceTitle}</td>
            <td>{a.staffName}</td>
            <td>
              <span className={STATUS_BADGE[a.status] ?? 'badge'}>
                {appointmentStatusLabel(a.status)}
              </span>
              {a.cancellationReason !== null && (
                <small className="appointment-reason"> {a.cancellationReason}</small>
              )}
            </td>
            <td>
              {isOpenAppointment(a.status) && (
                <div className="row appointment-actions">
                  <button
                    type="button"
                    disabled={props.busy}
                    onClick={() => {
                      props.onComplete(a);
                    }}
                  >
                    Complete
                  </button>
                  <button
                    type="button"
                    disabled={props.busy}
                    onClick={() => {
                      props.onNoShow(a);
                    }}
                  >
                    No-show
                  </button>
                  <button
                    type="button"
                    disabled={props.busy}
                    onClick={() => {
                      props.onReschedule(a);
                    }}
                  >
                    Reschedule
                  </button>
                  <button
                    type="button"
                    disabled={props.busy}
                    onClick={() => {
                      props.onCancel(a);
                    }}
                  >
                    Cancel
                  </button>
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
