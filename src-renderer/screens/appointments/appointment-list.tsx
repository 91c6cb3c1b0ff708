import { useState } from 'react';
import { useDeskQuery } from '../../desk/desk-context';
import { formatMoney } from '../../desk/money';
import { studioClock } from '../../desk/studio-time';
import { sendToSell } from '../fee-sell-handoff';
import { appointmentStatusLabel, isOpenAppointment } from './appointment-words';
import type { DayAppointment } from './reschedule-dialog';

const STATUS_BADGE: Readonly<Record<string, string>> = {
  completed: 'badge ok',
  no_show: 'badge warn',
  cancelled: 'badge bad',
};

/**
 * Whether the appointment is still to be paid: not cancelled, not paid, and not free. An
 * older row without its own price is paid at the service's price (the quote says which).
 */
function payable(a: DayAppointment): boolean {
  return !a.paid && a.status !== 'cancelled' && a.price !== 0;
}

/**
 * The day's appointments at one location, in time order, each in words: when, who, what,
 * with whom, and how it stands. Only appointments still ahead offer their actions;
 * cancelled ones stay listed, muted, with their reason. An unpaid one is paid at the Sell
 * screen: "Pay at Sell" puts it on the cart for its member (issue 18); a paid one says so.
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
  const settings = useDeskQuery('studio.settings', {});
  const currency = settings.data?.currency ?? 'USD';
  /** What became of the last "Pay at Sell": on the cart, or refused by the Sell screen. */
  const [sent, setSent] = useState<{ readonly text: string; readonly refused: boolean } | null>(
    null,
  );
  const refuse = (reason: string) => {
    setSent({ text: reason, refused: true });
  };
  const payAtSell = (a: DayAppointment) => {
    const name = `${a.serviceTitle}, ${clock.dateTime(a.startTime)}, with ${a.staffName}`;
    const refused = sendToSell(
      {
        member: { memberId: a.memberId, name: a.memberName },
        item: {
          kind: 'appointment',
          appointmentId: a.appointmentId,
          name,
          unitPrice: a.price ?? 0,
        },
      },
      refuse,
    );
    if (refused !== null) refuse(refused);
    else
      setSent({
        text: `${a.memberName}’s ${a.serviceTitle} is on the cart at Sell.`,
        refused: false,
      });
  };
  return (
    <>
      {sent && (
        <p
          className={sent.refused ? 'result warn' : 'result ok'}
          role={sent.refused ? 'alert' : 'status'}
        >
          {sent.text}
        </p>
      )}
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
                {a.paid && <span className="badge ok"> Paid</span>}
              </td>
              <td>
                {payable(a) && (
                  <button
                    type="button"
                    aria-label={`Pay at Sell: ${a.memberName}’s ${a.serviceTitle} at ${clock.time(a.startTime)}${a.price === null ? '' : `, ${formatMoney(a.price, currency)}`}`}
                    onClick={() => {
                      payAtSell(a);
                    }}
                  >
                    Pay at Sell
                  </button>
                )}
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
    </>
  );
}
