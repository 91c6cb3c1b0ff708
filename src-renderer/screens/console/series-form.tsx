import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useDesk } from '../../desk/desk-context';
import { centsToInput, parseMoney } from '../../desk/money';
import { studioClock } from '../../desk/studio-time';
import type { ClassChoices } from './class-form';
import { CheckField, Field, FormFoot } from './console-fields';
import { parseWhole } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { SeriesPaidBy } from './series-paid-by';
import {
  countOf,
  isLocalDate,
  parseDateList,
  SERIES_WEEKDAYS,
  type WeekdayCode,
} from './series-schedule';
import { ClassPlaceFields } from './class-place-fields';
import { useSubmit } from './use-submit';
import { useTextForm } from './use-text-form';

const TEXT_FIELDS = [
  'title',
  'locationId',
  'roomId',
  'instructorId',
  'startTime',
  'durationMinutes',
  'intervalWeeks',
  'firstDate',
  'until',
  'count',
  'excludedDates',
  'capacity',
  'dropInPrice',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type SeriesField = TextField | 'weekdays';
const fieldOf = (path: string): SeriesField | null =>
  path.startsWith('planIds') || path.startsWith('packDefinitionIds')
    ? null
    : lastSegmentIn<SeriesField>([...TEXT_FIELDS, 'weekdays'])(path);

type Ends = 'date' | 'count' | 'never';
const ENDS: readonly (readonly [Ends, string])[] = [
  ['date', 'On a date'],
  ['count', 'After a number of classes'],
  ['never', 'No end date (classes are made 12 weeks ahead)'],
];

function check(
  t: Readonly<Record<TextField, string>>,
  weekdays: readonly WeekdayCode[],
  ends: Ends,
): FieldErrors<SeriesField> {
  const errors: FieldErrors<SeriesField> = {};
  if (t.title.trim() === '') errors.title = 'Enter the series’ title.';
  if (t.locationId === '') errors.locationId = 'Choose the location.';
  if (weekdays.length === 0) errors.weekdays = 'Tick at least one day.';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(t.startTime)) errors.startTime = 'A time such as 18:30.';
  if (parseWhole(t.durationMinutes, 5, 720) === null) {
    errors.durationMinutes = 'Minutes, from 5 to 720.';
  }
  if (parseWhole(t.intervalWeeks, 1, 52) === null) errors.intervalWeeks = 'Weeks, from 1 to 52.';
  if (!isLocalDate(t.firstDate)) errors.firstDate = 'Choose the first day.';
  if (ends === 'date' && (!isLocalDate(t.until) || t.until < t.firstDate)) {
    errors.until = 'Choose a last date on or after the first day.';
  }
  if (ends === 'count' && parseWhole(t.count, 1, 520) === null) {
    errors.count = 'A number of classes, from 1 to 520.';
  }
  if (parseDateList(t.excludedDates) === null) {
    errors.excludedDates = 'Dates such as 2026-12-24, separated by commas.';
  }
  if (parseWhole(t.capacity, 1, 500) === null) errors.capacity = 'Places, from 1 to 500.';
  if (parseMoney(t.dropInPrice) === null) errors.dropInPrice = 'An amount such as 20.00.';
  return errors;
}

/**
 * "New series" (`classSeries.create`): a weekly class on chosen days at one time of the
 * location's day, every N weeks, ending on a date, after N classes or never, less the dates
 * it skips. Its classes are made 12 weeks ahead at once; the status line says how many.
 */
export function SeriesForm(props: {
  readonly choices: ClassChoices;
  readonly deskLocationId: string | null;
}) {
  const desk = useDesk();
  const { choices } = props;
  const submit = useSubmit(fieldOf);
  const firstLocation =
    choices.locations.find((l) => l.locationId === props.deskLocationId) ?? choices.locations[0];
  const today = studioClock(firstLocation?.timeZone ?? 'UTC').day(new Date());
  const { text, setText, bind } = useTextForm<TextField>(
    {
      title: '',
      locationId: firstLocation?.locationId ?? '',
      roomId: '',
      instructorId: '',
      startTime: '',
      durationMinutes: '60',
      intervalWeeks: '1',
      firstDate: today,
      until: '',
      count: '',
      excludedDates: '',
      capacity: '20',
      dropInPrice: centsToInput(0),
    },
    submit.fieldErrors,
  );
  const [weekdays, setWeekdays] = useState<readonly WeekdayCode[]>([]);
  const [ends, setEnds] = useState<Ends>('never');
  const [planIds, setPlanIds] = useState<readonly string[]>([]);
  const [packIds, setPackIds] = useState<readonly string[]>([]);
  const location = choices.locations.find((l) => l.locationId === text.locationId);
  const zone = location?.timeZone ?? 'UTC';
  const rooms = (location?.rooms ?? []).filter((r) => r.active);
  const choose = (field: TextField) => (value: string) => {
    setText((t) => ({ ...t, [field]: value, ...(field === 'locationId' ? { roomId: '' } : {}) }));
  };

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit.run(
      () => check(text, weekdays, ends),
      async () => {
        const title = text.title.trim();
        const result = await desk.mutate('classSeries.create', {
          title,
          locationId: text.locationId,
          roomId: text.roomId === '' ? null : text.roomId,
          instructorId: text.instructorId === '' ? null : text.instructorId,
          weekdays: [...weekdays],
          startTime: text.startTime,
          durationMinutes: parseWhole(text.durationMinutes, 5, 720) ?? 60,
          intervalWeeks: parseWhole(text.intervalWeeks, 1, 52) ?? 1,
          firstDate: text.firstDate,
          until: ends === 'date' ? text.until : null,
          count: ends === 'count' ? parseWhole(text.count, 1, 520) : null,
          excludedDates: parseDateList(text.excludedDates) ?? [],
          capacity: parseWhole(text.capacity, 1, 500) ?? 1,
          dropInPrice: parseMoney(text.dropInPrice) ?? 0,
          planIds: [...planIds],
          packDefinitionIds: [...packIds],
        });
        setText((t) => ({ ...t, title: '' }));
        return `${title} is scheduled: ${countOf(result.classIds.length, 'class')} made.`;
      },
    );
  };

  return (
    <form className="card" aria-label="New series" onSubmit={save} noValidate>
      <h3>New series</h3>
      <Field label="Series title" {...bind('title')} />
      <ClassPlaceFields
        value={text}
        locations={choices.locations}
        rooms={rooms}
        instructors={choices.instructors}
        onChoose={(field, value) => {
          choose(field)(value);
        }}
        errors={submit.fieldErrors}
      />
      <fieldset>
        <legend>Days</legend>
        <div className="series-choices">
          {SERIES_WEEKDAYS.map(([code, , name]) => (
            <CheckField
              key={code}
              label={name}
              checked={weekdays.includes(code)}
              onChange={(on) => {
                setWeekdays((days) => (on ? [...days, code] : days.filter((d) => d !== code)));
              }}
            />
          ))}
        </div>
        {submit.fieldErrors.weekdays !== undefined && (
          <small className="field-error" role="alert">
            Days: {submit.fieldErrors.weekdays}
          </small>
        )}
      </fieldset>
      <Field
        label="Start time"
        type="time"
        hint={`Time at the location (${zone}); it stays the same across clock changes.`}
        {...bind('startTime')}
      />
      <Field label="Length (minutes)" inputMode="numeric" {...bind('durationMinutes')} />
      <Field label="Every (weeks)" inputMode="numeric" {...bind('intervalWeeks')} />
      <Field label="Starts on" type="date" {...bind('firstDate')} />
      <fieldset>
        <legend>Ends</legend>
        <div className="series-choices">
          {ENDS.map(([value, label]) => (
            <label key={value} className="inline">
              <input
                type="radio"
                name="series-ends"
                checked={ends === value}
                onChange={() => {
                  setEnds(value);
                }}
              />
              {label}
            </label>
          ))}
        </div>
        {ends === 'date' && <Field label="Last date" type="date" {...bind('until')} />}
        {ends === 'count' && (
          <Field
            label="Number of classes"
            inputMode="numeric"
            hint="Skipped dates count too."
            {...bind('count')}
          />
        )}
      </fieldset>
      <Field
        label="Skip these dates"
        hint="Holidays, as 2026-12-24, separated by commas."
        {...bind('excludedDates')}
      />
      <Field label="Places" inputMode="numeric" {...bind('capacity')} />
      <Field label="Drop-in price" inputMode="decimal" {...bind('dropInPrice')} />
      <SeriesPaidBy
        choices={choices}
        planIds={planIds}
        packIds={packIds}
        onPlans={setPlanIds}
        onPacks={setPackIds}
      />
      <FormFoot submit={submit} action="Create series" />
    </form>
  );
}
