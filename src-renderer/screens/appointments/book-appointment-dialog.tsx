import { useState } from 'react';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { formatMoney } from '../../desk/money';
import type { FoundMember } from '../../desk/operation-shapes';
import { studioClock } from '../../desk/studio-time';
import { ErrorNote } from '../../shell/error-note';
import { MemberSearch } from '../../shell/member-search';
import { ModalDialog } from '../../shell/modal-dialog';
import { TextField } from '../../shell/text-field';
import { useAction } from '../console/use-action';
import { lengthLabel } from './appointment-words';
import { FreeSlotPicker, type ChosenSlot } from './free-slot-picker';
import { StaffAndDay } from './staff-and-day';

/**
 * "Book an appointment": the member, the service, optionally who gives it, the day, then one
 * of the free times (`appointment.book`). Each missing choice is named before anything is
 * sent; a time taken meanwhile at another desk comes back as the desk's sentence.
 */
export function BookAppointmentDialog(props: {
  readonly location: {
    readonly locationId: string;
    readonly name: string;
    readonly timeZone: string;
  };
  readonly date: string;
  readonly currency: string;
  readonly onClose: () => void;
  readonly onBooked: (done: string) => void;
}) {
  const desk = useDesk();
  const services = useDeskQuery('appointment.services', {});
  const [member, setMember] = useState<FoundMember | null>(null);
  const [serviceId, setServiceId] = useState('');
  const [staffId, setStaffId] = useState('');
  const [date, setDate] = useState(props.date);
  const [notes, setNotes] = useState('');
  const [slot, setSlot] = useState<ChosenSlot | null>(null);
  const { busy, error, run, fail } = useAction();
  const service = services.data?.find((s) => s.serviceId === serviceId);
  const memberName = member ? `${member.firstName} ${member.lastName}` : '';

  const book = () => {
    if (!member) {
      fail('Choose the member first: search by name, e-mail, phone or card.');
      return;
    }
    if (!service) {
      fail('Choose the service to book.');
      return;
    }
    if (!slot) {
      fail('Choose one of the free times.');
      return;
    }
    void run(async () => {
      await desk.mutate('appointment.book', {
        memberId: member.memberId,
        serviceId: service.serviceId,
        staffId: slot.staffId,
        locationId: props.location.locationId,
        startTime: slot.startTime,
        notes: notes.trim() === '' ? null : notes.trim(),
      });
      const at = studioClock(props.location.timeZone).dateTime(slot.startTime);
      props.onBooked(`${memberName} is booked for ${service.title} with ${slot.staffName}, ${at}.`);
      return null;
    });
  };

  return (
    <ModalDialog label="Book an appointment" onClose={props.onClose} canClose={!busy}>
      <h2>Book an appointment</h2>
      <p className="hint">At {props.location.name}.</p>
      {member ? (
        <p className="row appointment-member">
          <span aria-label="Member">{memberName}</span>
          <button
            type="button"
            onClick={() => {
              setMember(null);
            }}
          >
            Change member
          </button>
        </p>
      ) : (
        <MemberSearch label="Member" onChoose={setMember} autoFocus />
      )}
      <div className="row">
        <label>
          Service
          <select
            value={serviceId}
            onChange={(e) => {
              setServiceId(e.target.value);
              setStaffId('');
              setSlot(null);
            }}
          >
            <option value="">Choose a service</option>
            {(services.data ?? []).map((s) => (
              <option key={s.serviceId} value={s.serviceId}>
                {s.title} · {lengthLabel(s.durationMinutes)} ·{' '}
                {formatMoney(s.price, props.currency)}
              </option>
            ))}
          </select>
        </label>
        <StaffAndDay
          staff={service?.staff ?? []}
          staffId={staffId}
          date={date}
          disabled={!service}
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
      <ErrorNote error={services.error} />
      {services.data?.length === 0 && (
        <p className="hint">No services yet: a manager adds them in Studio › Appointments.</p>
      )}
      {service && (
        <FreeSlotPicker
          serviceId={service.serviceId}
          locationId={props.location.locationId}
          date={date}
          staffId={staffId === '' ? null : staffId}
          chosen={slot}
          onChoose={setSlot}
        />
      )}
      <TextField label="Notes (optional)" value={notes} onChange={setNotes} maxLength={2000} />
      <ErrorNote error={error} />
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={book}>
          Book appointment
        </button>
        <button type="button" disabled={busy} onClick={props.onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
