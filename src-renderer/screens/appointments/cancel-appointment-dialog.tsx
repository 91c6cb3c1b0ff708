import { useState } from 'react';
import { useDesk } from '../../desk/desk-context';
import { studioClock } from '../../desk/studio-time';
import { ErrorNote } from '../../shell/error-note';
import { ModalDialog } from '../../shell/modal-dialog';
import { TextField } from '../../shell/text-field';
import { useAction } from '../console/use-action';
import type { DayAppointment } from './reschedule-dialog';

/**
 * Cancelling asks first, with the reason (`appointment.cancel` keeps it): the time is free
 * again at once, and a cancelled appointment cannot be brought back.
 */
export function CancelAppointmentDialog(props: {
  readonly appointment: DayAppointment;
  readonly timeZone: string;
  readonly onClose: () => void;
  readonly onCancelled: (done: string) => void;
}) {
  const { appointment: a } = props;
  const desk = useDesk();
  const [reason, setReason] = useState('');
  const { busy, error, run, fail } = useAction();
  const when = studioClock(props.timeZone).dateTime(a.startTime);
  const title = `Cancel ${a.memberName}’s ${a.serviceTitle}?`;

  const cancel = () => {
    if (reason.trim().length < 3) {
      fail('Give the reason for cancelling, in a few words.');
      return;
    }
    void run(async () => {
      await desk.mutate('appointment.cancel', {
        appointmentId: a.appointmentId,
        reason: reason.trim(),
      });
      props.onCancelled(`${a.memberName}’s ${a.serviceTitle} at ${when} is cancelled.`);
      return null;
    });
  };

  return (
    <ModalDialog label={title} onClose={props.onClose} canClose={!busy}>
      <h2>{title}</h2>
      <p>
        {when} with {a.staffName}. The time becomes free for others; this cannot be undone.
      </p>
      <TextField
        label="Reason for cancelling"
        value={reason}
        onChange={setReason}
        maxLength={200}
      />
      <ErrorNote error={error} />
      <div className="row">
        <button type="button" className="danger" disabled={busy} onClick={cancel}>
          Cancel appointment
        </button>
        <button type="button" disabled={busy} onClick={props.onClose}>
          Keep it
        </button>
      </div>
    </ModalDialog>
  );
}
