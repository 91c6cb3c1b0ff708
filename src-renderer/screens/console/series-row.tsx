import { useState } from 'react';
import { useDesk } from '../../desk/desk-context';
import { formatMoney } from '../../desk/money';
import { ErrorNote } from '../../shell/error-note';
import type { ClassChoices } from './class-form';
import {
  countOf,
  isLocalDate,
  daysAndTime,
  dayLabel,
  seriesEnd,
  type SeriesEntry,
} from './series-schedule';
import { SeriesUpcoming } from './series-upcoming';
import { useAction } from './use-action';

/** One series in the list: what it is, its next classes on request, and End series. */
export function SeriesRow(props: {
  readonly series: SeriesEntry;
  readonly allSeries: readonly SeriesEntry[];
  readonly choices: ClassChoices;
  readonly staffName: (memberId: string) => string | null;
  readonly currency: string;
  /** What ending the series did: the section says it, as the row leaves the list. */
  readonly onEnded: (message: string) => void;
}) {
  const desk = useDesk();
  const { series, choices } = props;
  const [open, setOpen] = useState(false);
  const [ending, setEnding] = useState(false);
  const [lastDate, setLastDate] = useState('');
  const { busy, error, run, fail } = useAction();
  const location = choices.locations.find((l) => l.locationId === series.locationId);
  const room = location?.rooms.find((r) => r.roomId === series.roomId)?.name ?? null;
  const instructor = series.instructorId === null ? null : props.staffName(series.instructorId);
  const recurrence = series.recurrence;

  const end = () => {
    // A screen's own sentence: staff read it as it is (error-text.ts).
    if (lastDate !== '' && !isLocalDate(lastDate)) {
      fail('Last class on: choose a date, or leave it empty.');
      return;
    }
    void run(async () => {
      const r = await desk.mutate('classSeries.end', {
        seriesId: series.seriesId,
        ...(lastDate === '' ? {} : { lastDate }),
      });
      setEnding(false);
      props.onEnded(
        `${series.title} has ended: ${countOf(r.removed, 'class')} taken off the schedule.`,
      );
      return null;
    });
  };

  return (
    <li className={series.status === 'active' ? '' : 'muted'} aria-label={`Series ${series.title}`}>
      <strong>{series.title}</strong>{' '}
      {recurrence === null ? 'a schedule made outside this console' : daysAndTime(recurrence)}{' '}
      <small>({series.timeZone})</small>{' '}
      <span className="badge">{series.status === 'active' ? 'Active' : 'Ended'}</span>
      <small className="series-detail">
        {[
          ...(location === undefined ? [] : [location.name]),
          ...(room === null ? [] : [room]),
          instructor ?? 'no instructor yet',
          `${series.capacity} places`,
          `drop-in ${formatMoney(series.dropInPrice, props.currency)}`,
          ...(recurrence === null
            ? []
            : [`from ${dayLabel(recurrence.firstDate)}`, seriesEnd(recurrence)]),
          ...(recurrence === null || recurrence.excludedDates.length === 0
            ? []
            : [`skips ${recurrence.excludedDates.map(dayLabel).join('; ')}`]),
        ].join(' · ')}
      </small>
      <div className="row">
        <button
          type="button"
          className="link"
          aria-expanded={open}
          onClick={() => {
            setOpen((o) => !o);
          }}
        >
          {open ? `Hide classes of ${series.title}` : `Classes of ${series.title}`}
        </button>
        {series.status === 'active' && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setEnding(true);
            }}
          >
            End {series.title}
          </button>
        )}
      </div>
      <ErrorNote error={error} />
      {ending && (
        <div role="alertdialog" aria-label={`End ${series.title}?`} className="confirm">
          <p>
            Ending {series.title} takes its classes after the last date off the schedule (with no
            date: every class that has not started). A class with bookings is cancelled: its
            bookings are cancelled and their class-pack credits returned. No more classes are made.
          </p>
          <label>
            Last class on (optional)
            <input
              type="date"
              value={lastDate}
              onChange={(e) => {
                setLastDate(e.target.value);
              }}
            />
          </label>
          <div className="row">
            <button type="button" className="danger" disabled={busy} onClick={end}>
              Yes, end the series
            </button>
            <button
              type="button"
              onClick={() => {
                setEnding(false);
              }}
            >
              Keep the series
            </button>
          </div>
        </div>
      )}
      {open && (
        <SeriesUpcoming
          series={series}
          allSeries={props.allSeries}
          choices={choices}
          currency={props.currency}
        />
      )}
    </li>
  );
}
