import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useDesk } from '../../desk/desk-context';
import { dayLabel } from '../appointments/appointment-words';
import { CheckField, FormOutcome, SelectField } from './console-fields';
import { inputToMinute, minuteLabel } from './day-minutes';
import { useAction } from './use-action';

export interface AvailabilityException {
  readonly exceptionId: string;
  readonly date: string;
  readonly kind: 'off' | 'extra';
  readonly startMinute: number | null;
  readonly endMinute: number | null;
  readonly reason: string | null;
}

const KINDS = [
  ['off', 'Time off'],
  ['extra', 'Extra hours'],
] as const;

function describe(e: AvailabilityException): string {
  const what = e.kind === 'off' ? 'Time off' : 'Extra hours';
  const when =
    e.startMinute === null || e.endMinute === null
      ? 'all day'
      : `${minuteLabel(e.startMinute)} to ${minuteLabel(e.endMinute)}`;
  return `${dayLabel(e.date)}: ${what}, ${when}${e.reason ? ` (${e.reason})` : ''}`;
}

/**
 * A staff member's time off and extra hours at a location, day by day
 * (`staffAvailability.addException`, `.removeException`): time off takes a whole day or some
 * hours out of the week's hours; extra hours add some on one date.
 */
export function StaffTimeOff(props: {
  readonly staffId: string;
  readonly staffName: string;
  readonly locationId: string;
  readonly today: string;
  readonly exceptions: readonly AvailabilityException[];
}) {
  const desk = useDesk();
  const [date, setDate] = useState(props.today);
  const [kind, setKind] = useState<'off' | 'extra'>('off');
  const [wholeDay, setWholeDay] = useState(true);
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('17:00');
  const [reason, setReason] = useState('');
  const { busy, error, done, run, fail } = useAction();
  const allDay = kind === 'off' && wholeDay;

  const add = (event: SyntheticEvent) => {
    event.preventDefault();
    const startMinute = allDay ? null : inputToMinute(start, 'start');
    const endMinute = allDay ? null : inputToMinute(end, 'end');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      fail('Choose the date.');
      return;
    }
    if (!allDay && (startMinute === null || endMinute === null || startMinute >= endMinute)) {
      fail('Give the hours: a start, and an end after it.');
      return;
    }
    const why = reason.trim();
    if (why !== '' && why.length < 3) {
      fail('Write the reason in at least 3 characters, or leave it empty.');
      return;
    }
    void run(async () => {
      await desk.mutate('staffAvailability.addException', {
        staffId: props.staffId,
        locationId: props.locationId,
        date,
        kind,
        startMinute,
        endMinute,
        reason: why === '' ? null : why,
      });
      setReason('');
      return `${kind === 'off' ? 'Time off' : 'Extra hours'} for ${props.staffName} on ${dayLabel(date)} added.`;
    });
  };

  return (
    <form className="card" aria-label={`Time off of ${props.staffName}`} onSubmit={add} noValidate>
      <h3>Time off and extra hours</h3>
      {props.exceptions.length === 0 ? (
        <p className="hint">None in the coming months.</p>
      ) : (
        <ul className="console-list">
          {props.exceptions.map((e) => (
            <li key={e.exceptionId} className="row">
              <span>{describe(e)}</span>
              <button
                type="button"
                className="link"
                disabled={busy}
                onClick={() => {
                  void run(async () => {
                    await desk.mutate('staffAvailability.removeException', {
                      exceptionId: e.exceptionId,
                    });
                    return `Removed: ${describe(e)}.`;
                  });
                }}
              >
                Remove {e.kind === 'off' ? 'time off' : 'extra hours'} on {dayLabel(e.date)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <label>
          Date
          <input
            type="date"
            value={date}
            onChange={(e) => {
              setDate(e.target.value);
            }}
          />
        </label>
        <SelectField label="Kind" value={kind} options={KINDS} onChange={setKind} />
        {kind === 'off' && (
          <CheckField label="The whole day" checked={wholeDay} onChange={setWholeDay} />
        )}
      </div>
      {!allDay && (
        <div className="row">
          <label>
            From
            <input
              type="time"
              step={300}
              value={start}
              onChange={(e) => {
                setStart(e.target.value);
              }}
            />
          </label>
          <label>
            Until
            <input
              type="time"
              step={300}
              value={end}
              onChange={(e) => {
                setEnd(e.target.value);
              }}
            />
          </label>
        </div>
      )}
      <label className="field">
        Reason (optional)
        <input
          value={reason}
          maxLength={200}
          onChange={(e) => {
            setReason(e.target.value);
          }}
        />
      </label>
      <FormOutcome error={error} done={done} />
      <button type="submit" className="primary" disabled={busy}>
        Add {kind === 'off' ? 'time off' : 'extra hours'}
      </button>
    </form>
  );
}
