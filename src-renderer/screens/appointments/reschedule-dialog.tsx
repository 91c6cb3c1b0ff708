import { useState } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { studioClock } from '../../desk/studio-time';
import { ErrorNote } from '../../shell/error-note';
import { ModalDialog } from '../../shell/modal-dialog';
import { useAction } from '../console/use-action';
import { FreeSlotPicker, type ChosenSlot } from './free-slot-picker';
import { StaffAndDay } from './staff-and-day';

export type DayAppointment = QueryResult<'appointment.day'>[number];

/**
 * Moves an appointment to another free time (`appointment.reschedule`): same service and
 * location, any day, with the same staff member or anyone else who gives it. Its length and
 * price stay as booked.
 */
export function RescheduleDialog(props: {
  readonly appointment: DayAppointment;
  readonly locationId: string;
  readonly date: string;
  readonly timeZone: string;
  readonly onClose: () => void;
  readonly onMoved: (done: string) => void;
}) {
  const { appointment: a } = props;
  const desk = useDesk();
  const services = useDeskQuery('appointment.services', { includeRetired: true });
  const givers = services.data?.find((s) => s.serviceId === a.serviceId)?.staff ?? [];
  const [staffId, setStaffId] = useState(a.staffId);
  const [date, setDate] = useState(props.date);
  const [slot, setSlot] = useState<ChosenSlot | null>(null);
  const { busy, error, run, fail } = useAction();
  const clock = studioClock(props.timeZone);
  const title = `Reschedule ${a.memberName}’s ${a.serviceTitle}`;

  const move = () => {
    if (!slot) {
      fail('Choose one of the free times to move the appointment to.');
      return;
    }
    void run(async () => {
      await desk.mutate('appointment.reschedule', {
        appointmentId: a.appointmentId,
        startTime: slot.startTime,
        ...(slot.staffId === a.staffId ? {} : { staffId: slot.staffId }),
        ...(a.locationId === null ? { locationId: props.locationId } : {}),
      });
      props.onMoved(
        `${a.memberName}’s ${a.serviceTitle} is moved to ${clock.dateTime(slot.startTime)} with ${slot.staffName}.`,
      );
      return null;
    });
  };

  return (
    <ModalDialog label={title} onClose={props.onClose} canClose={!busy}>
      <h2>{title}</h2>
      <p className="hint">
        Now {clock.dateTime(a.startTime)} with {a.staffName}.
      </p>
      <div className="row">
        <StaffAndDay
          // The booked staff member stays choosable even if they no longer give it.
          staff={
            givers.some((g) => g.staffId === a.staffId)
              ? givers
              : [{ staffId: a.staffId, name: a.staffName }, ...givers]
          }
          staffId={staffId}
          date={date}
          onStaff={(id) => {
            setStaffId(id);
            setSlot(null);
          }}
          onDate={(day) => {
            setDate(day);
            setSlot(null);
          }}
        />
      </div>
      <FreeSlotPicker
        serviceId={a.serviceId}
        locationId={a.locationId ?? props.locationId}
        date={date}
        staffId={staffId === '' ? null : staffId}
        reschedulingId={a.appointmentId}
        chosen={slot}
        onChoose={setSlot}
      />
      <ErrorNote error={error} />
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={move}>
          Move appointment
        </button>
        <button type="button" disabled={busy} onClick={props.onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
