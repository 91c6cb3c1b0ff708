import { useState } from 'react';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import { studioClock } from '../desk/studio-time';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';
import { AppointmentList } from './appointments/appointment-list';
import { dayLabel } from './appointments/appointment-words';
import { BookAppointmentDialog } from './appointments/book-appointment-dialog';
import { CancelAppointmentDialog } from './appointments/cancel-appointment-dialog';
import { RescheduleDialog, type DayAppointment } from './appointments/reschedule-dialog';
import { useAction } from './console/use-action';
import { useDeskLocation } from './console/desk-location';
import './appointments/appointments.css';

type Dialog =
  | { readonly kind: 'book' }
  | { readonly kind: 'reschedule'; readonly appointment: DayAppointment }
  | { readonly kind: 'cancel'; readonly appointment: DayAppointment };

/**
 * Appointments (issue 18): one day's appointments at this desk's location, on its wall
 * clock, with Complete, No-show, Reschedule and Cancel, and "Book an appointment". A desk
 * with no location chosen picks one here (the studio's first by default).
 */
export function AppointmentsScreen() {
  const desk = useDesk();
  const studioTime = useStudioTime();
  const deskLocation = useDeskLocation().location;
  const locations = useDeskQuery('studio.locations', {});
  const settings = useDeskQuery('studio.settings', {});
  const [pickedLocationId, setPickedLocationId] = useState<string | null>(null);
  const location =
    (deskLocation
      ? locations.data?.find((l) => l.locationId === deskLocation.locationId)
      : undefined) ??
    locations.data?.find((l) => l.locationId === pickedLocationId) ??
    locations.data?.[0];
  const clock = location ? studioClock(location.timeZone) : studioTime;
  const today = clock.day(new Date());
  const [pickedDate, setDate] = useState<string | null>(null);
  const date = pickedDate ?? today;
  const day = useDeskQuery(
    'appointment.day',
    location ? { date, locationId: location.locationId } : null,
  );
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const { busy, error, done, run } = useAction();
  const [dialogDone, setDialogDone] = useState<string | null>(null);
  const closeWith = (text: string) => {
    setDialog(null);
    setDialogDone(text);
  };
  const settle = (a: DayAppointment, how: 'complete' | 'noShow') => {
    setDialogDone(null);
    void run(async () => {
      await desk.mutate(how === 'complete' ? 'appointment.complete' : 'appointment.noShow', {
        appointmentId: a.appointmentId,
      });
      return how === 'complete'
        ? `${a.memberName}’s ${a.serviceTitle} is completed.`
        : `${a.memberName} is marked a no-show for ${a.serviceTitle}.`;
    });
  };
  const status = dialogDone ?? done;
  const appointments = day.data ?? [];

  return (
    <div className="appointments">
      <h2>Appointments</h2>
      <div className="toolbar">
        <label>
          Day
          <input
            type="date"
            value={date}
            onChange={(e) => {
              setDate(e.target.value || date);
            }}
          />
        </label>
        {deskLocation === null && (locations.data?.length ?? 0) > 1 ? (
          <label>
            Location
            <select
              value={location?.locationId ?? ''}
              onChange={(e) => {
                setPickedLocationId(e.target.value);
              }}
            >
              {(locations.data ?? []).map((l) => (
                <option key={l.locationId} value={l.locationId}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          location && <p className="hint">At {location.name}.</p>
        )}
        <button
          type="button"
          className="primary"
          disabled={!location}
          onClick={() => {
            setDialogDone(null);
            setDialog({ kind: 'book' });
          }}
        >
          Book an appointment
        </button>
      </div>
      <ErrorNote error={locations.error ?? day.error} />
      <ErrorNote error={error} />
      {status !== null && (
        <p role="status" className="result ok">
          {status}
        </p>
      )}
      {locations.data?.length === 0 && (
        <p className="hint">The studio has no location yet: add one in Studio › Locations.</p>
      )}
      {location && (
        <section className="card" aria-label={`Appointments on ${dayLabel(date)}`}>
          <h3>
            {dayLabel(date)} at {location.name}
          </h3>
          {day.data !== undefined && appointments.length === 0 && (
            <p className="hint">No appointments this day.</p>
          )}
          {appointments.length > 0 && (
            <AppointmentList
              appointments={appointments}
              timeZone={location.timeZone}
              busy={busy}
              onComplete={(a) => {
                settle(a, 'complete');
              }}
              onNoShow={(a) => {
                settle(a, 'noShow');
              }}
              onReschedule={(a) => {
                setDialog({ kind: 'reschedule', appointment: a });
              }}
              onCancel={(a) => {
                setDialog({ kind: 'cancel', appointment: a });
              }}
            />
          )}
        </section>
      )}
      {location && dialog?.kind === 'book' && (
        <BookAppointmentDialog
          location={location}
          date={date}
          currency={settings.data?.currency ?? 'USD'}
          onClose={() => {
            setDialog(null);
          }}
          onBooked={(text) => {
            closeWith(text);
          }}
        />
      )}
      {location && dialog?.kind === 'reschedule' && (
        <RescheduleDialog
          appointment={dialog.appointment}
          locationId={location.locationId}
          date={date}
          timeZone={location.timeZone}
          onClose={() => {
            setDialog(null);
          }}
          onMoved={closeWith}
        />
      )}
      {location && dialog?.kind === 'cancel' && (
        <CancelAppointmentDialog
          appointment={dialog.appointment}
          timeZone={location.timeZone}
          onClose={() => {
            setDialog(null);
          }}
          onCancelled={closeWith}
        />
      )}
    </div>
  );
}
