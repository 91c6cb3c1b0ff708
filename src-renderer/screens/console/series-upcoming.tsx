import { useMemo, useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { formatMoney } from '../../desk/money';
import { classStatusLabel } from '../../desk/status-labels';
import { ErrorNote } from '../../shell/error-note';
import type { ClassChoices } from './class-form';
import { formatClassTime } from './class-times';
import { parseWhole } from './console-input';
import { CancelClassConfirm } from './series-cancel-class';
import { SeriesClassEdit } from './series-class-edit';
import { countOf, dayLabel, localParts, type SeriesEntry } from './series-schedule';
import { useAction } from './use-action';

type StudioClass = QueryResult<'studio.classes'>[number];

/** How far ahead the list looks: studio.classes answers at most 62 days at a time. */
const AHEAD_DAYS = 56;

/**
 * The classes a series has made from today on (the next eight weeks), each with Edit (this,
 * following or all) and Cancel; and Extend, which makes its classes further ahead
 * (`classSeries.extend`, idempotent: a class already made is never made twice).
 */
export function SeriesUpcoming(props: {
  readonly series: SeriesEntry;
  /** Every series, for the one a class belongs to after a split. */
  readonly allSeries: readonly SeriesEntry[];
  readonly choices: ClassChoices;
  readonly currency: string;
}) {
  const desk = useDesk();
  const { series, choices } = props;
  // From the start of the hour, so the range stays put while the list is open.
  const range = useMemo(() => {
    const from = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const to = new Date(from.getTime() + AHEAD_DAYS * 86_400_000);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      locationId: series.locationId ?? undefined,
    };
  }, [series.locationId]);
  const classes = useDeskQuery('studio.classes', range);
  const own = (classes.data ?? []).filter((c) => c.seriesId === series.seriesId);
  const [editing, setEditing] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [weeks, setWeeks] = useState('12');
  const { busy, error, done, run, fail } = useAction();
  const when = (c: StudioClass) => formatClassTime(c.startTime, series.timeZone);
  const heldTo =
    series.materialisedUntil === null
      ? null
      : localParts(series.materialisedUntil, series.timeZone).date;

  const extend = (event: SyntheticEvent) => {
    event.preventDefault();
    const ahead = parseWhole(weeks, 1, 52);
    if (ahead === null) {
      fail('Make classes ahead: a number of weeks from 1 to 52.');
      return;
    }
    void run(async () => {
      const r = await desk.mutate('classSeries.extend', {
        seriesId: series.seriesId,
        weeks: ahead,
      });
      return r.created === 0
        ? `${series.title} already had its classes ${ahead} weeks ahead: none made.`
        : `${series.title}: ${countOf(r.created, 'class')} made, up to ${ahead} weeks ahead.`;
    });
  };

  return (
    <section aria-label={`Classes of ${series.title}`} className="series-upcoming">
      <h4>Next {AHEAD_DAYS / 7} weeks</h4>
      <ErrorNote error={classes.error ?? error} />
      {done !== null && (
        <p role="status" className="console-done">
          {done}
        </p>
      )}
      {classes.data !== undefined && own.length === 0 && (
        <p className="hint">No class of this series in the next {AHEAD_DAYS / 7} weeks.</p>
      )}
      <ul className="console-list">
        {own.map((c) => (
          <li key={c.classId} className={c.status === 'scheduled' ? '' : 'muted'}>
            {when(c)}, {c.durationMinutes} min{c.roomName === null ? '' : `, ${c.roomName}`}
            {c.instructorName === null ? '' : `, ${c.instructorName}`} — {c.confirmed} of{' '}
            {c.capacity} booked, drop-in {formatMoney(c.dropInPrice, props.currency)}
            {c.status === 'scheduled' ? '' : ` (${classStatusLabel(c.status)})`}
            {c.status === 'scheduled' && (
              <div className="row">
                <button
                  type="button"
                  className="link"
                  aria-label={`Edit ${c.title}, ${when(c)}`}
                  onClick={() => {
                    setEditing(c.classId);
                    setCancelling(null);
                  }}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="link"
                  aria-label={`Cancel this class, ${c.title}, ${when(c)}`}
                  onClick={() => {
                    setCancelling(c.classId);
                    setEditing(null);
                  }}
                >
                  Cancel this class
                </button>
              </div>
            )}
            {editing === c.classId && (
              <SeriesClassEdit
                klass={c}
                series={props.allSeries.find((s) => s.seriesId === c.seriesId)}
                choices={choices}
                onDone={(message) => {
                  setEditing(null);
                  void run(() => Promise.resolve(message));
                }}
                onClose={() => {
                  setEditing(null);
                }}
              />
            )}
            {cancelling === c.classId && (
              <CancelClassConfirm
                klass={c}
                when={when(c)}
                busy={busy}
                run={run}
                onClose={() => {
                  setCancelling(null);
                }}
              />
            )}
          </li>
        ))}
      </ul>
      {series.status === 'active' && (
        <form className="row" aria-label={`Extend ${series.title}`} onSubmit={extend} noValidate>
          <label>
            Make classes ahead (weeks)
            <input
              inputMode="numeric"
              value={weeks}
              onChange={(e) => {
                setWeeks(e.target.value);
              }}
            />
          </label>
          <button type="submit" disabled={busy}>
            Extend
          </button>
          <small className="hint">
            {heldTo === null ? 'No class made yet.' : `Classes are made up to ${dayLabel(heldTo)}.`}{' '}
            The studio’s server extends every series on its own as well.
          </small>
        </form>
      )}
    </section>
  );
}
