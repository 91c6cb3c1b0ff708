import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk } from '../../desk/desk-context';
import { centsToInput, parseMoney } from '../../desk/money';
import type { ClassChoices } from './class-form';
import { wallClockToUtc } from './class-times';
import { ClassPlaceFields } from './class-place-fields';
import { Field, FormFoot } from './console-fields';
import { editOf, parseWhole } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { countOf, dayLabel, localParts, type SeriesEntry } from './series-schedule';
import { useSubmit } from './use-submit';
import { useTextForm } from './use-text-form';

type StudioClass = QueryResult<'studio.classes'>[number];
type Scope = 'this' | 'following' | 'all';

const FIELDS = ['instructorId', 'roomId', 'capacity', 'startTime', 'dropInPrice'] as const;
type EditField = (typeof FIELDS)[number];
const fieldOf = lastSegmentIn(FIELDS);

const SCOPES: readonly (readonly [Scope, string])[] = [
  ['this', 'This class'],
  ['following', 'This and following'],
  ['all', 'Whole series'],
];

function check(t: Readonly<Record<EditField, string>>): FieldErrors<EditField> {
  const errors: FieldErrors<EditField> = {};
  if (parseWhole(t.capacity, 1, 500) === null) errors.capacity = 'Places, from 1 to 500.';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(t.startTime)) errors.startTime = 'A time such as 18:30.';
  if (parseMoney(t.dropInPrice) === null) errors.dropInPrice = 'An amount such as 20.00.';
  return errors;
}

/** What the form edits, as the mutation takes it (time as "HH:mm" of the location's day). */
function valuesOf(t: Readonly<Record<EditField, string>>) {
  return {
    instructorId: t.instructorId === '' ? null : t.instructorId,
    roomId: t.roomId === '' ? null : t.roomId,
    capacity: parseWhole(t.capacity, 1, 500) ?? 1,
    startTime: t.startTime,
    dropInPrice: parseMoney(t.dropInPrice) ?? 0,
  };
}

const counts = (r: { updated: number; created: number; dropped: number }) =>
  [
    `${countOf(r.updated, 'class')} changed`,
    ...(r.created > 0 ? [`${r.created} made`] : []),
    ...(r.dropped > 0 ? [`${countOf(r.dropped, 'class')} taken off the schedule`] : []),
  ].join(', ');

/**
 * Changes a class of a series (`classSeries.update`): this class alone, it and the following
 * ones (the series splits there), or the whole series. Only the fields staff changed are
 * sent, each with the value the edited record held when the form opened (`basedOn`): the
 * class for "This class", the series for the other two, so another desk's change is caught.
 */
export function SeriesClassEdit(props: {
  readonly klass: StudioClass;
  readonly series: SeriesEntry | undefined;
  readonly choices: ClassChoices;
  readonly onDone: (message: string) => void;
  readonly onClose: () => void;
}) {
  const desk = useDesk();
  const { klass, series, choices } = props;
  const location = choices.locations.find((l) => l.locationId === klass.locationId);
  const zone = location?.timeZone ?? series?.timeZone ?? 'UTC';
  const at = localParts(klass.startTime, zone);
  // Series scopes need a weekly rule this console wrote, and a series that still runs.
  const seriesEditable = series?.recurrence != null && series.status === 'active';
  const [scope, setScope] = useState<Scope>('this');
  const submit = useSubmit(fieldOf);
  const opened = {
    instructorId: klass.instructorId ?? '',
    roomId: klass.roomId ?? '',
    capacity: String(klass.capacity),
    startTime: at.time,
    dropInPrice: centsToInput(klass.dropInPrice),
  };
  const { text, setText, bind } = useTextForm<EditField>(opened, submit.fieldErrors);
  const rooms = (location?.rooms ?? []).filter((r) => r.active || r.roomId === text.roomId);
  const choose = (field: EditField) => (value: string) => {
    setText((t) => ({ ...t, [field]: value }));
  };
  const label = `Edit ${klass.title}, ${dayLabel(at.date)}`;

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit.run(
      () => check(text),
      async () => {
        const edit = editOf(valuesOf(opened), valuesOf(text));
        if (edit === null) return 'Nothing changed.';
        const { set } = edit;
        if (scope === 'this') {
          const classStart = new Date(klass.startTime).toISOString();
          const held = { ...valuesOf(opened), startTime: classStart };
          const basedOn = Object.fromEntries(
            Object.keys(set).map((key) => [key, held[key as EditField]]),
          );
          const startTime =
            set.startTime === undefined
              ? undefined
              : (wallClockToUtc(`${at.date}T${set.startTime}`, zone) ?? classStart);
          const result = await desk.mutate('classSeries.update', {
            scope,
            classId: klass.classId,
            set: { ...set, ...(startTime === undefined ? {} : { startTime }) },
            basedOn,
          });
          const message = result.applied
            ? `${klass.title} on ${dayLabel(at.date)} is changed (this class only).`
            : `${klass.title} is no longer scheduled: nothing changed.`;
          props.onDone(message);
          return message;
        }
        // The scope's radio is disabled then; a list read meanwhile may still get here.
        if (!series?.recurrence) {
          throw new Error(`${klass.title} can be changed one class at a time only.`);
        }
        const held = {
          instructorId: series.instructorId,
          roomId: series.roomId,
          capacity: series.capacity,
          startTime: series.recurrence.startTime,
          dropInPrice: series.dropInPrice,
        };
        const basedOn = Object.fromEntries(
          Object.keys(set).map((key) => [key, held[key as EditField]]),
        );
        const result =
          scope === 'all'
            ? await desk.mutate('classSeries.update', {
                scope,
                seriesId: series.seriesId,
                set,
                basedOn,
              })
            : await desk.mutate('classSeries.update', {
                scope,
                classId: klass.classId,
                set,
                basedOn,
              });
        const message = !result.applied
          ? `${klass.title} has ended: nothing changed.`
          : scope === 'all'
            ? `${klass.title}, whole series: ${counts(result)}.`
            : `${klass.title} from ${dayLabel(at.date)} on: ${counts(result)}.`;
        props.onDone(message);
        return message;
      },
    );
  };

  return (
    <form className="card" aria-label={label} onSubmit={save} noValidate>
      <h3>{label}</h3>
      <fieldset>
        <legend>Change</legend>
        <div className="series-choices">
          {SCOPES.map(([value, text]) => (
            <label key={value} className="inline">
              <input
                type="radio"
                name={`scope-${klass.classId}`}
                checked={scope === value}
                disabled={value !== 'this' && !seriesEditable}
                onChange={() => {
                  setScope(value);
                }}
              />
              {text}
            </label>
          ))}
        </div>
        {!seriesEditable && (
          <small className="hint">
            This series’ schedule was not made in this console, or it has ended: only this class can
            be changed.
          </small>
        )}
      </fieldset>
      <ClassPlaceFields
        value={{ ...text, locationId: '' }}
        rooms={rooms}
        instructors={choices.instructors}
        onChoose={(field, value) => {
          if (field !== 'locationId') choose(field)(value);
        }}
        errors={submit.fieldErrors}
      />
      <Field label="Places" inputMode="numeric" {...bind('capacity')} />
      <Field
        label="Start time"
        type="time"
        hint={`Time at the location (${zone}).`}
        {...bind('startTime')}
      />
      <Field label="Drop-in price" inputMode="decimal" {...bind('dropInPrice')} />
      <FormFoot submit={submit} action="Save changes" onClose={props.onClose} />
    </form>
  );
}
