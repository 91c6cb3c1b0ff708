import { useDeskQuery } from '../desk/desk-context';
import type { DayClass } from '../desk/operation-shapes';
import { studioClock } from '../desk/studio-time';
import { ErrorNote } from '../shell/error-note';

/** A class of the chosen day that can still be booked, with its location's zone. */
export type BookableClass = DayClass & {
  readonly timeZone: string;
  readonly locationName: string;
};

/** "Fri, Dec 4, 2026 at 6:00 PM", in the zone of the class's location. */
export function bookableWhen(klass: Pick<BookableClass, 'startTime' | 'timeZone'>): string {
  const clock = studioClock(klass.timeZone);
  return `${clock.date(klass.startTime)} at ${clock.time(klass.startTime)}`;
}

/** "3 places left", or "Full, 2 on the waitlist". */
function placesWords(klass: BookableClass): string {
  const left = Math.max(klass.capacity - klass.booked, 0);
  if (left > 0) return `${left} place${left === 1 ? '' : 's'} left`;
  return `Full, ${klass.waitlisted} on the waitlist`;
}

/**
 * The classes of one day (`schedule.day`, each location's day in its own zone) that have not
 * started and are not cancelled: a class under way is checked into from Today instead.
 */
export function BookAheadClasses(props: {
  readonly date: string;
  /** Classes starting at or before this instant are left out. */
  readonly nowMs: number;
  readonly chosenId: string | null;
  readonly onChoose: (klass: BookableClass) => void;
}) {
  const day = useDeskQuery('schedule.day', { date: props.date });
  const locations = day.data?.date === props.date ? day.data.locations : [];
  const classes = locations
    .flatMap((l) =>
      l.classes.map((c): BookableClass => ({ ...c, timeZone: l.timeZone, locationName: l.name })),
    )
    .filter((c) => c.status === 'scheduled' && Date.parse(c.startTime) > props.nowMs)
    .sort((a, b) => a.startTime.localeCompare(b.startTime));
  const manyLocations = locations.length > 1;
  return (
    <section aria-label="Classes of the day">
      <ErrorNote error={day.error} />
      {day.data?.date === props.date && classes.length === 0 && (
        <p className="hint">No class left to book this day.</p>
      )}
      <ul className="class-list">
        {classes.map((c) => (
          <li key={c.classId}>
            <button
              type="button"
              className="class-card"
              aria-pressed={props.chosenId === c.classId}
              onClick={() => {
                props.onChoose(c);
              }}
            >
              {/* Spaced text is the button's name: "6:00 PM Vinyasa Flow with Ana · 3 places left" */}
              <span className="class-time">{studioClock(c.timeZone).time(c.startTime)}</span>{' '}
              <span className="class-title">
                {c.title}
                {c.instructorName ? ` with ${c.instructorName}` : ''}
              </span>{' '}
              <span className="class-counts">
                {placesWords(c)}
                {manyLocations ? ` · ${c.locationName}` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
