import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useDesk } from '../../desk/desk-context';
import { FormOutcome } from './console-fields';
import { inputToMinute, minuteLabel, minuteToInput, weekdayName, WEEKDAYS } from './day-minutes';
import { useAction } from './use-action';

interface Block {
  /** Keeps each row's inputs its own while rows are added and removed. */
  readonly key: number;
  readonly weekday: number;
  readonly start: string;
  readonly end: string;
}

interface Hours {
  readonly weekday: number;
  readonly startMinute: number;
  readonly endMinute: number;
}

/** The blocks as the mutation takes them, or the first sentence saying what is wrong. */
function readBlocks(blocks: readonly Block[]): Hours[] | string {
  const hours: Hours[] = [];
  for (const [i, b] of blocks.entries()) {
    const startMinute = inputToMinute(b.start, 'start');
    const endMinute = inputToMinute(b.end, 'end');
    if (startMinute === null || endMinute === null) {
      return `Hours ${i + 1}: give both times, such as 09:00 and 17:00.`;
    }
    if (startMinute >= endMinute) return `Hours ${i + 1}: the end comes after the start.`;
    const clash = hours.find(
      (h) => h.weekday === b.weekday && h.startMinute < endMinute && startMinute < h.endMinute,
    );
    if (clash) {
      return `Hours ${i + 1} overlap other hours on ${weekdayName(b.weekday)} (${minuteLabel(clash.startMinute)} to ${minuteLabel(clash.endMinute)}): join them into one.`;
    }
    hours.push({ weekday: b.weekday, startMinute, endMinute });
  }
  return hours;
}

/**
 * A staff member's weekly hours at one location, in its time zone: blocks of a weekday with
 * a start and an end, saved as the whole week (`staffAvailability.set`). Appointments are
 * offered only inside these hours, less time off and what the person is already doing.
 */
export function StaffHoursForm(props: {
  readonly staffId: string;
  readonly staffName: string;
  readonly locationId: string;
  readonly locationName: string;
  readonly hours: readonly Hours[];
}) {
  const desk = useDesk();
  const [blocks, setBlocks] = useState<readonly Block[]>(() =>
    props.hours.map((h, key) => ({
      key,
      weekday: h.weekday,
      start: minuteToInput(h.startMinute),
      end: minuteToInput(h.endMinute),
    })),
  );
  const [nextKey, setNextKey] = useState(props.hours.length);
  const { busy, error, done, run, fail } = useAction();
  const change = (key: number, part: Partial<Omit<Block, 'key'>>) => {
    setBlocks((all) => all.map((b) => (b.key === key ? { ...b, ...part } : b)));
  };
  const add = () => {
    const last = blocks[blocks.length - 1];
    setBlocks([
      ...blocks,
      {
        key: nextKey,
        weekday: last ? (last.weekday % 7) + 1 : 1,
        start: last?.start ?? '09:00',
        end: last?.end ?? '17:00',
      },
    ]);
    setNextKey((k) => k + 1);
  };
  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    const hours = readBlocks(blocks);
    if (typeof hours === 'string') {
      fail(hours);
      return;
    }
    void run(async () => {
      await desk.mutate('staffAvailability.set', {
        staffId: props.staffId,
        locationId: props.locationId,
        hours,
      });
      return hours.length === 0
        ? `${props.staffName} has no weekly hours at ${props.locationName} now.`
        : `${props.staffName}’s weekly hours at ${props.locationName} are saved.`;
    });
  };
  const label = `Weekly hours of ${props.staffName} at ${props.locationName}`;

  return (
    <form className="card" aria-label={label} onSubmit={save} noValidate>
      <h3>Weekly hours</h3>
      {blocks.length === 0 && (
        <p className="hint">No hours yet: {props.staffName} cannot be booked here.</p>
      )}
      {blocks.map((b, i) => (
        <fieldset key={b.key} className="row staff-hours-block">
          <legend>Hours {i + 1}</legend>
          <label>
            Day
            <select
              value={b.weekday}
              onChange={(e) => {
                change(b.key, { weekday: Number(e.target.value) });
              }}
            >
              {WEEKDAYS.map(([n, name]) => (
                <option key={n} value={n}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input
              type="time"
              step={300}
              value={b.start}
              onChange={(e) => {
                change(b.key, { start: e.target.value });
              }}
            />
          </label>
          <label>
            Until
            <input
              type="time"
              step={300}
              value={b.end}
              onChange={(e) => {
                change(b.key, { end: e.target.value });
              }}
            />
          </label>
          <button
            type="button"
            onClick={() => {
              setBlocks((all) => all.filter((x) => x.key !== b.key));
            }}
          >
            Remove
          </button>
        </fieldset>
      ))}
      <FormOutcome error={error} done={done} />
      <div className="row">
        <button type="button" onClick={add}>
          Add hours
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Save weekly hours
        </button>
      </div>
    </form>
  );
}
