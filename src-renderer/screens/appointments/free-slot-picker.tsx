import { useState } from 'react';
import { useDeskQuery } from '../../desk/desk-context';
import { studioClock } from '../../desk/studio-time';
import { ErrorNote } from '../../shell/error-note';
import { dayLabel } from './appointment-words';

/** A free time chosen on screen: its start, and who gives the appointment then. */
export interface ChosenSlot {
  readonly startTime: string;
  readonly staffId: string;
  readonly staffName: string;
}

/**
 * The free times of a service on one day at a location (`appointment.freeSlots`), per staff
 * member who gives it, on the location's wall clock. What it offers is exactly what
 * `appointment.book` accepts, so a chosen time is refused only if another desk took it first.
 */
export function FreeSlotPicker(props: {
  readonly serviceId: string;
  readonly locationId: string;
  readonly date: string;
  /** Null: every staff member who gives the service. */
  readonly staffId: string | null;
  /** The appointment being moved: its own time is offered to it. */
  readonly reschedulingId?: string;
  readonly chosen: ChosenSlot | null;
  readonly onChoose: (slot: ChosenSlot) => void;
}) {
  // Times already past are hidden; "now" is when the picker opened, so the read stays put.
  const [now] = useState(() => new Date().toISOString());
  const slots = useDeskQuery('appointment.freeSlots', {
    serviceId: props.serviceId,
    locationId: props.locationId,
    date: props.date,
    ...(props.staffId === null ? {} : { staffId: props.staffId }),
    ...(props.reschedulingId === undefined ? {} : { reschedulingId: props.reschedulingId }),
    notBefore: now,
  });
  const data = slots.data;
  if (data === undefined) {
    return slots.error ? (
      <ErrorNote error={slots.error} />
    ) : (
      <p className="hint">Finding free times…</p>
    );
  }
  const clock = studioClock(data.timeZone ?? 'UTC');
  const anyFree = data.staff.some((s) => s.slots.length > 0);
  return (
    <div className="free-slots" aria-label="Free times">
      <ErrorNote error={slots.error} />
      {data.staff.length === 0 && (
        <p className="hint">
          No staff member gives this service yet: add them in Studio › Appointments.
        </p>
      )}
      {data.staff.length > 0 && !anyFree && (
        <p className="hint">
          No free times on {dayLabel(props.date)}: try another day or staff member.
        </p>
      )}
      {data.staff
        .filter((s) => s.slots.length > 0)
        .map((s) => (
          <section key={s.staffId} aria-label={`Free times with ${s.name}`}>
            <h4>{s.name}</h4>
            <div className="slot-grid">
              {s.slots.map((slot) => (
                <button
                  key={slot.startTime}
                  type="button"
                  aria-pressed={
                    props.chosen?.startTime === slot.startTime && props.chosen.staffId === s.staffId
                  }
                  onClick={() => {
                    props.onChoose({
                      startTime: slot.startTime,
                      staffId: s.staffId,
                      staffName: s.name,
                    });
                  }}
                >
                  {clock.time(slot.startTime)}
                </button>
              ))}
            </div>
          </section>
        ))}
    </div>
  );
}
